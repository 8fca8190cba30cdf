"""Change pages in Chinese (asserting data and rule IDs: the new Chinese wording is merged later) (MR-7, MR-8): the form keeps what was typed on refusal, only allowed
steps are offered, refusals show their reason, the calendar, print forms, Excel, query budgets."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.choices import ChangeState
from infocenter.machineroom.models import ChangeRequest
from infocenter.machineroom.rules.changes import ChangeContent
from infocenter.machineroom.services import changes

from .conftest import hours, page_budget


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def propose(maintainer, site, now):
    def _propose(kind="normal", *, submit=True, **extra):
        fields = {
            "kind": kind,
            "title": "核心交换机升级固件",
            "system": "核心交换机",
            "plan": "上传固件并重启",
            "rollback_plan": "回退旧固件",
            "spare_parts": "备用交换机",
            "planned_start": now + hours(48),
            "planned_end": now + hours(50),
            "implementer": maintainer,
            "not_experimental": True,
        } | extra
        return changes.create_change(
            maintainer, site=site, content=ChangeContent(**fields), submit=submit
        )

    return _propose


def _form(maintainer, **extra):
    local = timezone.localtime() + hours(48)
    return {
        "kind": "major",
        "title": "数据库迁移",
        "system": "物业收费系统",
        "plan": "导出、导入、校验",
        "rollback_plan": "",
        "spare_parts": "",
        "planned_start": local.strftime("%Y-%m-%dT%H:%M"),
        "planned_end": (local + hours(2)).strftime("%Y-%m-%dT%H:%M"),
        "implementer": maintainer.pk,
    } | extra


def test_mr7_form_keeps_the_input_and_names_what_is_missing(maintainer, client_for):
    response = client_for(maintainer).post(
        reverse("machineroom:change_new"), _form(maintainer), follow=False
    )
    body = response.content.decode()
    assert response.status_code == 400 and "数据库迁移" in body and "导出、导入、校验" in body
    assert "回退方案" in body and not ChangeRequest.objects.exists()


def test_mr7_form_submits_a_change_to_the_head(maintainer, head, client_for):
    response = client_for(maintainer).post(
        reverse("machineroom:change_new"),
        _form(maintainer, kind="normal", not_experimental="on", submit="1"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ChangeRequest.objects.get()
    assert change.state == ChangeState.SUBMITTED
    inbox = client_for(head).get(reverse("machineroom:approvals")).content.decode()
    assert change.serial in inbox and change.title in inbox


def test_mr7_page_offers_only_allowed_steps_and_explains_refusals(
    propose, head, maintainer, people, client_for
):
    change = propose("major")
    head_page = (
        client_for(head).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    )
    # Not discussed yet: the head may refuse, not approve (MR-7).
    assert 'data-step="approve"' not in head_page and 'data-step="refuse"' in head_page
    maint_page = (
        client_for(maintainer).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    )
    assert 'data-step="approve"' not in maint_page and 'data-step="comment"' in maint_page
    auditor_page = client_for(people[Role.AUDITOR]).get(
        reverse("machineroom:change", args=[change.pk])
    )
    assert auditor_page.status_code == 200 and "data-step=" not in auditor_page.content.decode()
    refused = client_for(head).post(
        reverse("machineroom:change_step", args=[change.pk, "approve"]), {"version": change.version}
    )
    assert refused.status_code == 409 and "须经讨论后方可批准" in refused.content.decode()
    assert (
        client_for(maintainer)
        .post(reverse("machineroom:change_step", args=[change.pk, "comment"]), {"text": "同意方案"})
        .status_code
        == 302
    )
    assert (
        'data-step="approve"'
        in client_for(head).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    )
    ok = client_for(head).post(
        reverse("machineroom:change_step", args=[change.pk, "approve"]), {"version": change.version}
    )
    assert ok.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED


def test_mr7_stale_version_and_illegal_step_are_409(propose, head, client_for):
    change = propose()
    changes.approve_change(head, change, version=change.version)
    stale = client_for(head).post(
        reverse("machineroom:change_step", args=[change.pk, "refuse"]),
        {"version": change.version, "note": "不同意"},
    )
    assert stale.status_code == 409


def test_mr8_page_shows_each_central_data_step(propose, head, maintainer, client_for):
    change = propose(central_data=True)
    change = changes.approve_change(head, change, version=change.version)
    page = client_for(maintainer).post(
        reverse("machineroom:change_step", args=[change.pk, "start"]), {"version": change.version}
    )
    assert page.status_code == 409 and "须先备份" in page.content.decode()
    change = changes.record_backup(
        maintainer, change, version=change.version, reference="NAS /backup/a.dmp"
    )
    body = (
        client_for(maintainer).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    )
    assert (
        "NAS /backup/a.dmp" in body
        and 'data-testid="central-data"' in body
        and 'data-step="start"' in body
    )


def test_mr7_calendar_print_notice_and_export(propose, head, maintainer, people, client_for):
    from openpyxl import load_workbook

    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    change = changes.approve_change(head, change, version=change.version)
    changes.send_notice(maintainer, change, version=change.version)
    client = client_for(people[Role.AUDITOR])
    month = timezone.localtime(change.planned_start).strftime("%Y-%m")
    calendar = client.get(
        reverse("machineroom:change_calendar") + f"?month={month}"
    ).content.decode()
    assert "核心交换机升级固件" in calendar and 'data-testid="calendar-list"' in calendar
    printed = client.get(reverse("machineroom:change_print", args=[change.pk])).content.decode()
    assert change.serial in printed and "回退旧固件" in printed and "A4" not in printed
    register = client.get(
        reverse("machineroom:change_register_print") + f"?month={month}"
    ).content.decode()
    assert change.serial in register and "核心交换机升级固件" in register
    notice = client.get(reverse("machineroom:change_notice", args=[change.pk])).content.decode()
    assert change.serial in notice and "全体业主" in notice and "上传固件并重启" in notice
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("machineroom:change_export")).content)
    ).active
    assert any(
        change.serial in (c or "")
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    )


def test_mr7_edit_page_refuses_a_stale_save(propose, maintainer, client_for):
    change = propose(submit=False)
    client = client_for(maintainer)
    assert client.get(reverse("machineroom:change_edit", args=[change.pk])).status_code == 200
    fields = _form(
        maintainer, kind="normal", title="新标题", not_experimental="on", version=change.version
    )
    assert (
        client.post(reverse("machineroom:change_edit", args=[change.pk]), fields).status_code == 302
    )
    stale = client.post(
        reverse("machineroom:change_edit", args=[change.pk]), fields | {"title": "又改"}
    )
    assert stale.status_code == 409 and "又改" in stale.content.decode()


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:changes", 10),
        ("machineroom:change_calendar", 10),
        ("machineroom:approvals", "inbox"),
    ],
)
def test_change_page_query_budgets(
    propose, head, client_for, django_assert_max_num_queries, name, budget
):
    for kind in ("normal", "major", "standard", "emergency", "normal"):
        propose(kind)
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(page_budget(budget)):
        assert client.get(reverse(name)).status_code == 200


def test_change_detail_query_budget(
    propose, head, maintainer, client_for, django_assert_max_num_queries
):
    change = propose("major")
    for n in range(3):
        changes.comment_on_change(maintainer, change, text=f"意见{n}")
    client = client_for(head)
    client.get(reverse("machineroom:change", args=[change.pk]))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("machineroom:change", args=[change.pk])).status_code == 200


def test_mr8_page_shows_the_confirmation_countdown(propose, head, maintainer, client_for):
    change = propose(central_data=True)
    change = changes.approve_change(head, change, version=change.version)
    change = changes.record_backup(maintainer, change, version=change.version, reference="快照")
    change = changes.start_change(maintainer, change, version=change.version)
    changes.record_operation(maintainer, change, text="完成")
    changes.finish_change(maintainer, change, version=change.version, outcome="success")
    body = client_for(head).get(reverse("machineroom:change", args=[change.pk])).content.decode()
    assert 'data-testid="clock"' in body and "clock-ok" in body and 'data-step="confirm"' in body


@pytest.mark.parametrize(
    "url",
    [
        "/machineroom/changes/calendar/?month=9999-12",
        "/machineroom/backups/print/?month=9999-12",
        "/machineroom/duty/roster/?start=9999-12-31",
        "/api/v1/machineroom/changes/calendar/?month=9999-12",
    ],
)
def test_mr7_far_off_months_and_days_are_refused_or_ignored_never_a_crash(head, client_for, url):
    response = client_for(head).get(url)
    assert response.status_code in (200, 400), response.status_code


def test_mr7_register_page_export_and_api_filter_the_same_way(
    propose, head, client_for, api_for, site
):
    """One filterset serves the register page, its Excel export and the API list: the same
    ``?state=`` and ``?kind=``; a page ignores a value it does not know, the API names it."""
    from openpyxl import load_workbook

    major = propose("major")
    normal = propose()
    changes.approve_change(head, normal, version=normal.version)
    page = client_for(head).get(reverse("machineroom:changes") + "?kind=major").content.decode()
    assert major.serial in page and normal.serial not in page
    export = client_for(head).get(reverse("machineroom:change_export") + "?state=approved")
    cells = {
        c
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in row
    }
    assert normal.serial in cells and major.serial not in cells
    listed = api_for(head).get("/api/v1/machineroom/changes/?kind=major").json()["results"]
    assert [c["serial"] for c in listed] == [major.serial]
    ignored = client_for(head).get(reverse("machineroom:changes") + "?kind=huge")
    assert ignored.status_code == 200
    assert major.serial in ignored.content.decode() and normal.serial in ignored.content.decode()
    refused = api_for(head).get(f"/api/v1/machineroom/changes/?kind=huge&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["kind"]
