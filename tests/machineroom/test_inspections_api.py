"""MR-9 through the API: a checklist built, a round recorded and submitted (refused with the
fields missing, then a work order for the out-of-range reading), alarms and faults with their
steps; 400 for bad fields, 403 for the auditor, 409 for illegal steps and stale versions."""

import pytest

from infocenter.core.choices import Role
from infocenter.servicedesk.models import WorkOrder

from .conftest import photo

pytestmark = pytest.mark.django_db
API = "/api/v1/machineroom"


def errors(response) -> dict:
    """Field errors of a 400: the serializer's at the top, the service's under "errors"."""
    data = response.json()
    return data.get("errors", data)


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_mr9_api_checklist_and_schedule(api_for, maintainer, site, room, people):
    client = api_for(maintainer)
    created = client.post(
        f"{API}/checklists/",
        {"site": site.pk, "name": "空调巡检", "target": "device", "device": "精密空调 1 号"},
        format="json",
    )
    assert created.status_code == 201, created.content
    record = created.json()
    bad = client.post(
        f"{API}/checklists/{record['id']}/add_item/",
        {"version": record["version"], "label": "回风温度", "kind": "reading", "unit": "°C"},
        format="json",
    )
    assert bad.status_code == 400 and "min_value" in errors(bad)
    added = client.post(
        f"{API}/checklists/{record['id']}/add_item/",
        {
            "version": record["version"],
            "label": "回风温度",
            "kind": "reading",
            "unit": "°C",
            "min_value": "18",
            "max_value": "27",
        },
        format="json",
    )
    assert added.status_code == 201 and added.json()["items"][0]["normal_range"] == "18–27 °C"
    stale = client.post(
        f"{API}/checklists/{record['id']}/add_item/",
        {"version": record["version"], "label": "滤网", "kind": "check"},
        format="json",
    )
    assert stale.status_code == 409
    schedule = client.post(
        f"{API}/inspection-schedules/",
        {
            "checklist": record["id"],
            "name": "空调每日巡检",
            "rule": "FREQ=DAILY;BYHOUR=9;BYMINUTE=0",
        },
        format="json",
    )
    assert schedule.status_code == 201 and schedule.json()["next_at"]
    paused = client.post(
        f"{API}/inspection-schedules/{schedule.json()['id']}/pause/",
        {"version": schedule.json()["version"]},
        format="json",
    )
    assert paused.status_code == 200 and paused.json()["next_at"] is None
    auditor = api_for(people[Role.AUDITOR])
    assert [c["name"] for c in rows(auditor.get(f"{API}/checklists/?site={site.pk}"))] == [
        "空调巡检"
    ]
    assert auditor.post(
        f"{API}/checklists/",
        {"site": site.pk, "name": "x", "target": "device", "device": "y"},
        format="json",
    ).status_code in (403, 404)


def test_mr9_api_round_submit_refused_then_work_order(api_for, maintainer, open_round, people):
    auditor = api_for(people[Role.AUDITOR])
    assert auditor.get(f"{API}/rounds/{open_round.pk}/").status_code == 200
    assert (
        auditor.post(
            f"{API}/rounds/{open_round.pk}/cancel/", {"version": 1, "note": "x"}, format="json"
        ).status_code
        == 403
    )
    client = api_for(maintainer)
    detail = client.get(f"{API}/rounds/{open_round.pk}/").json()
    ids = {r["label"]: r["id"] for r in detail["results"]}
    entries = [
        {"result": ids["机房温度"], "reading": "29.5"},
        {"result": ids["机房湿度"], "reading": "50"},
        {"result": ids["UPS 运行状态"], "outcome": "pass"},
        {"result": ids["灭火器压力"], "outcome": "pass"},
    ]
    refused = client.post(
        f"{API}/rounds/{open_round.pk}/record/",
        {"version": detail["version"], "entries": entries, "submit": True},
        format="json",
    )
    assert refused.status_code == 400 and f"r{ids['UPS 运行状态']}_photo" in errors(refused)
    saved = client.get(f"{API}/rounds/{open_round.pk}/").json()
    assert (
        saved["state"] == "open" and saved["results"][0]["outcome"] == "fail"
    )  # 29.5 °C is out of range
    with_photo = client.post(
        f"{API}/rounds/{open_round.pk}/photo/",
        {"version": saved["version"], "result": ids["UPS 运行状态"], "photo": photo()},
        format="multipart",
    )
    assert with_photo.status_code == 200, with_photo.content
    ups = next(r for r in with_photo.json()["results"] if r["label"] == "UPS 运行状态")
    assert ups["has_photo"] and ups["outcome"] == "pass"  # the photo kept the outcome
    done = client.post(
        f"{API}/rounds/{open_round.pk}/record/",
        {"version": with_photo.json()["version"], "entries": [], "submit": True},
        format="json",
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
    order = WorkOrder.objects.get()
    assert done.json()["results"][0]["order_serial"] == order.serial
    again = client.post(
        f"{API}/rounds/{open_round.pk}/record/",
        {"version": done.json()["version"], "entries": [], "submit": True},
        format="json",
    )
    assert again.status_code == 409 and WorkOrder.objects.count() == 1


def test_mr9_api_alarm_and_fault(api_for, maintainer, site, people):
    client = api_for(maintainer)
    bad = client.post(
        f"{API}/alarms/",
        {"site": site.pk, "device": "", "text": "x", "severity": "huge"},
        format="json",
    )
    assert bad.status_code == 400 and {"device", "severity"} <= set(errors(bad))
    alarm = client.post(
        f"{API}/alarms/",
        {"site": site.pk, "device": "核心交换机", "text": "链路 down", "severity": "critical"},
        format="json",
    ).json()
    assert alarm["reported_at"] and alarm["state"] == "open"
    early = client.post(
        f"{API}/alarms/{alarm['id']}/close/",
        {"version": alarm["version"], "outcome": "好了"},
        format="json",
    )
    assert early.status_code == 409
    responded = client.post(
        f"{API}/alarms/{alarm['id']}/respond/",
        {"version": alarm["version"], "response": "重启端口"},
        format="json",
    )
    assert responded.status_code == 200 and responded.json()["responded_by"] == maintainer.pk
    fault = client.post(
        f"{API}/faults/",
        {"site": site.pk, "kind": "line", "description": "专线中断"},
        format="json",
    ).json()
    refused = client.post(
        f"{API}/faults/{fault['id']}/report/",
        {"version": fault["version"], "upstream_unit": "中国电信"},
        format="json",
    )
    assert refused.status_code == 400 and "local_findings" in errors(refused)
    checked = client.post(
        f"{API}/faults/{fault['id']}/check/",
        {"version": fault["version"], "local_findings": "光猫 LOS 灯红"},
        format="json",
    )
    reported = client.post(
        f"{API}/faults/{fault['id']}/report/",
        {
            "version": checked.json()["version"],
            "upstream_unit": "中国电信",
            "upstream_reference": "GD001",
        },
        format="json",
    )
    assert reported.status_code == 200 and reported.json()["state"] == "reported"
    assert [
        f["state"] for f in rows(client.get(f"{API}/faults/?site={site.pk}&state=reported"))
    ] == ["reported"]
    assert client.get(f"{API}/faults/?state=nonsense").status_code == 400
    assert (
        api_for(people[Role.AUDITOR])
        .post(
            f"{API}/faults/{fault['id']}/feedback/",
            {"version": reported.json()["version"], "feedback": "x"},
            format="json",
        )
        .status_code
        == 403
    )


def test_mr9_api_rooms_of_other_sites_do_not_exist(api_for, maintainer, site, root, org):
    """An alarm's machine room is one of the caller's: a room of another site is refused
    exactly like an id that does not exist."""
    from infocenter.machineroom.services import access

    theirs = access.add_room(root, site=org["b"], name="嘉陵机房", location="一楼")
    body = {"site": site.pk, "device": "核心交换机", "text": "链路 down", "severity": "critical"}
    missing = api_for(maintainer).post(f"{API}/alarms/", body | {"room": 999999}, format="json")
    refused = api_for(maintainer).post(f"{API}/alarms/", body | {"room": theirs.pk}, format="json")
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["room"] == [f"无效主键 “{theirs.pk}” － 对象不存在。"]
    assert missing.json()["room"] == ["无效主键 “999999” － 对象不存在。"]


def test_mr9_incident_registers_page_and_api_filter_the_same_way(
    api_for, client_for, maintainer, site
):
    """One filterset serves each incident register's page and the API's list: the same
    ``?state=`` and ``?severity=`` (alarms) or ``?kind=`` (faults); a page ignores a value it
    does not know, the API names it."""
    from django.urls import reverse

    from infocenter.machineroom.services import incidents

    critical = incidents.log_alarm(
        maintainer, site=site, device="核心交换机", text="链路 down", severity="critical"
    )
    minor = incidents.log_alarm(maintainer, site=site, device="UPS", text="自检", severity="minor")
    page = client_for(maintainer).get(reverse("machineroom:alarms") + "?severity=critical")
    assert critical.serial in page.content.decode() and minor.serial not in page.content.decode()
    listed = rows(api_for(maintainer).get(f"{API}/alarms/?severity=critical"))
    assert [a["serial"] for a in listed] == [critical.serial]
    ignored = client_for(maintainer).get(reverse("machineroom:alarms") + "?severity=huge")
    assert ignored.status_code == 200 and minor.serial in ignored.content.decode()
    refused = api_for(maintainer).get(f"{API}/alarms/?severity=huge&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["severity"]
    line = incidents.log_fault(maintainer, site=site, kind="line", description="专线中断")
    network = incidents.log_fault(maintainer, site=site, kind="network", description="丢包")
    page = client_for(maintainer).get(reverse("machineroom:faults") + "?kind=line").content
    assert line.serial in page.decode() and network.serial not in page.decode()
    listed = rows(api_for(maintainer).get(f"{API}/faults/?kind=line"))
    assert [f["serial"] for f in listed] == [line.serial]


def test_mr9_api_rooms_and_departments_of_other_sites_do_not_exist(
    api_for, maintainer, site, root, org
):
    """A checklist's machine room and department are the caller's: those of another site are
    refused exactly like ids that do not exist."""
    from infocenter.core.models import Department
    from infocenter.machineroom.services import access

    theirs = access.add_room(root, site=org["b"], name="嘉陵机房", location="一楼")
    their_department = Department.objects.get(site=org["b"], code="gc")
    body = {"site": site.pk, "name": "空调巡检", "target": "area"}
    missing = api_for(maintainer).post(
        f"{API}/checklists/", body | {"room": 999999, "department": 999999}, format="json"
    )
    refused = api_for(maintainer).post(
        f"{API}/checklists/",
        body | {"room": theirs.pk, "department": their_department.pk},
        format="json",
    )
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["room"] == [f"无效主键 “{theirs.pk}” － 对象不存在。"]
    assert refused.json()["department"] == [f"无效主键 “{their_department.pk}” － 对象不存在。"]
    assert missing.json()["room"] == ["无效主键 “999999” － 对象不存在。"]


def test_mr9_rounds_and_checklists_page_and_api_filter_the_same_way(
    api_for, client_for, maintainer, head, checklist, site
):
    """One filterset serves the rounds page and the API's list (``?state=``), another the
    checklists page and the API's list (``?target=``); a page ignores a value it does not
    know, the API names it."""
    from django.urls import reverse

    from infocenter.machineroom.services import inspections

    kept = inspections.start_round(maintainer, checklist=checklist)
    dropped = inspections.start_round(maintainer, checklist=checklist)
    inspections.cancel_round(head, dropped, version=dropped.version, note="停电")
    page = client_for(maintainer).get(reverse("machineroom:rounds") + "?state=cancelled")
    assert [r.serial for r in page.context["page"]] == [dropped.serial]  # "today" lists both
    listed = rows(api_for(maintainer).get(f"{API}/rounds/?state=cancelled"))
    assert [r["serial"] for r in listed] == [dropped.serial]
    ignored = client_for(maintainer).get(reverse("machineroom:rounds") + "?state=lost")
    assert ignored.status_code == 200 and kept in ignored.context["page"]
    refused = api_for(maintainer).get(f"{API}/rounds/?state=lost&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["state"]
    device = inspections.add_checklist(
        maintainer, site=site, name="空调巡检", target="device", device="精密空调 1 号"
    )
    page = client_for(maintainer).get(reverse("machineroom:checklists") + "?target=device")
    assert device.name in page.content.decode() and checklist.name not in page.content.decode()
    listed = rows(api_for(maintainer).get(f"{API}/checklists/?target=device"))
    assert [c["name"] for c in listed] == [device.name]
    refused = api_for(maintainer).get(f"{API}/checklists/?target=room")
    assert refused.status_code == 400 and list(refused.json()) == ["target"]
