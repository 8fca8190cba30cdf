"""IT-3: the yearly learning plan by the source's four channels, learning records, courses and
certificates with their papers, and progress against the plan; who keeps and who reads them;
what the work log and learning give the annual assessment."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import AuditEvent
from infocenter.staffwork import figures
from infocenter.staffwork.models import Course, LearningPlan, LearningRecord
from infocenter.staffwork.services import learning, worklog

from .conftest import entry, pdf

NOW = dt.datetime(2026, 12, 2, 4, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(NOW, tick=False):
        yield


def _plan_form(**values):
    data = {"note": "全年学习计划"}
    for channel in ("mentors", "peers", "search", "reading"):
        data |= {f"{channel}_hours": "0", f"{channel}_items": "0", f"{channel}_note": ""}
    return data | values


def test_it3_plan_by_the_four_channels_and_progress_on_the_page(it, site, client_for):
    client = client_for(it)
    response = client.post(
        reverse("staffwork:learning_plan") + "?year=2026",
        _plan_form(
            mentors_hours="20",
            search_hours="40",
            reading_hours="30",
            reading_items="4",
            reading_note="《网络工程师教程》等 4 本",
        ),
    )
    assert response.status_code == 302, response.content[:500]
    plan = LearningPlan.objects.get()
    assert {t.channel: t.hours for t in plan.targets.all()}["search"] == Decimal("40")
    learning.add_learning_record(
        it, site=site, day=dt.date(2026, 3, 1), channel="mentors", hours=Decimal("10")
    )
    learning.add_learning_record(
        it, site=site, day=dt.date(2026, 5, 1), channel="reading", hours=Decimal("6"), items=3
    )
    page = client.get(reverse("staffwork:learning") + "?year=2026")
    rows = {p.channel: p for p in page.context["progress"]}
    assert rows["mentors"].percent == 50
    assert rows["reading"].percent == 75  # 3 of 4 books read, more than 6 of 30 hours
    assert rows["search"].percent == 0 and rows["peers"].percent is None
    html = page.content.decode()
    assert 'aria-valuenow="50"' in html and "向领导和同事请教" in html


def test_it3_plan_refusals_and_a_stale_plan(it, site, api_for):
    client = api_for(it)
    empty = client.post(
        reverse("sw-learning-plan-list"),
        {"year": 2026, "targets": [{"channel": "mentors", "hours": "0"}]},
        format="json",
    )
    assert empty.status_code == 400
    assert empty.json()["errors"]["targets"] == ["Set a target in at least one channel."]
    body = {"year": 2026, "targets": [{"channel": "search", "hours": "40"}]}
    first = client.post(reverse("sw-learning-plan-list"), body, format="json")
    assert first.status_code == 201
    again = client.post(reverse("sw-learning-plan-list"), body | {"version": 7}, format="json")
    assert again.status_code == 409
    moved = client.post(
        reverse("sw-learning-plan-list"),
        {"year": 2026, "version": 1, "targets": [{"channel": "search", "hours": "50"}]},
        format="json",
    )
    assert moved.status_code == 201 and moved.json()["version"] == 2
    event = AuditEvent.objects.filter(kind="learning.plan_set").order_by("-seq").first()
    assert event.data["changes"]["search"] == ["40.0h/0: ", "50.0h/0: "]
    too_far = client.post(reverse("sw-learning-plan-list"), body | {"year": 2030}, format="json")
    assert too_far.status_code == 400


def test_it3_learning_records_refusals_and_removal(it, colleague, head, site, api_for):
    client = api_for(it)
    url = reverse("sw-learning-record-list")
    future = client.post(
        url, {"day": "2026-12-05", "channel": "search", "hours": "1"}, format="json"
    )
    assert future.json()["errors"]["day"] == ["The day cannot be in the future."]
    nothing = client.post(url, {"day": "2026-12-01", "channel": "search", "hours": "0"})
    assert nothing.json()["errors"]["hours"] == [
        "Enter the hours spent or the items (e.g. a book read)."
    ]
    made = client.post(
        url, {"day": "2026-12-01", "channel": "peers", "hours": "3", "notes": "安防峰会"}
    )
    assert made.status_code == 201
    record = LearningRecord.objects.get()
    remove = reverse("sw-learning-record-remove", args=[record.pk])
    assert api_for(colleague).post(remove, {"version": 1}).status_code == 404
    refused = api_for(head).post(remove, {"version": 1})
    assert refused.status_code == 403
    assert refused.json()["detail"] == f"Only {it} can change their own learning records."
    assert client.post(remove, {"version": 1}).status_code == 204
    assert not LearningRecord.objects.exists()
    assert AuditEvent.objects.filter(kind="learning.record_removed").exists()


def test_it3_a_certificate_with_its_papers(it, colleague, head, site, client_for):
    client = client_for(it)
    response = client.post(
        reverse("staffwork:learning_course_new"),
        {
            "kind": "certificate",
            "name": "网络工程师（中级）",
            "provider": "人社部",
            "completed_on": "2026-06-01",
            "hours": "0",
            "files": [pdf()],
        },
    )
    assert response.status_code == 302, response.content[:800]
    course = Course.objects.get()
    page = (
        client_for(head)
        .get(reverse("staffwork:learning") + f"?person={it.pk}&year=2026")
        .content.decode()
    )
    assert "网络工程师（中级）" in page and "证书.pdf" in page
    attachment = page.split("/files/")[1].split("/")[0]
    url = reverse("staffwork:learning_course_file", args=[course.pk, int(attachment)])
    assert client_for(head).get(url).status_code == 200
    assert client_for(colleague).get(url).status_code == 404
    with pytest.raises(ValidationFailed):
        learning.add_course(
            it,
            site=site,
            kind="course",
            name="x",
            completed_on=dt.date(2026, 6, 1),
            files=[pdf("fake.docx")],
        )


def test_it3_readers_and_refusals_by_role(it, people, site, client_for):
    learning.add_learning_record(
        it, site=site, day=dt.date(2026, 3, 1), channel="mentors", hours=Decimal("1")
    )
    url = reverse("staffwork:learning") + f"?person={it.pk}"
    for role in (Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR, Role.IT_STAFF):
        assert client_for(people[role]).get(url).status_code == 200, role
    for role in (Role.PROCESSOR, Role.DEPT_STAFF, Role.SYSADMIN):
        assert client_for(people[role]).get(url).status_code in (403, 404), role
    for role in (Role.IC_HEAD, Role.AUDITOR):
        response = client_for(people[role]).post(
            reverse("staffwork:learning_record_new"),
            {"day": "2026-12-01", "channel": "search", "hours": "1", "items": "0"},
        )
        assert response.status_code == 403, role
    assert LearningRecord.objects.count() == 1


def test_it4_figures_of_the_work_log_and_learning(it, site):
    project = worklog.add_project(
        it, site=site, name="门禁系统上线", role="实施负责人", go_live_on=dt.date(2026, 11, 28)
    )
    entry(it, site, kind="project", project=project, hours=Decimal("6"))
    entry(it, site, kind="maintenance", hours=Decimal("2"))
    entry(it, site, kind="maintenance", hours=Decimal("1.5"), day=dt.date(2026, 1, 5))
    learning.set_learning_plan(
        it,
        site=site,
        year=2026,
        targets={"reading": learning.Target(Decimal("30"), 4), "peers": learning.Target(5, 0)},
    )
    learning.add_learning_record(
        it, site=site, day=dt.date(2026, 5, 1), channel="peers", hours=Decimal("6")
    )
    learning.set_learning_plan(
        it, site=site, year=2027, targets={"search": learning.Target(Decimal("50"), 0)}
    )
    found = figures.figures_for(it, year=2026)
    by_label = {str(f.label): f for f in found}
    # the values are what the assessment's table, print and Word document show as they are
    assert by_label["Computer and network maintenance"].value == "3.5 h · 2 entries"
    assert by_label["Projects and go-lives"].value == "1 projects · 1 went live"
    assert "门禁系统上线" in by_label["Projects and go-lives"].text
    under = by_label["Learning under plan"]
    assert under.section == figures.SHORTCOMINGS and under.value == "Systematic reading"
    plan = by_label["Learning plan for 2027"]
    assert plan.section == figures.PLANS and "50" in plan.text and plan.value == "50 h planned"
    assert figures.figures_for(it, year=2024) == []
