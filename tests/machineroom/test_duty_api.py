"""The duty API: the roster planned and changed, checklists recorded, closing refused while a
visitor is inside, events called out and closed, permits decided; 400 for each bad field, 403 for
a role that may not, 409 for an illegal step or a stale version."""

import datetime as dt

from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.machineroom.choices import ClosingItem, DutyItem
from infocenter.machineroom.services import access as services

BASE = "/api/v1/machineroom"


def _ok(items):
    return {code: {"ok": True} for code in items.values}


def test_mr1_api_roster_plan_change_and_duty_check(api_for, head, room, maintainer, people, site):
    today = timezone.localdate()
    body = {
        "room": room.pk,
        "start": today.isoformat(),
        "end": (today + dt.timedelta(days=2)).isoformat(),
        "people": [maintainer.pk],
        "on_call": [people[Role.IT_STAFF].pk],
    }
    assert api_for(maintainer).post(f"{BASE}/roster/plan/", body, format="json").status_code == 403
    planned = api_for(head).post(f"{BASE}/roster/plan/", body, format="json")
    assert planned.status_code == 201 and len(planned.json()) == 3
    row = planned.json()[0]
    listed = (
        api_for(people[Role.AUDITOR])
        .get(f"{BASE}/roster/?site={site.pk}&start={today}&end={today}")
        .json()
    )
    assert [r["id"] for r in listed["results"]] == [row["id"]]
    assert api_for(head).get(f"{BASE}/roster/?start=soon").status_code == 400
    other = planned.json()[1]
    swapped = api_for(head).post(
        f"{BASE}/roster/{other['id']}/swap/",
        {
            "version": other["version"],
            "other": planned.json()[2]["id"],
            "other_version": planned.json()[2]["version"],
        },
        format="json",
    )
    assert swapped.status_code == 200 and swapped.json()["version"] == other["version"] + 1
    bad = api_for(maintainer).post(
        f"{BASE}/roster/{row['id']}/duty_check/",
        {"version": row["version"], "results": {"tidy": {"ok": False}, "mystery": {"ok": True}}},
        format="json",
    )
    assert bad.status_code == 400 and "mystery" in str(bad.json())
    missing = api_for(maintainer).post(
        f"{BASE}/roster/{row['id']}/duty_check/",
        {"version": row["version"], "results": {"tidy": {"ok": False}}},
        format="json",
    )
    assert missing.status_code == 400 and "note_tidy" in str(missing.json())
    done = api_for(maintainer).post(
        f"{BASE}/roster/{row['id']}/duty_check/",
        {"version": row["version"], "results": _ok(DutyItem)},
        format="json",
    )
    assert done.status_code == 201 and done.json()["problems"] == 0
    again = api_for(head).post(
        f"{BASE}/roster/{row['id']}/change/",
        {"version": row["version"], "person": head.pk},
        format="json",
    )
    assert again.status_code == 409
    assert len(api_for(head).get(f"{BASE}/duty-checks/?site={site.pk}").json()["results"]) == 1


def test_mr1_api_closing_refused_while_a_visitor_is_inside(
    api_for, approved, room, maintainer, site
):
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    body = {"room": room.pk, "results": _ok(ClosingItem)}
    refused = api_for(maintainer).post(f"{BASE}/closings/", body, format="json")
    assert refused.status_code == 409 and "王师傅" in refused.json()["detail"]
    services.sign_out(maintainer, visit, version=visit.version)
    ok = api_for(maintainer).post(f"{BASE}/closings/", body, format="json")
    assert ok.status_code == 201 and ok.json()["still_inside"] == []
    assert (
        api_for(maintainer).get(f"{BASE}/duty-alerts/?open=1&kind=duty_missing").status_code == 200
    )
    assert api_for(maintainer).get(f"{BASE}/duty-alerts/?kind=late").status_code == 400


def test_mr1_mr5_api_event_called_out_acknowledged_and_closed(api_for, room, people, maintainer):
    reported = api_for(people[Role.CS_MANAGER]).post(
        f"{BASE}/events/",
        {"room": room.pk, "kind": "power_outage", "description": "市电中断"},
        format="json",
    )
    assert reported.status_code == 201, reported.content
    event = reported.json()
    assert {c["person"] for c in event["callouts"]} >= {maintainer.pk, people[Role.IC_HEAD].pk}
    assert api_for(people[Role.DEPT_STAFF]).post(
        f"{BASE}/events/", {"room": room.pk, "kind": "fire", "description": "x"}, format="json"
    ).status_code in (403, 404)
    ack = api_for(maintainer).post(f"{BASE}/events/{event['id']}/acknowledge/", format="json")
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    early = api_for(maintainer).post(
        f"{BASE}/events/{event['id']}/close/",
        {"version": event["version"], "outcome": "恢复"},
        format="json",
    )
    assert early.status_code == 409 and "请先登记停电应急过程" in early.json()["detail"]
    now = timezone.now()
    outage = api_for(maintainer).post(
        f"{BASE}/events/{event['id']}/outage/",
        {"version": event["version"], "ups_on_battery": True, "power_restored_at": now.isoformat()},
        format="json",
    )
    assert outage.status_code == 200
    closed = api_for(maintainer).post(
        f"{BASE}/events/{event['id']}/close/",
        {"version": outage.json()["version"], "outcome": "UPS 供电，市电恢复"},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_mr5_mr6_api_permits_decided_by_the_head(api_for, room, people, head, site):
    now = timezone.now()
    period = {
        "starts_at": (now + dt.timedelta(hours=1)).isoformat(),
        "ends_at": (now + dt.timedelta(hours=4)).isoformat(),
    }
    asker = api_for(people[Role.DEPT_HEAD])
    bad = asker.post(f"{BASE}/power-permits/", {"room": room.pk, "watts": 0}, format="json")
    assert bad.status_code == 400 and {"equipment", "watts", "supply", "reason"} <= set(
        str(bad.json()).split("'")
    )
    permit = asker.post(
        f"{BASE}/power-permits/",
        {
            "room": room.pk,
            "equipment": "热风机",
            "watts": 2000,
            "supply": "检修箱",
            "reason": "除湿",
            "lines_checked": True,
            **period,
        },
        format="json",
    ).json()
    assert permit["state"] == "requested"
    assert (
        api_for(people[Role.MR_MAINTAINER])
        .post(
            f"{BASE}/power-permits/{permit['id']}/approve/",
            {"version": permit["version"]},
            format="json",
        )
        .status_code
        == 403
    )
    approved = api_for(head).post(
        f"{BASE}/power-permits/{permit['id']}/approve/",
        {"version": permit["version"]},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    stale = api_for(head).post(
        f"{BASE}/power-permits/{permit['id']}/refuse/",
        {"version": permit["version"], "note": "不同意"},
        format="json",
    )
    assert stale.status_code == 409
    change = asker.post(
        f"{BASE}/fire-changes/",
        {
            "room": room.pk,
            "kind": "position",
            "equipment": "手提灭火器",
            "current": "门口",
            "proposed": "机柜 B 旁",
            "reason": "靠近 UPS",
            "safeguards": "移动期间原位保留一具",
            **period,
        },
        format="json",
    )
    assert change.status_code == 201, change.content
    waiting = api_for(head).get(f"{BASE}/approvals/").json()
    assert any(change.json()["serial"] in w["title"] for w in waiting)
    refused = api_for(head).post(
        f"{BASE}/fire-changes/{change.json()['id']}/refuse/",
        {"version": change.json()["version"], "note": "位置不符合规范"},
        format="json",
    )
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    policy = api_for(head).get(f"{BASE}/duty-policy/?site={site.pk}").json()
    assert policy["power_threshold_watts"] == 1500
    saved = api_for(head).put(
        f"{BASE}/duty-policy/?site={site.pk}",
        {"version": policy["version"], "power_threshold_watts": 2000},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["power_threshold_watts"] == 2000


def test_mr1_api_rooms_and_people_of_other_sites_do_not_exist(api_for, head, room, org, root):
    """The room and the people a roster names are those of the caller's sites: another site's
    are refused exactly like ids that do not exist."""
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.IT_STAFF, site=org["b"])
    their_room = services.add_room(root, site=org["b"], name="外项目机房")
    today = timezone.localdate().isoformat()
    body = {"room": room.pk, "start": today, "end": today, "people": [head.pk]}
    url = f"{BASE}/roster/plan/"
    missing = api_for(head).post(url, body | {"room": 999999, "people": [999999]}, format="json")
    refused = api_for(head).post(
        url, body | {"room": their_room.pk, "people": [stranger.pk]}, format="json"
    )
    assert missing.status_code == refused.status_code == 400
    assert missing.json()["room"] == ["无效主键 “999999” － 对象不存在。"]
    assert missing.json()["people"] == ["无效主键 “999999” － 对象不存在。"]
    assert refused.json()["room"] == [f"无效主键 “{their_room.pk}” － 对象不存在。"]
    assert refused.json()["people"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]


def test_mr1_mr5_api_rooms_and_people_of_other_sites_do_not_exist(
    api_for, room, maintainer, org, root
):
    """The room of an event or a permit, and the person who arrived, are those of the caller's
    sites: another site's are refused exactly like ids that do not exist."""
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.IT_STAFF, site=org["b"])
    their_room = services.add_room(root, site=org["b"], name="外项目机房")
    body = {"room": room.pk, "kind": "fire", "description": "机房烟感报警"}
    desk = api_for(maintainer)
    missing = desk.post(f"{BASE}/events/", body | {"room": 999999}, format="json")
    refused = desk.post(f"{BASE}/events/", body | {"room": their_room.pk}, format="json")
    assert missing.status_code == refused.status_code == 400
    assert missing.json()["room"] == ["无效主键 “999999” － 对象不存在。"]
    assert refused.json()["room"] == [f"无效主键 “{their_room.pk}” － 对象不存在。"]
    event = desk.post(f"{BASE}/events/", body, format="json").json()
    missing = desk.post(f"{BASE}/events/{event['id']}/arrive/", {"person": 999999}, format="json")
    refused = desk.post(
        f"{BASE}/events/{event['id']}/arrive/", {"person": stranger.pk}, format="json"
    )
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["person"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
