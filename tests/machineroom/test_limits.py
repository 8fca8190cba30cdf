"""X-11 and X-8 in the machine room: a visit request names at most 100 people; a role that
sees the machine room but may not act there is refused (403), another site stays hidden
(404)."""

import datetime as dt

from django.urls import reverse

from infocenter.core.choices import Role


def _visit(room, maintainer, people):
    return {
        "room": room.pk,
        "kind": "visit",
        "organisation": "重庆电信",
        "applicant": "王师傅",
        "phone": "13800138000",
        "people": people,
        "purpose": "更换光猫",
        "starts_at": "2026-01-01T09:00:00+08:00",
        "ends_at": "2030-01-01T18:00:00+08:00",
        "escort": maintainer.pk,
    }


def test_x11_a_visit_request_names_at_most_100_people(api_for, people, room, maintainer):
    api = api_for(people[Role.DEPT_HEAD])
    url = "/api/v1/machineroom/requests/"
    crowd = [f"访客{n}" for n in range(101)]
    refused = api.post(
        url, _visit(room, maintainer, crowd), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert refused.json()["people"] == ["At most 100 items in one request."]
    accepted = api.post(url, _visit(room, maintainer, crowd[:100]), format="json")
    assert accepted.status_code == 201, accepted.content


def test_x8_auditor_refused_at_a_machine_room_it_sees_gets_403(api_for, people, room, org):
    auditor = api_for(people[Role.AUDITOR])
    loan = {
        "borrower": people[Role.IC_HEAD].pk,
        "purpose": "调试",
        "due_on": "2030-01-01",
        "lines": [{"equipment": 1}],
    }
    mine = auditor.post("/api/v1/machineroom/loans/", {**loan, "site": org["a"].pk}, format="json")
    other = auditor.post("/api/v1/machineroom/loans/", {**loan, "site": org["b"].pk}, format="json")
    assert mine.status_code == 403
    assert other.status_code == 404


def test_x8_staff_sign_in_page_refused_where_seen_is_403(client_for, people, room):
    response = client_for(people[Role.AUDITOR]).post(
        reverse("machineroom:sign_in_staff"), {"room": room.pk}
    )
    assert response.status_code == 403
    hidden = client_for(people[Role.AUDITOR]).post(
        reverse("machineroom:sign_in_staff"), {"room": 999_999}
    )
    assert hidden.status_code == 404


def test_x11_a_visit_request_page_names_at_most_100_people(people, room, maintainer, site):
    from infocenter.core.exceptions import ValidationFailed
    from infocenter.machineroom.services import access

    crowd = "\n".join(f"访客{n}" for n in range(101))
    try:
        access.request_access(
            people[Role.DEPT_HEAD],
            room=room,
            kind="visit",
            organisation="重庆电信",
            applicant="王师傅",
            phone="13800138000",
            people=crowd,
            purpose="更换光猫",
            starts_at=dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2026, 1, 1, 18, tzinfo=dt.UTC),
            escort=maintainer,
        )
    except ValidationFailed as refused:
        assert refused.field_errors["people"] == ["At most 100 items in one request."]
    else:
        raise AssertionError("101 people were accepted")
