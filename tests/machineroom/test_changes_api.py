"""The change API (MR-7, MR-8): a global-impact central-data change end to end, 400 naming each bad
field, 409 for an illegal step, a stale version or a refused condition, 403 for a role that may not."""

import datetime as dt

from django.utils import timezone

from infocenter.core.choices import Role

URL = "/api/v1/machineroom/changes/"


def _body(site, implementer, **extra):
    start = timezone.now() + dt.timedelta(hours=48)
    return {
        "site": site.pk,
        "kind": "normal",
        "title": "收费系统数据库升级",
        "system": "物业收费系统",
        "plan": "停服务、升级、校验",
        "planned_start": start.isoformat(),
        "planned_end": (start + dt.timedelta(hours=2)).isoformat(),
        "implementer": implementer.pk,
        "not_experimental": True,
    } | extra


def test_mr7_mr8_api_change_end_to_end(api_for, site, maintainer, head, people, time_machine):
    me = api_for(maintainer)
    created = me.post(
        URL,
        _body(
            site,
            maintainer,
            submit=True,
            global_impact=True,
            central_data=True,
            affected_parties="全体业主",
            notify_people=[people[Role.PROCESSOR].pk],
        ),
        format="json",
    )
    assert created.status_code == 201, created.content
    change = created.json()
    assert change["state"] == "submitted" and change["steps"] == [
        "edit",
        "comment",
        "backup",
        "cancel",
    ]
    assert (
        me.post(
            f"{URL}{change['id']}/approve/", {"version": change["version"]}, format="json"
        ).status_code
        == 403
    )
    inbox = api_for(head).get("/api/v1/machineroom/approvals/").json()
    assert any(change["serial"] in w["title"] for w in inbox)
    change = (
        api_for(head)
        .post(f"{URL}{change['id']}/approve/", {"version": change["version"]}, format="json")
        .json()
    )
    early = me.post(f"{URL}{change['id']}/start/", {"version": change["version"]}, format="json")
    assert early.status_code == 409 and "须先向受影响方发出变更通知" in early.json()["detail"]
    change = me.post(
        f"{URL}{change['id']}/notify/", {"version": change["version"]}, format="json"
    ).json()
    assert change["state"] == "notified" and change["notice_sent_at"]
    change = me.post(
        f"{URL}{change['id']}/backup/",
        {"version": change["version"], "reference": "全库导出 NAS"},
        format="json",
    ).json()
    time_machine.move_to(timezone.now() + dt.timedelta(hours=25))
    change = me.post(
        f"{URL}{change['id']}/start/", {"version": change["version"]}, format="json"
    ).json()
    assert change["state"] == "in_progress"
    me.post(f"{URL}{change['id']}/operation/", {"text": "升级完成，校验通过"}, format="json")
    change = me.post(
        f"{URL}{change['id']}/finish/",
        {"version": change["version"], "outcome": "success"},
        format="json",
    ).json()
    assert change["state"] == "done" and [o["text"] for o in change["operations"]] == [
        "升级完成，校验通过"
    ]
    change = me.post(
        f"{URL}{change['id']}/confirm/", {"version": change["version"]}, format="json"
    ).json()
    change = me.post(
        f"{URL}{change['id']}/delete-backup/",
        {"version": change["version"], "note": "已删除"},
        format="json",
    ).json()
    assert change["backup_deleted_at"] and change["backup_deleted_by"] == maintainer.pk
    month = timezone.localtime().strftime("%Y-%m")
    calendar = (
        api_for(people[Role.AUDITOR]).get(f"{URL}calendar/?site={site.pk}&month={month}").json()
    )
    assert [c["serial"] for c in calendar] == [change["serial"]] and calendar[0]["steps"] == []


def test_mr7_api_names_every_bad_field(api_for, site, maintainer, people):
    response = api_for(maintainer).post(
        URL,
        _body(site, people[Role.PROCESSOR], kind="major", plan="", not_experimental=False),
        format="json",
    )
    assert response.status_code == 400
    errors = str(response.json())
    assert "plan" in errors
    response = api_for(maintainer).post(
        URL,
        _body(site, people[Role.PROCESSOR], kind="major", not_experimental=False, core_server=True),
        format="json",
    )
    errors = str(response.json())
    for field in (
        "implementer",
        "not_experimental",
        "rollback_plan",
        "spare_parts",
        "justification",
    ):
        assert field in errors, field


def test_mr7_api_illegal_and_stale_steps_are_409(api_for, site, maintainer, head):
    me = api_for(maintainer)
    change = me.post(URL, _body(site, maintainer), format="json").json()
    assert change["state"] == "draft"
    assert (
        me.post(
            f"{URL}{change['id']}/finish/",
            {"version": change["version"], "outcome": "success"},
            format="json",
        ).status_code
        == 409
    )
    submitted = me.post(
        f"{URL}{change['id']}/submit/", {"version": change["version"]}, format="json"
    )
    assert submitted.status_code == 200
    stale = me.post(f"{URL}{change['id']}/cancel/", {"version": change["version"]}, format="json")
    assert stale.status_code == 409
    assert me.get(f"{URL}?state=maybe").status_code == 400
    assert len(me.get(f"{URL}?state=submitted").json()["results"]) == 1


def test_mr7_api_auditor_reads_but_never_writes(api_for, site, maintainer, people):
    change = (
        api_for(maintainer).post(URL, _body(site, maintainer, submit=True), format="json").json()
    )
    auditor = api_for(people[Role.AUDITOR])
    assert auditor.get(f"{URL}{change['id']}/").status_code == 200
    assert auditor.post(URL, _body(site, maintainer), format="json").status_code in (403, 404)
    assert (
        auditor.post(f"{URL}{change['id']}/comment/", {"text": "x"}, format="json").status_code
        == 403
    )


def test_mr7_api_list_query_budget(api_for, site, maintainer, head, django_assert_max_num_queries):
    writer, client = api_for(maintainer), api_for(head)
    for n in range(6):
        writer.post(
            URL, _body(site, maintainer, title=f"变更{n}", submit=bool(n % 2)), format="json"
        )
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert len(client.get(URL).json()["results"]) == 6


def test_mr7_api_people_and_departments_of_other_sites_do_not_exist(
    api_for, site, maintainer, org, root
):
    """A foreign key of the API offers only the caller's sites: a person or department of
    another site is refused exactly like an id that does not exist."""
    from infocenter.core.models import Department
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.MR_MAINTAINER, site=org["b"])
    their_department = Department.objects.get(site=org["b"], code="gc")
    missing = api_for(maintainer).post(URL, _body(site, maintainer) | {"implementer": 999999})
    refused = api_for(maintainer).post(
        URL,
        _body(site, stranger, notify_departments=[their_department.pk]),
        format="json",
    )
    assert missing.status_code == refused.status_code == 400
    errors = refused.json()
    assert errors["implementer"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert errors["notify_departments"] == [f"无效主键 “{their_department.pk}” － 对象不存在。"]
    assert missing.json()["implementer"] == ["无效主键 “999999” － 对象不存在。"]
