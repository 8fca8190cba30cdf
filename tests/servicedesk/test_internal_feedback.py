"""SD-11 (source 4.3.9): internal-management feedback from staff is referred to the responsible
branch or company department (beside the sites' own), which replies to the filer directly (the
reply is recorded and the filer told) and returns the form to the control room, where it is
reviewed and archived."""

import pytest
from django.urls import reverse

from infocenter.core import services as core_services
from infocenter.core.choices import DepartmentLevel, Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from infocenter.core.models import AuditEvent, Deadline, OutboxMessage
from infocenter.servicedesk import archive, services
from infocenter.servicedesk.choices import FormState
from tests.conftest import make_person


@pytest.fixture(autouse=True)
def _english():
    """Services' messages compared in English (the pages are tested in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def office(root, org):
    """重庆分公司本部: the branch's office site, with a branch and a company department."""
    site = core_services.create_site(root, branch=org["branch"], name="重庆分公司本部", code="cqbb")
    return {
        "site": site,
        "zh": core_services.create_department(
            root, site=site, name="分公司综合管理部", code="zh", level=DepartmentLevel.BRANCH
        ),
        "hr": core_services.create_department(
            root, site=site, name="公司人力资源部", code="hr", level=DepartmentLevel.COMPANY
        ),
    }


@pytest.fixture
def zh_head(root, office):
    return make_person(
        root, "zh_head", Role.DEPT_HEAD, site=office["site"], department=office["zh"]
    )


@pytest.fixture
def hr_head(root, office):
    return make_person(
        root, "hr_head", Role.DEPT_HEAD, site=office["site"], department=office["hr"]
    )


@pytest.fixture
def filer(people):
    return people[Role.DEPT_STAFF]


@pytest.fixture
def feedback(org, people, filer):
    form = services.submit_form(
        filer, site=org["a"], category="internal", content="夜班加班费未按时发放"
    )
    return services.confirm_receipt(people[Role.PROCESSOR], form, version=form.version)


@pytest.fixture
def referred(feedback, people, office, zh_head):
    return services.refer_form(
        people[Role.PROCESSOR], feedback, version=feedback.version, department=office["zh"]
    )


def test_sd11_department_has_a_level(office, gc):
    assert office["zh"].level == "branch" and office["hr"].level == "company"
    assert gc.level == "site"


def test_sd11_processor_refers_internal_feedback_to_a_branch_department(referred, zh_head, people):
    form = referred
    assert form.state == FormState.REFERRED and form.referred_by == people[Role.PROCESSOR]
    assert form.referred_to.name == "分公司综合管理部" and form.referred_at is not None
    clock = Deadline.objects.get(subject_id=str(form.pk), kind="sd.dispatch")
    assert clock.state == "met"  # referring is the form's handling at first contact
    assert OutboxMessage.objects.filter(recipient=zh_head, subject__contains=form.serial).exists()


def test_sd11_only_internal_feedback_goes_to_a_branch_or_company_department(
    form, feedback, people, office, gc, zh_head
):
    processor = people[Role.PROCESSOR]
    with pytest.raises(ValidationFailed) as refused:
        services.refer_form(processor, form, version=form.version, department=office["zh"])
    assert "dispatch a work order instead" in refused.value.field_errors["department"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.refer_form(processor, feedback, version=feedback.version, department=gc)
    assert refused.value.field_errors["department"] == [
        "Choose a branch or company department of this branch."
    ]
    with pytest.raises(PermissionDenied):
        services.refer_form(
            people[Role.CS_ASSISTANT], feedback, version=feedback.version, department=office["zh"]
        )


def test_sd11_department_replies_to_the_filer_directly(referred, zh_head, filer):
    with pytest.raises(ValidationFailed) as refused:
        services.reply_to_filer(zh_head, referred, version=referred.version, reply="  ")
    assert refused.value.field_errors == {"reply": ["Write the reply to the filer."]}
    form = services.reply_to_filer(
        zh_head, referred, version=referred.version, reply="已核实，下月工资补发"
    )
    assert form.state == FormState.REFERRED and form.replied_by == zh_head
    assert form.reply == "已核实，下月工资补发"
    message = OutboxMessage.objects.get(recipient=filer, subject__contains="Reply to your form")
    assert message.body == "已核实，下月工资补发" and "分公司综合管理部" in message.subject
    assert AuditEvent.objects.filter(kind="form.replied", subject_id=str(form.pk)).exists()
    with pytest.raises(Conflict):
        services.reply_to_filer(zh_head, form, version=form.version, reply="again")


def test_sd11_only_the_referred_department_replies(referred, people, hr_head):
    for other in (hr_head, people[Role.DEPT_HEAD], people[Role.PROCESSOR], people[Role.AUDITOR]):
        with pytest.raises(PermissionDenied):
            services.reply_to_filer(other, referred, version=referred.version, reply="x")
    with pytest.raises(PermissionDenied):
        services.reply_to_filer(
            people[Role.PROCESSOR], referred, version=referred.version, reply=" "
        )


def test_sd11_returned_after_the_reply_then_reviewed_and_archived(referred, zh_head, people):
    with pytest.raises(ValidationFailed) as refused:
        services.hand_back_form(zh_head, referred, version=referred.version)
    assert refused.value.field_errors["reply"] == ["Reply to the filer before returning the form."]
    form = services.reply_to_filer(zh_head, referred, version=referred.version, reply="已处理")
    form = services.hand_back_form(zh_head, form, version=form.version)
    assert form.state == FormState.RESOLVED and form.resolution == "已处理"
    assert OutboxMessage.objects.filter(
        recipient=people[Role.PROCESSOR], subject__contains="for review and archiving"
    ).exists()
    assert archive.problems(form) == []  # no customer callback: the filer had the reply
    with pytest.raises(InvalidTransition):
        services.hand_back_form(zh_head, form, version=form.version)


def test_sd11_referred_department_sees_the_form_others_do_not(
    client_for, referred, zh_head, hr_head, django_assert_max_num_queries
):
    client = client_for(zh_head)
    with django_assert_max_num_queries(12):
        listed = client.get(reverse("servicedesk:referred"))
    assert referred.serial in listed.content.decode()
    page = client.get(reverse("servicedesk:form", args=[referred.pk]))
    assert page.status_code == 200 and 'data-step="reply"' in page.content.decode()
    assert 'data-step="hand_back"' not in page.content.decode()
    assert (
        client_for(hr_head).get(reverse("servicedesk:form", args=[referred.pk])).status_code == 404
    )
    assert (
        referred.serial
        not in client_for(hr_head).get(reverse("servicedesk:referred")).content.decode()
    )


def test_sd11_pages_refer_reply_and_return(client_for, feedback, people, office, zh_head):
    processor = client_for(people[Role.PROCESSOR])
    page = processor.get(reverse("servicedesk:form", args=[feedback.pk])).content.decode()
    assert 'data-step="refer"' in page and "分公司综合管理部" in page
    step = lambda name: reverse("servicedesk:form_step", args=[feedback.pk, name])  # noqa: E731
    assert (
        processor.post(
            step("refer"), {"version": feedback.version, "department": office["zh"].pk}
        ).status_code
        == 302
    )
    feedback.refresh_from_db()
    head = client_for(zh_head)
    assert (
        head.post(step("reply"), {"version": feedback.version, "reply": "已答复"}).status_code
        == 302
    )
    feedback.refresh_from_db()
    assert head.post(step("hand_back"), {"version": feedback.version}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == FormState.RESOLVED


def test_sd11_api_refer_reply_return_and_referred_list(api_for, feedback, people, office, zh_head):
    processor, head = api_for(people[Role.PROCESSOR]), api_for(zh_head)
    url = lambda name: reverse(f"sd-form-{name}", args=[feedback.pk])  # noqa: E731
    body = processor.post(
        url("refer"), {"version": feedback.version, "department": office["zh"].pk}, format="json"
    )
    assert body.status_code == 200, body.content
    body = body.json()
    assert body["state"] == "referred" and body["referred_to"] == office["zh"].pk
    listed = head.get(reverse("sd-form-referred")).json()["results"]
    assert [f["id"] for f in listed] == [feedback.pk]
    assert api_for(people[Role.DEPT_HEAD]).post(
        url("reply"), {"version": body["version"], "reply": "x"}, format="json"
    ).status_code in (403, 404)
    early = head.post(url("hand-back"), {"version": body["version"]}, format="json")
    assert early.status_code == 400 and "reply" in early.json()["errors"]
    body = head.post(url("reply"), {"version": body["version"], "reply": "已答复"}, format="json")
    assert body.status_code == 200 and body.json()["reply"] == "已答复"
    body = head.post(url("hand-back"), {"version": body.json()["version"]}, format="json")
    assert body.status_code == 200 and body.json()["state"] == "resolved"
