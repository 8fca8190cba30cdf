"""The registers' API: every step as an action, 400 per invalid field, 409 for an illegal
step or a stale version, scoping by site."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from infocenter.core.choices import Role
from infocenter.logbook.models import Contact
from tests.conftest import make_person

from .test_directory import xlsx

API = "/api/v1/logbook"


@pytest.fixture
def pc(people, api_for):
    return api_for(people[Role.PROCESSOR])


def test_log1_handover_through_the_api(site, people, processor2, pc, api_for):
    draft = pc.get(f"{API}/handovers/draft/?site={site.pk}").json()
    assert {s["key"] for s in draft["sections"]} >= {
        "forms",
        "orders",
        "entries",
        "approvals",
        "missed_calls",
    }
    response = pc.post(
        f"{API}/handovers/",
        {"site": site.pk, "incoming": processor2.pk, "shift": "白班", "equipment_state": "正常"},
        format="json",
    )
    assert response.status_code == 201, response.content
    record = response.json()
    assert (
        pc.post(
            f"{API}/handovers/{record['id']}/accept/", {"version": 1}, format="json"
        ).status_code
        == 403
    )
    incoming = api_for(processor2)
    assert (
        incoming.post(
            f"{API}/handovers/{record['id']}/accept/", {"version": 9}, format="json"
        ).status_code
        == 409
    )
    accepted = incoming.post(
        f"{API}/handovers/{record['id']}/accept/", {"version": 1}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert (
        incoming.post(
            f"{API}/handovers/{record['id']}/accept/", {"version": 2}, format="json"
        ).status_code
        == 409
    )


def test_log2_calls_through_the_api(site, pc):
    bad = pc.post(
        f"{API}/calls/",
        {"site": site.pk, "number": "12", "subject": "", "direction": "x"},
        format="json",
    )
    assert bad.status_code == 400 and {"subject", "direction"} <= set(
        bad.json()
    )  # serializer checks
    bad = pc.post(
        f"{API}/calls/", {"site": site.pk, "number": "12", "subject": "报修"}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {
        "number"
    }  # the service's checks
    call = pc.post(
        f"{API}/calls/",
        {
            "site": site.pk,
            "number": "13800138000",
            "caller": "张三",
            "subject": "报修",
            "form_category": "repair",
        },
        format="json",
    ).json()
    assert call["form_serial"].startswith("SA-KF-")
    missed = pc.post(
        f"{API}/calls/missed/", {"site": site.pk, "number": "13800138001"}, format="json"
    ).json()
    assert missed["state"] == "missed"
    returned = pc.post(
        f"{API}/calls/{missed['id']}/call_back/",
        {"version": missed["version"], "subject": "回电"},
        format="json",
    )
    assert returned.status_code == 201 and returned.json()["callback_of"] == missed["id"]
    again = pc.post(
        f"{API}/calls/{missed['id']}/call_back/", {"version": 2, "subject": "x"}, format="json"
    )
    assert again.status_code == 409
    listed = pc.get(f"{API}/calls/?site={site.pk}&state=called_back").json()["results"]
    assert [c["id"] for c in listed] == [missed["id"]]


def test_log3_registry_now_search_through_the_api(site, gc, building, pc):
    now = timezone.now()
    entry = pc.post(
        f"{API}/registry/",
        {
            "site": site.pk,
            "department": gc.pk,
            "kind": "power_outage",
            "title": "1栋停电检修",
            "buildings": [building.pk],
            "starts_at": now.isoformat(),
            "changed_at": now.isoformat(),
            "channel": "phone",
            "reported_by": "王工",
        },
        format="json",
    )
    assert entry.status_code == 201, entry.content
    found = pc.get(f"{API}/registry/now/?site={site.pk}&q=1栋停电").json()
    assert [e["serial"] for e in found] == [entry.json()["serial"]]
    assert pc.get(f"{API}/registry/now/?site={site.pk}&q=停水").json() == []
    late = pc.get(f"{API}/registry/late/?site={site.pk}").json()
    assert late == [{"department": "工程部", "total": 1, "late": 0}]
    ended = pc.post(f"{API}/registry/{entry.json()['id']}/end/", {"version": 1}, format="json")
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    assert (
        pc.post(
            f"{API}/registry/{entry.json()['id']}/withdraw/",
            {"version": 2, "note": "x"},
            format="json",
        ).status_code
        == 409
    )


def test_log4_contacts_through_the_api(site, pc, people, api_for):
    created = pc.post(
        f"{API}/contacts/",
        {"site": site.pk, "category": "police", "name": "张警官", "phone": "023-67001234"},
        format="json",
    )
    assert created.status_code == 201
    contact = created.json()
    assert [c["id"] for c in pc.get(f"{API}/contacts/?site={site.pk}&q=zjg").json()["results"]] == [
        contact["id"]
    ]
    stale = pc.put(
        f"{API}/contacts/{contact['id']}/",
        {"version": 9, "category": "police", "name": "张警官", "phone": "110"},
        format="json",
    )
    assert stale.status_code == 409
    bad = pc.post(
        f"{API}/contacts/import/",
        {"site": site.pk, "file": xlsx([("外星人", "", "", "", "1", "", "")])},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["errors"]["rows"][0]["row"] == 2
    good = pc.post(
        f"{API}/contacts/import/",
        {"site": site.pk, "file": xlsx([("居委会", "王主任", "", "", "023-61234567", "", "")])},
        format="multipart",
    )
    assert good.status_code == 201 and Contact.objects.count() == 2
    refused = api_for(people[Role.DEPT_STAFF]).post(
        f"{API}/contacts/",
        {"site": site.pk, "category": "police", "name": "x", "phone": "110"},
        format="json",
    )
    assert refused.status_code == 403
    book = load_workbook(io.BytesIO(pc.get(f"{API}/contacts.xlsx?site={site.pk}").content))
    assert book.active.max_row == 3


def test_log5_library_through_the_api(site, pc):
    document = pc.post(
        f"{API}/documents/",
        {
            "site": site.pk,
            "category": "fire",
            "title": "重庆市消防条例",
            "issuer": "重庆市人大常委会",
        },
        format="json",
    ).json()
    fake = SimpleUploadedFile("fire.pdf", b"MZ not a pdf at all")
    refused = pc.post(
        f"{API}/documents/{document['id']}/versions/",
        {"label": "2021", "effective_from": "2021-01-01", "upload": fake},
        format="multipart",
    )
    assert refused.status_code == 400 and "upload" in refused.json()["errors"]
    pdf = SimpleUploadedFile("fire.pdf", b"%PDF-1.4\n%test")
    added = pc.post(
        f"{API}/documents/{document['id']}/versions/",
        {"label": "2021", "effective_from": "2021-01-01", "upload": pdf},
        format="multipart",
    )
    assert added.status_code == 201 and added.json()["file_name"] == "fire.pdf"
    assert [d["title"] for d in pc.get(f"{API}/documents/?q=xftl").json()["results"]] == [
        "重庆市消防条例"
    ]


def test_it5_whereabouts_through_the_api(site, people, pc, api_for):
    mine = api_for(people[Role.DEPT_STAFF]).post(
        f"{API}/whereabouts/",
        {"status": "other_department", "place": "秩序部监控室"},
        format="json",
    )
    assert mine.status_code == 201
    board = {row["person"]: row for row in pc.get(f"{API}/whereabouts/?site={site.pk}").json()}
    assert board[people[Role.DEPT_STAFF].pk]["status"] == "other_department"
    others = api_for(people[Role.DEPT_STAFF]).post(
        f"{API}/whereabouts/", {"person": people[Role.AUDITOR].pk, "status": "out"}, format="json"
    )
    assert others.status_code == 403


def test_log_policy_and_exports_through_the_api(site, people, api_for, pc):
    manager = api_for(people[Role.CS_MANAGER])
    assert manager.get(f"{API}/policy/?site={site.pk}").json()["report_within_hours"] == 4
    saved = manager.put(
        f"{API}/policy/",
        {
            "site": site.pk,
            "version": 1,
            "report_within_hours": 6,
            "accept_within_minutes": 20,
            "call_back_within_minutes": 15,
        },
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2
    assert (
        pc.put(
            f"{API}/policy/",
            {
                "site": site.pk,
                "version": 2,
                "report_within_hours": 6,
                "accept_within_minutes": 20,
                "call_back_within_minutes": 15,
            },
            format="json",
        ).status_code
        == 403
    )
    for name in ("handovers", "calls", "registry"):
        response = pc.get(f"{API}/{name}.xlsx?site={site.pk}&start=2026-01-01&end=2026-12-31")
        assert response.status_code == 200, name
    assert (
        pc.get(f"{API}/calls.xlsx?site={site.pk}&start=2026-12-31&end=2026-01-01").status_code
        == 400
    )


def test_log3_api_departments_buildings_and_people_of_other_sites_do_not_exist(
    org, site, gc, building, pc, root
):
    """A foreign key of the API offers only the caller's sites: a department, building or
    person of another site is refused exactly like an id that does not exist."""
    from infocenter.core.models import Building, Department

    stranger = make_person(root, "elsewhere", Role.PROCESSOR, site=org["b"])
    their_department = Department.objects.get(site=org["b"], code="gc")
    their_building = Building.objects.get(site=org["b"])
    now = timezone.now().isoformat()
    entry = {
        "site": site.pk,
        "kind": "power_outage",
        "title": "1栋停电检修",
        "starts_at": now,
        "changed_at": now,
        "channel": "phone",
        "reported_by": "王工",
    }
    missing = pc.post(
        f"{API}/registry/", entry | {"department": 999999, "buildings": [999999]}, format="json"
    )
    refused = pc.post(
        f"{API}/registry/",
        entry | {"department": their_department.pk, "buildings": [their_building.pk]},
        format="json",
    )
    assert missing.status_code == refused.status_code == 400
    unknown = missing.json()["department"][0]
    assert refused.json()["department"] == [unknown.replace("999999", str(their_department.pk))]
    assert refused.json()["buildings"] == [unknown.replace("999999", str(their_building.pk))]
    handover = pc.post(
        f"{API}/handovers/",
        {"site": site.pk, "incoming": stranger.pk, "shift": "白班", "equipment_state": "正常"},
        format="json",
    )
    assert handover.status_code == 400
    assert handover.json()["incoming"] == [unknown.replace("999999", str(stranger.pk))]


def test_log2_phone_log_export_filters_like_the_call_list(site, people, pc, client_for):
    """The phone log's Excel export narrows by the call list's filters: the API refuses an
    invalid value naming the field, the page ignores it."""
    today = timezone.localdate().isoformat()
    params = {"site": site.pk, "start": today, "end": today}
    assert pc.get(f"{API}/calls.xlsx", params | {"state": "missed"}).status_code == 200
    refused = pc.get(f"{API}/calls.xlsx", params | {"state": "nonsense"})
    assert refused.status_code == 400 and "state" in refused.json()
    page = client_for(people[Role.PROCESSOR]).get(
        "/logbook/calls/export.xlsx", params | {"state": "nonsense"}
    )
    assert page.status_code == 200
