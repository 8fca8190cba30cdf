"""The machine room's API: the access flow end to end, 400 for each bad field, 409 for an
illegal step or a stale version, 403 for a role that may not."""

from infocenter.core.choices import Role


def test_mr2_api_visit_from_request_to_sign_out(api_for, people, room, maintainer, head, site):
    asker = api_for(people[Role.DEPT_HEAD])
    created = asker.post(
        "/api/v1/machineroom/requests/",
        {
            "room": room.pk,
            "kind": "visit",
            "organisation": "重庆电信",
            "applicant": "王师傅",
            "phone": "13800138000",
            "people": ["王师傅"],
            "purpose": "更换光猫",
            "starts_at": "2026-01-01T09:00:00+08:00",
            "ends_at": "2030-01-01T18:00:00+08:00",
            "escort": maintainer.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    record = created.json()
    desk = api_for(maintainer)
    early = desk.post(
        "/api/v1/machineroom/visits/visitor/",
        {"request": record["id"], "name": "王师傅"},
        format="json",
    )
    assert early.status_code == 409 and "须经负责人批准" in early.json()["detail"]
    assert (
        api_for(maintainer)
        .post(
            f"/api/v1/machineroom/requests/{record['id']}/approve/",
            {"version": record["version"]},
            format="json",
        )
        .status_code
        == 403
    )
    assert [
        w["title"].split()[0] for w in api_for(head).get("/api/v1/machineroom/approvals/").json()
    ] == [record["serial"]]
    approved = api_for(head).post(
        f"/api/v1/machineroom/requests/{record['id']}/approve/",
        {"version": record["version"], "note": "同意"},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    stale = api_for(head).post(
        f"/api/v1/machineroom/requests/{record['id']}/refuse/",
        {"version": record["version"], "note": "重复"},
        format="json",
    )
    assert stale.status_code == 409
    visit = desk.post(
        "/api/v1/machineroom/visits/visitor/",
        {"request": record["id"], "name": "王师傅"},
        format="json",
    ).json()
    inside = desk.get(f"/api/v1/machineroom/visits/inside/?site={site.pk}").json()
    assert [v["name"] for v in inside] == ["王师傅"] and inside[0]["escort"] == maintainer.pk
    item = desk.post(
        "/api/v1/machineroom/items/",
        {"visit": visit["id"], "direction": "out", "description": "旧光猫"},
        format="json",
    )
    assert item.status_code == 201
    out = desk.post(
        f"/api/v1/machineroom/visits/{visit['id']}/sign_out/",
        {"version": visit["version"]},
        format="json",
    )
    assert out.status_code == 200 and out.json()["left_at"]
    assert desk.get(f"/api/v1/machineroom/visits/inside/?site={site.pk}").json() == []


def test_mr2_api_names_every_bad_field(api_for, people, room):
    response = api_for(people[Role.DEPT_HEAD]).post(
        "/api/v1/machineroom/requests/",
        {"room": room.pk, "kind": "emergency", "people": [], "starts_at": "soon"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"] if "errors" in response.json() else response.json()
    for field in (
        "kind",
        "organisation",
        "applicant",
        "phone",
        "people",
        "purpose",
        "starts_at",
        "ends_at",
        "escort",
    ):
        assert field in str(errors), field


def test_mr2_api_refusal_and_forced_entry(api_for, maintainer, room):
    forced = api_for(maintainer).post(
        "/api/v1/machineroom/visits/refusal/",
        {"room": room.pk, "name": "某人", "reason": "强行闯入", "forced": True},
        format="json",
    )
    assert forced.status_code == 201 and forced.json()["outcome"] == "forced"
    bad = api_for(maintainer).get("/api/v1/machineroom/visits/?outcome=maybe")
    assert bad.status_code == 400
    assert (
        len(api_for(maintainer).get("/api/v1/machineroom/visits/?outcome=forced").json()["results"])
        == 1
    )


def test_mr2_api_rooms_and_people_of_other_sites_do_not_exist(api_for, room, maintainer, org, root):
    """The rooms and people an access request names are those of the caller's sites: a room or
    an escort of another site is refused exactly like an id that does not exist."""
    from infocenter.machineroom.services import access as services
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.MR_MAINTAINER, site=org["b"])
    their_room = services.add_room(root, site=org["b"], name="外项目机房")
    body = {
        "room": room.pk,
        "kind": "visit",
        "organisation": "重庆电信",
        "applicant": "王师傅",
        "phone": "13800138000",
        "people": ["王师傅"],
        "purpose": "更换光猫",
        "starts_at": "2026-01-01T09:00:00+08:00",
        "ends_at": "2030-01-01T18:00:00+08:00",
        "escort": maintainer.pk,
    }
    url = "/api/v1/machineroom/requests/"
    missing = api_for(maintainer).post(
        url, body | {"room": 999999, "escort": 999999}, format="json"
    )
    refused = api_for(maintainer).post(
        url, body | {"room": their_room.pk, "escort": stranger.pk}, format="json"
    )
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["room"] == [f"无效主键 “{their_room.pk}” － 对象不存在。"]
    assert refused.json()["escort"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert missing.json()["room"] == ["无效主键 “999999” － 对象不存在。"]
    assert missing.json()["escort"] == ["无效主键 “999999” － 对象不存在。"]
