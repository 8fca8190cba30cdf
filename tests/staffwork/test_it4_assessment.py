"""IT-4: the annual assessment (年度考核总结): drafted from the year's figures, edited and submitted
by the person, returned or commented and signed by the information-center head, then locked;
earlier years readable; A4 print, .docx, API."""

import base64
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from infocenter.core.choices import Role
from infocenter.core.models import AuditEvent, OutboxMessage
from infocenter.staffwork import figures
from infocenter.staffwork.figures import PLANS, PROBLEMS, REVIEW, SHORTCOMINGS, Figure
from infocenter.staffwork.models import Assessment
from infocenter.staffwork.services import assessment as services
from tests.conftest import make_person

from .conftest import PNG

YEAR = timezone.localdate().year - 1
SIGNATURE = "data:image/png;base64," + base64.b64encode(PNG).decode()


@pytest.fixture
def endpoints_done(monkeypatch):
    """A provider registered in the test, standing for any area's: one figure a section."""
    counted = {"n": 42}

    def provider(person, *, year):
        return [
            Figure("Endpoints registered", counted["n"], f"Registered {counted['n']}.", REVIEW),
            Figure("Time to learn", "little", "Little time to learn.", PROBLEMS),
            Figure("Books to read", 28, "Read the 28 books bought.", PLANS),
            Figure("Knowledge", "patchy", "Knowledge not yet systematic.", SHORTCOMINGS),
        ]

    monkeypatch.setitem(figures.PROVIDERS, "test", provider)
    return counted


@pytest.fixture
def staff(people):
    return people[Role.IT_STAFF]


@pytest.fixture
def head(people):
    return people[Role.IC_HEAD]


def _draft(client, year=YEAR):
    return client.post(reverse("staffwork:assessments"), {"year": year})


def _submitted(staff, endpoints_done):
    a = services.draft_assessment(staff, year=YEAR)
    return services.submit_assessment(staff, a, version=a.version)


def test_it4_draft_fills_the_four_sections_from_the_providers(staff, endpoints_done, en_client_for):
    response = _draft(en_client_for(staff))
    a = Assessment.objects.get(person=staff, year=YEAR)
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    assert "Registered 42." in a.review
    assert a.problems == "Little time to learn."
    assert a.plans == "Read the 28 books bought."
    assert a.shortcomings == "Knowledge not yet systematic."
    page = en_client_for(staff).get(a.get_absolute_url()).content.decode()
    assert "Endpoints registered" in page and ">42<" in page


def test_it4_draft_counts_the_work_done_in_the_other_apps(people, org):
    """The app's own provider counts a person's work in the other apps for the year: here the
    missed calls a processor returned (nothing done: no figure)."""
    from infocenter.logbook import services as lb

    processor, year = people[Role.PROCESSOR], timezone.localdate().year
    assert figures.PROVIDERS["records"](processor, year=year) == []
    missed = lb.log_missed_call(processor, site=org["a"], number="13800138000")
    lb.call_back(processor, missed, version=missed.version, subject="回电")
    with translation.override("en"):
        [figure] = figures.PROVIDERS["records"](processor, year=year)
    assert (figure.label, figure.value, figure.section) == ("Missed calls returned", 1, REVIEW)
    assert figures.PROVIDERS["records"](processor, year=year - 1) == []


def test_it4_draft_counts_the_backups_checked_in_the_machine_room(people, org):
    """The machine room's backup results recorded by the maintainer are counted in the year the
    result was recorded, and drafted into the review."""
    from infocenter.machineroom.services import backups

    maintainer, head = people[Role.MR_MAINTAINER], people[Role.IC_HEAD]
    job = backups.add_backup_job(
        head,
        site=org["a"],
        name="收费系统每日备份",
        system="收费系统",
        content="全库",
        location="NAS-01",
        custodian=maintainer,
        started_on=timezone.localdate() - dt.timedelta(days=5),
    )
    for days in (1, 2):
        backups.record_backup_result(
            maintainer,
            job=job,
            day=timezone.localdate() - dt.timedelta(days=days),
            outcome="success",
            size="12.5 GB",
        )
    with translation.override("en"):
        found = figures.PROVIDERS["records"](maintainer, year=timezone.localdate().year)
    assert [(f.label, f.value, f.text) for f in found] == [
        ("Backups checked", 2, "Checked 2 backups and restore tests.")
    ]


def test_it4_one_assessment_a_year_and_not_for_the_future(staff, endpoints_done, en_client_for):
    client = en_client_for(staff)
    _draft(client)
    response = _draft(client)
    assert response.status_code == 409
    assert "already" in response.content.decode()
    response = _draft(client, timezone.localdate().year + 1)
    assert response.status_code == 400
    assert Assessment.objects.filter(person=staff).count() == 1


@pytest.mark.parametrize("role", [Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR, Role.PROCESSOR])
def test_it4_only_it_staff_draft(people, role, en_client_for, endpoints_done):
    response = _draft(en_client_for(people[role]))
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_it4_the_person_edits_with_a_version_check_and_an_audit(
    staff, endpoints_done, en_client_for
):
    a = services.draft_assessment(staff, year=YEAR)
    client = en_client_for(staff)
    url = reverse("staffwork:assessment_edit", args=[a.pk])
    data = {
        "version": a.version,
        "review": "参与金税三期网络建设",
        "problems": a.problems,
        "plans": a.plans,
        "shortcomings": a.shortcomings,
    }
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.review == "参与金税三期网络建设" and a.version == 2
    event = AuditEvent.objects.get(kind="assessment.edited")
    assert event.data["changes"]["review"] == ["Registered 42.", "参与金税三期网络建设"]
    stale = client.post(url, data | {"review": "旧的"})
    assert stale.status_code == 409
    assert "Nothing was saved" in stale.content.decode()
    a.refresh_from_db()
    assert a.review == "参与金税三期网络建设"


def test_it4_nobody_else_edits_or_submits_the_persons_assessment(
    staff, head, root, org, endpoints_done, en_client_for
):
    a = services.draft_assessment(staff, year=YEAR)
    colleague = make_person(root, "it2", Role.IT_STAFF, site=org["a"])
    url = reverse("staffwork:assessment_edit", args=[a.pk])
    data = {"version": a.version, "review": "x", "problems": "x", "plans": "x", "shortcomings": "x"}
    assert en_client_for(colleague).post(url, data).status_code == 404  # not theirs to see
    assert en_client_for(head).post(url, data).status_code == 403
    submit = reverse("staffwork:assessment_step", args=[a.pk, "submit"])
    assert en_client_for(head).post(submit, {"version": a.version}).status_code == 403
    a.refresh_from_db()
    assert a.state == "draft" and a.review == "Registered 42."


def test_it4_submit_refused_with_an_empty_section(staff, endpoints_done, en_client_for):
    a = services.draft_assessment(staff, year=YEAR)
    a = services.edit_assessment(
        staff, a, version=a.version, review="r", problems="", plans="p", shortcomings="s"
    )
    response = en_client_for(staff).post(
        reverse("staffwork:assessment_step", args=[a.pk, "submit"]), {"version": a.version}
    )
    assert response.status_code == 400
    assert "before submitting" in response.content.decode()
    a.refresh_from_db()
    assert a.state == "draft"


def test_it4_figures_are_frozen_at_submission_and_the_head_is_told(
    staff, head, endpoints_done, en_client_for
):
    a = services.draft_assessment(staff, year=YEAR)
    response = en_client_for(staff).post(
        reverse("staffwork:assessment_step", args=[a.pk, "submit"]), {"version": a.version}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == "submitted" and a.submitted_at
    assert {"label": "Endpoints registered", "value": 42}.items() <= a.figures[0].items()
    endpoints_done["n"] = 99  # the records change after submission …
    page = en_client_for(head).get(a.get_absolute_url()).content.decode()
    assert ">42<" in page and ">99<" not in page  # … the document does not
    assert OutboxMessage.objects.filter(recipient=head).exists()


def test_it4_the_head_returns_with_a_reason_and_it_is_a_draft_again(
    staff, head, endpoints_done, en_client_for
):
    a = _submitted(staff, endpoints_done)
    url = reverse("staffwork:assessment_step", args=[a.pk, "return"])
    assert en_client_for(head).post(url, {"version": a.version, "reason": ""}).status_code == 400
    assert (
        en_client_for(staff).post(url, {"version": a.version, "reason": "补充"}).status_code == 403
    )
    assert (
        en_client_for(head).post(url, {"version": a.version, "reason": "补充项目"}).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.state == "draft" and a.return_reason == "补充项目" and a.figures == []
    assert "补充项目" in en_client_for(staff).get(a.get_absolute_url()).content.decode()
    assert OutboxMessage.objects.filter(recipient=staff).exists()


def test_it4_the_head_comments_and_signs_with_a_drawn_signature(
    staff, head, endpoints_done, en_client_for
):
    a = _submitted(staff, endpoints_done)
    url = reverse("staffwork:assessment_step", args=[a.pk, "sign"])
    unsigned = en_client_for(head).post(
        url, {"version": a.version, "comment": "同意", "signature": ""}
    )
    assert unsigned.status_code == 400
    assert "Draw your signature" in unsigned.content.decode()
    data = {"version": a.version, "comment": "工作认真，同意。", "signature": SIGNATURE}
    assert en_client_for(staff).post(url, data).status_code == 403
    assert en_client_for(head).post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.state == "signed" and a.signed_by == head and a.head_comment == "工作认真，同意。"
    image = en_client_for(staff).get(reverse("staffwork:assessment_signature", args=[a.pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content) == PNG
    assert OutboxMessage.objects.filter(recipient=staff).exists()


def test_it4_wrong_state_is_refused(staff, head, endpoints_done, en_client_for):
    a = services.draft_assessment(staff, year=YEAR)
    url = reverse("staffwork:assessment_step", args=[a.pk, "sign"])
    data = {"version": a.version, "comment": "同意", "signature": SIGNATURE}
    response = en_client_for(head).post(url, data)
    assert response.status_code == 409
    assert "is not possible now" in response.content.decode()


def test_it4_a_signed_assessment_is_locked(staff, head, endpoints_done, en_client_for, api_for):
    a = _submitted(staff, endpoints_done)
    a = services.sign_assessment(head, a, version=a.version, comment="同意", signature_png=PNG)
    edit = en_client_for(staff).post(
        reverse("staffwork:assessment_edit", args=[a.pk]),
        {"version": a.version, "review": "x", "problems": "x", "plans": "x", "shortcomings": "x"},
    )
    assert edit.status_code == 409
    assert "is locked" in edit.content.decode()
    for step in ("submit", "return", "sign"):
        response = api_for(head if step != "submit" else staff).post(
            reverse(f"sw-assessment-{step}", args=[a.pk]),
            {
                "version": a.version,
                "reason": "x",
                "comment": "x",
                "signature_png_base64": base64.b64encode(PNG).decode(),
            },
            format="json",
        )
        assert response.status_code == 409, step
        assert "is locked" in response.json()["detail"]
    a.refresh_from_db()
    assert a.review != "x" and a.state == "signed"


def test_it4_print_page_on_a4(staff, head, endpoints_done, en_client_for):
    a = _submitted(staff, endpoints_done)
    services.sign_assessment(head, a, version=a.version, comment="同意", signature_png=PNG)
    page = en_client_for(head).get(reverse("staffwork:assessment_print", args=[a.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "print.css" in body
    for heading in (
        "Review of the year&#x27;s work",
        "Problems faced",
        "Plans for the coming year",
        "Main shortcomings",
        "Endpoints registered",
        "同意",
    ):
        assert heading in body, heading
    assert reverse("staffwork:assessment_signature", args=[a.pk]) in body


def test_it4_word_document_has_the_sections_figures_and_signature(
    staff, head, endpoints_done, en_client_for
):
    a = _submitted(staff, endpoints_done)
    services.sign_assessment(head, a, version=a.version, comment="工作认真", signature_png=PNG)
    response = en_client_for(staff).get(reverse("staffwork:assessment_docx", args=[a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        "Review of the year's work",
        "Problems faced",
        "Plans for the coming year",
        "Main shortcomings",
    ]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Endpoints registered" in cells and "42" in cells
    assert str(staff) in cells and str(YEAR) in cells
    assert any("工作认真" in p.text for p in doc.paragraphs)
    assert doc.inline_shapes and len(doc.inline_shapes) == 1  # the head's signature


def test_it4_earlier_years_stay_readable(staff, head, people, endpoints_done, en_client_for):
    older = services.draft_assessment(staff, year=YEAR - 1)
    older = services.submit_assessment(staff, older, version=older.version)
    services.sign_assessment(head, older, version=older.version, comment="好", signature_png=PNG)
    services.draft_assessment(staff, year=YEAR)
    for reader in (staff, head, people[Role.BRANCH_GM], people[Role.AUDITOR]):
        page = en_client_for(reader).get(reverse("staffwork:assessments") + f"?person={staff.pk}")
        body = page.content.decode()
        assert page.status_code == 200 and f">{YEAR}<" in body and f">{YEAR - 1}<" in body
        assert en_client_for(reader).get(older.get_absolute_url()).status_code == 200
    assert (
        en_client_for(people[Role.PROCESSOR]).get(reverse("staffwork:assessments")).status_code
        == 403
    )


def test_it4_it_staff_see_only_their_own(staff, root, org, endpoints_done, en_client_for):
    a = services.draft_assessment(staff, year=YEAR)
    colleague = make_person(root, "it3", Role.IT_STAFF, site=org["a"])
    assert en_client_for(colleague).get(a.get_absolute_url()).status_code == 404
    page = en_client_for(colleague).get(reverse("staffwork:assessments")).content.decode()
    assert a.get_absolute_url() not in page


def test_it4_api_drafts_edits_submits_and_signs(staff, head, endpoints_done, api_for):
    api = api_for(staff)
    made = api.post(reverse("sw-assessment-list"), {"year": YEAR}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["state"] == "draft" and body["shown_figures"][0]["value"] == "42"
    pk, version = body["id"], body["version"]
    edited = api.post(
        reverse("sw-assessment-edit", args=[pk]),
        {
            "version": version,
            "review": "回顾",
            "problems": "问题",
            "plans": "打算",
            "shortcomings": "不足",
        },
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["review"] == "回顾"
    version = edited.json()["version"]
    stale = api.post(reverse("sw-assessment-submit", args=[pk]), {"version": 1}, format="json")
    assert stale.status_code == 409
    submitted = api.post(
        reverse("sw-assessment-submit", args=[pk]), {"version": version}, format="json"
    )
    assert submitted.json()["state"] == "submitted"
    signed = api_for(head).post(
        reverse("sw-assessment-sign", args=[pk]),
        {
            "version": submitted.json()["version"],
            "comment": "同意",
            "signature_png_base64": base64.b64encode(PNG).decode(),
        },
        format="json",
    )
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    listed = api_for(head).get(reverse("sw-assessment-list") + f"?year={YEAR}").json()
    assert [r["id"] for r in listed["results"]] == [pk]


def test_it4_openapi_schema_builds(en_client_for, root):
    response = en_client_for(root).get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/staffwork/assessments/{id}/sign/" in response.content


def test_it4_demo_has_a_signed_assessment_of_last_year_and_a_draft_of_this_year(db, settings):
    from infocenter import demo

    demo.load()
    rows = {a.year: a for a in Assessment.objects.filter(person__username="zhenghao")}
    this_year = timezone.localdate().year
    assert set(rows) == {this_year - 1, this_year}
    signed = rows[this_year - 1]
    assert signed.state == "signed" and signed.signed_by.username == "zhouming"
    assert signed.signature and "100%" in signed.review
    assert rows[this_year].state == "draft"
    doc = Document(io.BytesIO(_docx_of(signed)))
    assert len(doc.inline_shapes) == 1


def _docx_of(assessment) -> bytes:
    from infocenter.staffwork.exports.assessment import assessment_docx

    return assessment_docx(assessment, figures=[], department="信息中心")


def test_it4_another_sites_head_sees_nothing(
    staff, root, org, endpoints_done, en_client_for, api_for
):
    a = services.draft_assessment(staff, year=YEAR)
    a = services.submit_assessment(staff, a, version=a.version)
    other_head = make_person(root, "head_b", Role.IC_HEAD, site=org["b"])
    assert en_client_for(other_head).get(a.get_absolute_url()).status_code == 404
    sign = reverse("staffwork:assessment_step", args=[a.pk, "sign"])
    data = {"version": a.version, "comment": "同意", "signature": SIGNATURE}
    assert en_client_for(other_head).post(sign, data).status_code == 404
    assert api_for(other_head).get(reverse("sw-assessment-list")).json()["results"] == []


def test_it4_list_page_query_budget(
    staff, head, root, org, endpoints_done, en_client_for, django_assert_max_num_queries
):
    for n in range(6):
        person = make_person(root, f"it_{n}", Role.IT_STAFF, site=org["a"])
        services.draft_assessment(person, year=YEAR)
    client = en_client_for(head)
    client.get(reverse("staffwork:assessments"))  # warm the session
    with django_assert_max_num_queries(8):
        page = client.get(reverse("staffwork:assessments"))
    assert page.content.decode().count("/staffwork/assessments/") >= 6


def test_it4_the_heads_home_page_lists_what_waits_for_the_signature(
    staff, head, endpoints_done, en_client_for
):
    a = _submitted(staff, endpoints_done)
    home = en_client_for(head).get("/").content.decode()
    assert "Annual assessments waiting for your signature" in home
    assert a.get_absolute_url() in home
    assert a.get_absolute_url() not in en_client_for(staff).get("/").content.decode()


def test_it4_nobody_signs_or_returns_their_own_assessment(root, org, endpoints_done, en_client_for):
    """An IT staffer who is also the site's information-center head cannot lock their own year."""
    from infocenter.core import services as core_services

    both = make_person(root, "it_head", Role.IT_STAFF, site=org["a"])
    core_services.assign_role(root, person=both, role=Role.IC_HEAD, site=org["a"])
    a = _submitted(both, endpoints_done)
    client = en_client_for(both)
    for step, data in (
        ("sign", {"version": a.version, "comment": "同意", "signature": SIGNATURE}),
        ("return", {"version": a.version, "reason": "再改"}),
    ):
        response = client.post(reverse("staffwork:assessment_step", args=[a.pk, step]), data)
        assert response.status_code == 403, step
        assert "Nobody signs or returns their own assessment" in response.content.decode()
    a.refresh_from_db()
    assert a.state == "submitted"
    page = client.get(a.get_absolute_url()).content.decode()
    assert reverse("staffwork:assessment_step", args=[a.pk, "sign"]) not in page


def test_it4_a_signature_that_is_not_a_whole_png_is_refused(staff, head, endpoints_done, api_for):
    """A truncated image would lock the assessment and break its Word document for good."""
    a = _submitted(staff, endpoints_done)
    broken = base64.b64encode(PNG[:20]).decode()
    response = api_for(head).post(
        reverse("sw-assessment-sign", args=[a.pk]),
        {"version": a.version, "comment": "同意", "signature_png_base64": broken},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["signature"] == ["The signature must be a PNG image."]
    a.refresh_from_db()
    assert a.state == "submitted" and not a.signature


@pytest.mark.parametrize("year", ["²", "٣", "2026x", "9" * 40])
def test_it4_a_year_that_is_not_a_number_is_ignored_on_the_page_and_refused_by_the_api(
    staff, en_client_for, api_for, year
):
    """``str.isdigit`` says yes to ``²``; ``int`` does not: such a year is never read as one."""
    assert (
        en_client_for(staff).get(reverse("staffwork:assessments"), {"year": year}).status_code
        == 200
    )
    refused = api_for(staff).get(reverse("sw-learning-plan-progress"), {"year": year})
    assert refused.status_code == 400 and "Enter a year." in refused.content.decode()


def test_it4_the_department_is_the_one_of_the_submission(staff, head, root, org, endpoints_done):
    """A signed assessment prints the department the person had when it was submitted, not
    the one they moved to later."""
    from infocenter.core import services as core_services
    from infocenter.core.models import Department
    from infocenter.staffwork.selectors.assessment import department_of

    xx = Department.objects.get(site=org["a"], code="xx")
    core_services.assign_role(
        root, person=staff, role=Role.DEPT_STAFF, site=org["a"], department=xx
    )
    a = _submitted(staff, endpoints_done)
    a = services.sign_assessment(head, a, version=a.version, comment="同意", signature_png=PNG)
    assert a.department_name == xx.name
    core_services.revoke_role(root, staff.role_assignments.get(department=xx))
    gc = Department.objects.get(site=org["a"], code="gc")
    core_services.assign_role(
        root, person=staff, role=Role.DEPT_STAFF, site=org["a"], department=gc
    )
    a.refresh_from_db()
    assert department_of(a) == xx.name
    assert department_of(services.draft_assessment(staff, year=YEAR - 1)) == gc.name
