"""IT-1: the work log: entries added, corrected at the version read (audited before and after)
and removed; who sees whose log; projects and milestones; the week view in Asia/Shanghai; the
Excel export; query budgets of the list and week pages; the API and its schema."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import AuditEvent
from infocenter.staffwork.models import Project, WorkEntry
from infocenter.staffwork.services import worklog
from tests.conftest import make_person

from .conftest import content, entry

# 2026-12-02 12:00 in Shanghai: a Wednesday; its week runs from Monday 11-30 to Sunday 12-06.
WEDNESDAY = dt.datetime(2026, 12, 2, 4, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def test_it1_staff_adds_an_entry_on_the_page_and_sees_it_in_the_log(it, site, client_for):
    client = client_for(it)
    response = client.post(
        reverse("staffwork:worklog_new"),
        {
            "kind": "outside_help",
            "day": "2026-12-01",
            "hours": "3.5",
            "helped": "市局信息中心",
            "notes": "安防系统注册",
        },
    )
    assert response.status_code == 302, response.content[:500]
    saved = WorkEntry.objects.get()
    assert (saved.person, saved.site, saved.hours) == (it, site, Decimal("3.5"))
    page = client.get(reverse("staffwork:worklog")).content.decode()
    assert "安防系统注册" in page and "市局信息中心" in page
    event = AuditEvent.objects.get(kind="worklog.entry_added")
    assert event.data["helped"] == "市局信息中心"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"day": "2026-12-03"}, "day", "The day cannot be in the future."),
        ({"hours": "0"}, "hours", "Enter the hours spent, more than 0 and at most 24."),
        ({"hours": "24.5"}, "hours", "Enter the hours spent, more than 0 and at most 24."),
        ({"hours": "1.3"}, "hours", "Enter the hours in half hours (e.g. 1.5)."),
        ({"kind": "project"}, "project", "Choose the project this work was for."),
        ({"kind": "coffee"}, "kind", '"coffee" is not a valid choice.'),
    ],
)
def test_it1_an_entry_that_cannot_be_right_is_refused(it, api_for, values, field, message):
    body = {"kind": "maintenance", "day": "2026-12-01", "hours": "2"} | values
    response = api_for(it).post(reverse("sw-worklog-entry-list"), body, format="json")
    assert response.status_code == 400
    answer = response.json()
    assert message in answer.get("errors", answer)[field]
    assert not WorkEntry.objects.exists()


def test_it1_project_work_must_be_for_one_of_ones_own_projects(it, colleague, site):
    theirs = worklog.add_project(colleague, site=site, name="门禁系统上线", role="实施")
    with pytest.raises(ValidationFailed) as refused:
        entry(it, site, kind="project", project=theirs)
    assert refused.value.field_errors["project"] == ["Choose one of your own projects."]


def test_it1_an_entry_is_corrected_at_the_version_read_with_before_and_after(it, site, api_for):
    mine = entry(it, site, notes="网络布线")
    url = reverse("sw-worklog-entry-edit", args=[mine.pk])
    body = {"version": mine.version, "kind": "rollout", "day": "2026-11-30", "hours": "4"}
    response = api_for(it).post(url, body | {"notes": "门禁系统上线"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == mine.version + 1
    event = AuditEvent.objects.get(kind="worklog.entry_corrected")
    assert event.data["changes"]["notes"] == ["网络布线", "门禁系统上线"]
    assert event.data["changes"]["kind"] == ["maintenance", "rollout"]
    stale = api_for(it).post(url, body | {"notes": "又改"}, format="json")
    assert stale.status_code == 409
    assert "changed this record" in stale.json()["detail"]
    assert WorkEntry.objects.get().notes == "门禁系统上线"


def test_it1_an_entry_is_removed_through_its_service_and_the_audit_keeps_it(it, site, client_for):
    mine = entry(it, site, notes="网络布线")
    url = reverse("staffwork:worklog_entry_remove", args=[mine.pk])
    client = client_for(it)
    client.post(url, {"version": mine.version + 5})
    assert WorkEntry.objects.filter(pk=mine.pk).exists()  # a stale version removes nothing
    response = client.post(url, {"version": mine.version})
    assert response.status_code == 302
    assert not WorkEntry.objects.exists()
    assert AuditEvent.objects.get(kind="worklog.entry_removed").data["notes"] == "网络布线"


def test_it1_nobody_changes_another_persons_entry(it, colleague, head, site, api_for):
    mine = entry(it, site)
    body = {"version": mine.version, "kind": "rollout", "day": "2026-11-30", "hours": "4"}
    hidden = api_for(colleague).post(
        reverse("sw-worklog-entry-edit", args=[mine.pk]), body, format="json"
    )
    assert hidden.status_code == 404  # another IT staffer does not even see it
    refused = api_for(head).post(
        reverse("sw-worklog-entry-edit", args=[mine.pk]), body, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == f"Only {it} can change their own work log."
    gone = api_for(head).post(
        reverse("sw-worklog-entry-remove", args=[mine.pk]), {"version": 1}, format="json"
    )
    assert gone.status_code == 403
    assert WorkEntry.objects.get().version == mine.version


def test_it1_who_sees_whose_log(it, colleague, site, org, root, people, api_for):
    entry(it, site, notes="我的")
    entry(colleague, site, notes="同事的")
    other_site_it = make_person(root, "it_b", Role.IT_STAFF, site=org["b"])
    entry(other_site_it, org["b"], notes="B 项目的")
    listed = reverse("sw-worklog-entry-list")

    def notes(user, person=None):
        query = f"?person={person.pk}" if person else ""
        response = api_for(user).get(listed + query)
        return response.status_code, {r["notes"] for r in response.json().get("results", [])}

    assert notes(it) == (200, {"我的"})
    assert notes(it, colleague)[0] == 404
    for role in (Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR):
        assert notes(people[role], colleague) == (200, {"同事的"}), role
        assert notes(people[role], other_site_it)[0] == 404, role
    for role in (Role.PROCESSOR, Role.MR_MAINTAINER, Role.DEPT_HEAD):
        assert api_for(people[role]).get(listed).status_code == 403, role
    branch_gm = make_person(root, "gm_all", Role.BRANCH_GM, branch=org["branch"])
    assert notes(branch_gm, other_site_it) == (200, {"B 项目的"})


def test_it1_the_auditor_and_the_head_only_read(people, api_for, client_for):
    body = {"kind": "maintenance", "day": "2026-12-01", "hours": "1"}
    for role in (Role.AUDITOR, Role.IC_HEAD, Role.BRANCH_GM):
        response = api_for(people[role]).post(reverse("sw-worklog-entry-list"), body)
        assert response.status_code == 403, role
        page = client_for(people[role]).post(reverse("staffwork:worklog_new"), body)
        assert page.status_code == 403, role
    assert not WorkEntry.objects.exists()


def test_it1_a_project_with_milestones_and_its_go_live(it, colleague, site, api_for, client_for):
    response = api_for(it).post(
        reverse("sw-worklog-project-list"),
        {
            "name": "门禁系统上线",
            "role": "实施负责人",
            "go_live_on": "2026-11-28",
            "milestones": [
                {"name": "布线完成", "planned_on": "2026-10-15"},
                {"name": "试运行", "planned_on": "2026-11-20"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert [m["name"] for m in response.json()["milestones"]] == ["布线完成", "试运行"]
    first = project.milestones.first()
    done = reverse("staffwork:worklog_milestone_done", args=[project.pk, first.pk])
    client_for(it).post(done, {"done_on": "2026-10-16"})
    first.refresh_from_db()
    assert first.done_on == dt.date(2026, 10, 16)
    assert client_for(colleague).post(done, {"done_on": "2026-10-16"}).status_code == 404
    refused = api_for(it).post(
        reverse("sw-worklog-project-list"), {"name": "", "role": ""}, format="json"
    )
    assert refused.status_code == 400
    work = entry(it, site, kind="project", project=project, notes="调试门禁")
    page = client_for(it).get(project.get_absolute_url()).content.decode()
    assert "调试门禁" in page and "2026-11-28" in page
    assert work.project == project


def test_it1_week_view_runs_monday_to_sunday_in_shanghai(it, site, client_for):
    with time_machine.travel(dt.datetime(2026, 12, 8, 4, 0, tzinfo=dt.UTC), tick=False):
        entry(it, site, day=dt.date(2026, 11, 29), hours=Decimal("8"), notes="上周日")
        entry(it, site, day=dt.date(2026, 11, 30), hours=Decimal("2"), notes="周一布线")
        entry(it, site, day=dt.date(2026, 11, 30), kind="training", hours=Decimal("1.5"))
        entry(it, site, day=dt.date(2026, 12, 6), kind="rollout", hours=Decimal("3"), notes="周日")
        entry(it, site, day=dt.date(2026, 12, 7), notes="下周一")
    client = client_for(it)
    with time_machine.travel(dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.UTC), tick=False):
        # 16:30 UTC on Sunday 11-29 is already Monday 11-30 00:30 in Shanghai
        response = client.get(reverse("staffwork:worklog_week"))
    week = response.context["week"]
    assert (week.monday, week.sunday) == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
    hours = {day: total for day, _rows, total in week.days}
    assert hours[dt.date(2026, 11, 30)] == Decimal("3.5")
    assert hours[dt.date(2026, 12, 6)] == Decimal("3")
    assert week.total == Decimal("6.5")
    assert {k: h for k, _label, h in week.by_kind} == {
        "maintenance": Decimal("2"),
        "rollout": Decimal("3"),
        "training": Decimal("1.5"),
    }
    page = response.content.decode()
    assert "周一布线" in page and "上周日" not in page and "下周一" not in page
    previous = client.get(reverse("staffwork:worklog_week") + "?day=2026-11-23")
    assert "上周日" in previous.content.decode()
    assert previous.context["week"].monday == dt.date(2026, 11, 23)


def test_it1_export_follows_the_lists_filters(it, site, client_for):
    entry(it, site, kind="rollout", day=dt.date(2026, 11, 30), notes="门禁系统上线")
    entry(it, site, kind="maintenance", day=dt.date(2026, 11, 20), notes="网络布线")
    client = client_for(it)
    response = client.get(reverse("staffwork:worklog_export") + "?kind=rollout")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("日期", "人员", "工作类别", "用时（小时）")
    assert len(rows) == 2
    assert (
        rows[1][0] == "2026-11-30" and rows[1][2] == "系统推广上线" and rows[1][8] == "门禁系统上线"
    )
    bad = client.get(reverse("staffwork:worklog_export") + "?kind=coffee")
    assert bad.status_code == 400


def test_it1_list_and_week_pages_keep_their_query_budget(
    it, site, client_for, django_assert_max_num_queries
):
    project = worklog.add_project(it, site=site, name="网络改造", role="成员")
    for n in range(30):
        entry(
            it,
            site,
            day=dt.date(2026, 11, 30) - dt.timedelta(days=n % 10),
            kind="project",
            project=project,
            notes=f"第{n}条",
        )
    client = client_for(it)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("staffwork:worklog")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("staffwork:worklog_week")).status_code == 200


def test_it1_the_api_schema_builds_with_the_work_log(it, client_for):
    response = client_for(it).get(reverse("api-schema"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/staffwork/worklog/proposals/confirm/" in text
    assert "/api/v1/staffwork/learning/plans/progress/" in text


def test_it1_entry_content_keeps_typed_values(it, site):
    saved = worklog.add_entry(
        it, site=site, content=content(helped="  财务部 ", notes=" 打印机驱动 ")
    )
    assert (saved.helped, saved.notes) == ("财务部", "打印机驱动")


def test_it1_a_project_is_edited_by_its_person_at_the_version_read(it, head, site, client_for):
    project = worklog.add_project(it, site=site, name="门禁系统上线", role="实施")
    url = project.get_absolute_url()
    body = {"version": project.version, "name": "门禁系统上线", "role": "实施负责人"}
    response = client_for(it).post(url, body | {"go_live_on": "2026-11-28"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.role, project.go_live_on) == ("实施负责人", dt.date(2026, 11, 28))
    event = AuditEvent.objects.get(kind="worklog.project_corrected")
    assert event.data["changes"]["role"] == ["实施", "实施负责人"]
    stale = client_for(it).post(url, body | {"role": "成员"})
    assert stale.status_code == 409
    assert client_for(head).post(url, body | {"version": project.version}).status_code == 403
    project.refresh_from_db()
    assert project.role == "实施负责人"


def test_it1_milestone_refusals(it, site):
    project = worklog.add_project(
        it, site=site, name="网络改造", role="成员", milestones=[("布线", dt.date(2026, 11, 1))]
    )
    milestone = project.milestones.get()
    with pytest.raises(ValidationFailed) as future:
        worklog.complete_milestone(it, milestone, done_on=dt.date(2026, 12, 3))
    assert future.value.field_errors["done_on"] == ["The day cannot be in the future."]
    worklog.complete_milestone(it, milestone, done_on=dt.date(2026, 11, 2))
    with pytest.raises(Conflict, match="This milestone is already done."):
        worklog.complete_milestone(it, milestone, done_on=dt.date(2026, 11, 3))
    with pytest.raises(ValidationFailed) as unnamed:
        worklog.add_milestone(it, project, name=" ", planned_on=dt.date(2026, 12, 9))
    assert unnamed.value.field_errors["milestones"] == [
        "Each milestone needs a name and a planned date."
    ]
