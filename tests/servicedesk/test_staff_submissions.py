"""SD-17, SD-10: any staff member files a Customer Service Form (photos optional), the 24-hour
clock runs from submission, the processor confirms receipt; the filer (填单人) is recorded apart
from the reporter, sees their submissions and is told the result; the callback records that
filer and customer were told."""

import datetime as dt

import pytest
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, OutboxMessage
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import FormState, ReporterKind, Source
from infocenter.servicedesk.models import ServiceForm

from .test_photos import image_file


@pytest.fixture(autouse=True)
def _english():
    """Services' messages compared in English (the pages are tested in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def told(user, text):
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).exists()


def dispatch_clock(form):
    return Deadline.objects.get(
        subject_type="servicedesk.serviceform", subject_id=str(form.pk), kind="sd.dispatch"
    )


@pytest.fixture
def filer(people):
    return people[Role.DEPT_STAFF]  # a technician of 工程部: department-scoped


@pytest.fixture
def submitted(org, filer, room):
    return services.submit_form(
        filer, site=org["a"], category="repair", content="3栋电梯厅灯不亮", location="3栋电梯厅"
    )


def test_sd17_staff_member_files_a_form_that_waits_for_receipt(submitted, filer, people):
    form = submitted
    assert form.state == FormState.SUBMITTED and form.source == Source.STAFF_FORM
    assert form.filed_by == filer and form.receipt_confirmed_at is None
    # without a customer named, the filer is the reporter
    assert form.reporter_kind == ReporterKind.STAFF and form.reporter_name == filer.full_name
    assert dispatch_clock(form).due_at - form.received_at == dt.timedelta(hours=24)
    assert told(people[Role.PROCESSOR], form.serial)


def test_sd17_filer_is_recorded_apart_from_the_customer_with_photos(org, people, room):
    maintainer = people[Role.MR_MAINTAINER]
    form = services.submit_form(
        maintainer,
        site=org["a"],
        category="complaint",
        content="业主反映楼上噪音",
        room=room,
        reporter_name="王五",
        reporter_phone="13811112222",
        photos=[image_file(size=(40, 30)), image_file(size=(30, 40))],
    )
    assert form.filed_by == maintainer and form.reporter_name == "王五"
    assert form.reporter_kind == ReporterKind.OWNER and form.room == room
    from infocenter.core.attachments import attachments_of

    assert attachments_of(form).count() == 2


def test_sd17_at_most_five_photos(org, filer):
    with pytest.raises(ValidationFailed) as refused:
        services.submit_form(
            filer,
            site=org["a"],
            category="repair",
            content="x",
            photos=[image_file(size=(10, 10)) for _ in range(6)],
        )
    assert "photos" in refused.value.field_errors
    assert not ServiceForm.objects.exists()


def test_sd17_auditor_and_other_sites_may_not_submit(org, people, filer):
    with pytest.raises(PermissionDenied):
        services.submit_form(people[Role.AUDITOR], site=org["a"], category="repair", content="x")
    with pytest.raises(PermissionDenied):
        services.submit_form(filer, site=org["b"], category="repair", content="x")
    assert not ServiceForm.objects.exists()


def test_sd17_processor_confirms_receipt_before_handling(submitted, people, gc):
    processor = people[Role.PROCESSOR]
    with pytest.raises(InvalidTransition):
        services.dispatch_order(
            processor,
            submitted,
            version=submitted.version,
            department=gc,
            assistant=people[Role.CS_ASSISTANT],
        )
    with pytest.raises(PermissionDenied):
        services.confirm_receipt(people[Role.CS_ASSISTANT], submitted, version=submitted.version)
    due = dispatch_clock(submitted).due_at
    form = services.confirm_receipt(processor, submitted, version=submitted.version)
    assert form.state == FormState.LOGGED
    assert form.receipt_confirmed_by == processor and form.receipt_confirmed_at is not None
    assert dispatch_clock(form).due_at == due  # the clock still runs from submission
    assert AuditEvent.objects.filter(kind="form.receipt_confirmed", subject_id=str(form.pk))
    with pytest.raises(InvalidTransition):
        services.confirm_receipt(processor, form, version=form.version)


def test_sd1_intake_confirms_receipt_when_it_logs(form, people):
    assert form.receipt_confirmed_by == people[Role.PROCESSOR]
    assert form.receipt_confirmed_at == form.received_at and form.filed_by is None


def test_sd10_filer_is_told_the_result_when_finished(submitted, people, filer):
    processor = people[Role.PROCESSOR]
    form = services.confirm_receipt(processor, submitted, version=submitted.version)
    services.resolve_form(processor, form, version=form.version, resolution="已更换灯管")
    message = OutboxMessage.objects.get(recipient=filer, subject__contains="finished")
    assert form.serial in message.subject and message.body == "已更换灯管"


def test_sd10_filer_is_told_when_the_last_order_is_closed(submitted, people, filer, gc):
    from .conftest import PNG

    processor, head = people[Role.PROCESSOR], people[Role.DEPT_HEAD]
    form = services.confirm_receipt(processor, submitted, version=submitted.version)
    order = services.dispatch_order(
        processor, form, version=form.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )
    order = services.assign_order(head, order, version=order.version, assignee=filer)
    order = services.start_order(filer, order, version=order.version)
    order = services.report_result(
        filer, order, version=order.version, result="灯已修好", signature_png=PNG
    )
    order = services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)
    assert not told(filer, "finished")
    services.close_in_register(processor, order, version=order.version)
    assert told(filer, "finished")


def test_sd10_callback_records_that_filer_and_customer_were_told(org, people):
    processor, assistant = people[Role.PROCESSOR], people[Role.CS_ASSISTANT]
    form = services.submit_form(
        people[Role.MR_MAINTAINER],
        site=org["a"],
        category="repair",
        content="业主门锁坏",
        reporter_name="王五",
        reporter_phone="13811112222",
    )
    form = services.confirm_receipt(processor, form, version=form.version)
    form = services.resolve_form(processor, form, version=form.version, resolution="已修")
    with pytest.raises(ValidationFailed) as refused:
        services.record_callback(
            assistant, form, version=form.version, outcome="satisfied", satisfaction=5
        )
    assert refused.value.field_errors["filer_told"] == [
        f"Tell {people[Role.MR_MAINTAINER]}, who filed the form, the result too."
    ]
    callback = services.record_callback(
        assistant, form, version=form.version, outcome="satisfied", satisfaction=5, filer_told=True
    )
    assert callback.customer_told and callback.filer_told
    event = AuditEvent.objects.get(kind="form.called_back", subject_id=str(form.pk))
    assert event.data["customer_told"] is True and event.data["filer_told"] is True


def test_sd10_unreached_customer_needs_no_filer_told(form, people):
    processor = people[Role.PROCESSOR]
    form = services.resolve_form(processor, form, version=form.version, resolution="已答复")
    callback = services.record_callback(
        people[Role.CS_ASSISTANT],
        form,
        version=form.version,
        outcome="unreachable",
        satisfaction=None,
    )
    assert not callback.customer_told and not callback.filer_told


# -- pages ----------------------------------------------------------------------------------------


def test_sd17_phone_page_files_a_form_with_a_photo(client_for, filer, org):
    client = client_for(filer)
    page = client.get(reverse("servicedesk:submit"))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    answer = client.post(
        reverse("servicedesk:submit"),
        {
            "site": org["a"].pk,
            "category": "repair",
            "content": "水管滴水",
            "photos": [image_file(size=(20, 20))],
        },
    )
    assert answer.status_code == 302 and answer.url == reverse("servicedesk:mine")
    form = ServiceForm.objects.get(filed_by=filer)
    assert form.state == FormState.SUBMITTED


def test_x10_submission_page_has_the_one_photo_control_and_names_a_refused_file(
    client_for, filer, org
):
    """The staff form's photos use the project's Chinese multi-photo control, straight from
    the camera; one unreadable file refuses the form, named, and nothing is filed."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    client = client_for(filer)
    with translation.override("zh-hans"):
        page = client.get(reverse("servicedesk:submit")).content.decode()
        assert "data-photo-control" in page and 'data-testid="photo-pick"' in page
        assert "拍照或选择照片" in page and 'capture="environment"' in page
        assert "data-photo-input" in page and " multiple" in page
        assert "infocenter/photos.js" in page
        broken = SimpleUploadedFile("broken.jpg", b"not an image", content_type="image/jpeg")
        answer = client.post(
            reverse("servicedesk:submit"),
            {
                "site": org["a"].pk,
                "category": "repair",
                "content": "水管滴水",
                "photos": [image_file(size=(20, 20)), broken],
            },
        )
    assert answer.status_code == 400
    assert "broken.jpg：无法识别的照片文件。" in answer.content.decode()
    assert not ServiceForm.objects.exists()


def test_sd17_page_refuses_empty_content_and_the_auditor(client_for, filer, people, org):
    answer = client_for(filer).post(
        reverse("servicedesk:submit"), {"site": org["a"].pk, "category": "repair", "content": ""}
    )
    assert answer.status_code == 400 and not ServiceForm.objects.exists()
    assert client_for(people[Role.AUDITOR]).get(reverse("servicedesk:submit")).status_code == 403


def test_sd17_filer_sees_their_submissions_and_their_outcome(
    client_for, submitted, filer, people, django_assert_max_num_queries
):
    processor = people[Role.PROCESSOR]
    form = services.confirm_receipt(processor, submitted, version=submitted.version)
    services.resolve_form(processor, form, version=form.version, resolution="已更换灯管")
    client = client_for(filer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("servicedesk:mine"))
    assert submitted.serial in page.content.decode() and "已更换灯管" in page.content.decode()
    # a department-scoped technician opens the form they filed, dispatched or not
    detail = client.get(reverse("servicedesk:form", args=[submitted.pk]))
    assert detail.status_code == 200 and 'data-testid="filer"' in detail.content.decode()
    # others' submissions are not theirs
    other = client_for(people[Role.DEPT_HEAD]).get(reverse("servicedesk:mine"))
    assert submitted.serial not in other.content.decode()


def test_sd17_processor_confirms_receipt_from_the_form_page(client_for, submitted, people):
    client = client_for(people[Role.PROCESSOR])
    home = client.get(reverse("home"))
    assert submitted.serial in home.content.decode()  # the processor's queue
    page = client.get(reverse("servicedesk:form", args=[submitted.pk]))
    assert 'data-step="confirm_receipt"' in page.content.decode()
    answer = client.post(
        reverse("servicedesk:form_step", args=[submitted.pk, "confirm_receipt"]),
        {"version": submitted.version},
    )
    assert answer.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == FormState.LOGGED


# -- API ------------------------------------------------------------------------------------------


def test_sd17_api_submit_confirm_and_mine(api_for, filer, people, org):
    staff = api_for(filer)
    answer = staff.post(
        reverse("sd-form-submit"),
        {"site": org["a"].pk, "category": "repair", "content": "路灯坏"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["state"] == "submitted" and body["filed_by"] == filer.pk
    mine = staff.get(reverse("sd-form-mine")).json()
    assert [f["id"] for f in mine["results"]] == [body["id"]]
    assert api_for(people[Role.DEPT_HEAD]).get(reverse("sd-form-mine")).json()["results"] == []
    processor = api_for(people[Role.PROCESSOR])
    url = reverse("sd-form-confirm-receipt", args=[body["id"]])
    refused = api_for(people[Role.CS_ASSISTANT]).post(
        url, {"version": body["version"]}, format="json"
    )
    assert refused.status_code == 403
    confirmed = processor.post(url, {"version": body["version"]}, format="json")
    assert confirmed.status_code == 200
    assert confirmed.json()["receipt_confirmed_by"] == people[Role.PROCESSOR].pk
    again = processor.post(url, {"version": confirmed.json()["version"]}, format="json")
    assert again.status_code == 409


def test_sd17_api_refuses_the_auditor_and_bad_input(api_for, people, org):
    auditor = api_for(people[Role.AUDITOR])
    answer = auditor.post(
        reverse("sd-form-submit"),
        {"site": org["a"].pk, "category": "repair", "content": "x"},
        format="json",
    )
    assert answer.status_code == 403
    bad = api_for(people[Role.DEPT_STAFF]).post(
        reverse("sd-form-submit"), {"site": org["a"].pk, "category": "nonsense"}, format="json"
    )
    assert bad.status_code == 400 and {"category", "content"} <= set(bad.json())


def test_sd17_api_submit_with_photos_multipart(api_for, people, org):
    answer = api_for(people[Role.DEPT_STAFF]).post(
        reverse("sd-form-submit"),
        {
            "site": org["a"].pk,
            "category": "repair",
            "content": "墙面开裂",
            "photos": [image_file(size=(20, 20))],
        },
        format="multipart",
    )
    assert answer.status_code == 201, answer.content


def test_sd17_stale_receipt_confirmation_is_refused(submitted, people):
    from infocenter.core.exceptions import Conflict

    with pytest.raises(Conflict):
        services.confirm_receipt(people[Role.PROCESSOR], submitted, version=submitted.version + 1)
    submitted.refresh_from_db()
    assert submitted.state == FormState.SUBMITTED and submitted.receipt_confirmed_at is None


def test_sd17_filer_of_another_site_sees_nothing_of_it(api_for, submitted, org, root):
    from tests.conftest import make_person

    stranger = make_person(root, "u_b_staff", Role.MR_MAINTAINER, site=org["b"])
    client = api_for(stranger)
    assert client.get(reverse("sd-form-mine")).json()["results"] == []
    assert client.get(reverse("sd-form-detail", args=[submitted.pk])).status_code == 404
