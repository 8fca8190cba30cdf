"""The equipment ledger's API (MR-13, MR-10): a loan end to end with the head's approval, 400 for
each bad field, 409 for an illegal step, a stale version or a disposed line, 403 for a role that
may not write; procurement, reports and the import with its row errors."""

import datetime as dt

from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.machineroom.models import Equipment

from .test_equipment_import import GOOD, sheet

BASE = "/api/v1/machineroom/"


def _line(api, site, **fields):
    response = api.post(
        f"{BASE}equipment/",
        {"site": site.pk, "category": "spare", "name": "主控板", **fields},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_mr13_api_loan_from_request_to_return(api_for, maintainer, head, people, site):
    desk = api_for(maintainer)
    board = _line(desk, site, model="SUPD0", serial="BD-1", location="备件柜")
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    created = desk.post(
        f"{BASE}loans/",
        {
            "site": site.pk,
            "borrower": people[Role.DEPT_HEAD].pk,
            "purpose": "调试",
            "due_on": due,
            "lines": [{"equipment": board["id"]}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    loan = created.json()
    assert loan["state"] == "requested" and loan["lines"][0]["equipment"] == board["id"]
    early = desk.post(
        f"{BASE}loans/{loan['id']}/hand_out/", {"version": loan["version"]}, format="json"
    )
    assert early.status_code == 409 and early.json()["rule"] == "MR-13"
    assert (
        desk.post(
            f"{BASE}loans/{loan['id']}/approve/", {"version": loan["version"]}, format="json"
        ).status_code
        == 403
    )
    inbox = api_for(head).get(f"{BASE}approvals/").json()
    assert any(w["title"].startswith(loan["serial"]) for w in inbox)
    approved = api_for(head).post(
        f"{BASE}loans/{loan['id']}/approve/", {"version": loan["version"]}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    stale = desk.post(
        f"{BASE}loans/{loan['id']}/hand_out/", {"version": loan["version"]}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "StaleEdit"
    out = desk.post(
        f"{BASE}loans/{loan['id']}/hand_out/",
        {"version": approved.json()["version"]},
        format="json",
    )
    assert (
        out.status_code == 200
        and out.json()["state"] == "on_loan"
        and out.json()["overdue"] is False
    )
    assert desk.get(f"{BASE}equipment/{board['id']}/").json()["status"] == "on_loan"
    back = desk.post(
        f"{BASE}loans/{loan['id']}/return/",
        {
            "version": out.json()["version"],
            "damaged": [board["id"]],
            "storage": "防静电柜",
            "damage": "针脚弯曲",
        },
        format="json",
    )
    assert back.status_code == 200 and back.json()["state"] == "returned"
    mine = api_for(people[Role.DEPT_HEAD]).get(f"{BASE}loans/").json()["results"]
    assert [m["serial"] for m in mine] == [loan["serial"]]  # the borrower follows their own loan
    assert api_for(people[Role.DEPT_HEAD]).get(f"{BASE}equipment/").json()["results"] == []
    reports = desk.get(f"{BASE}equipment-reports/?kind=damage").json()["results"]
    assert reports[0]["responsible"] == people[Role.DEPT_HEAD].pk
    assert desk.get(f"{BASE}equipment/{board['id']}/").json()["status"] == "damaged"


def test_mr13_api_names_every_bad_field_and_refuses_what_the_rules_forbid(
    api_for, maintainer, head, site, people
):
    desk = api_for(maintainer)
    missing = desk.post(
        f"{BASE}equipment/", {"site": site.pk, "category": "gadget", "quantity": -1}, format="json"
    )
    assert missing.status_code == 400
    for field in ("category", "name", "quantity"):
        assert field in str(missing.json()), field
    first = _line(desk, site, serial="BD-1")
    duplicate = desk.post(
        f"{BASE}equipment/",
        {"site": site.pk, "category": "spare", "name": "主控板", "serial": "BD-1"},
        format="json",
    )
    assert duplicate.status_code == 400 and "serial" in duplicate.json()["errors"]
    damaged = desk.put(
        f"{BASE}equipment/{first['id']}/",
        {**first, "status": "damaged", "location": "机柜", "room": None, "custodian": None},
        format="json",
    )
    assert damaged.status_code == 400 and "防静电" in str(damaged.json())
    in_use = _line(desk, site, name="防火墙", category="equipment", serial="FW-1", status="in_use")
    not_spare = desk.post(
        f"{BASE}loans/",
        {
            "site": site.pk,
            "borrower_name": "刘工",
            "organisation": "电信",
            "phone": "10000",
            "purpose": "借用",
            "due_on": "2030-01-01",
            "lines": [{"equipment": in_use["id"]}],
        },
        format="json",
    )
    assert not_spare.status_code == 400 and "只有在库备用的物品才能外借" in str(not_spare.json())
    assert (
        api_for(people[Role.AUDITOR])
        .post(
            f"{BASE}equipment/", {"site": site.pk, "category": "spare", "name": "x"}, format="json"
        )
        .status_code
        == 403  # the auditor sees the ledger but may not keep it
    )
    gone = api_for(head).post(
        f"{BASE}equipment/{first['id']}/dispose/",
        {"version": first["version"], "reason": "报废"},
        format="json",
    )
    assert gone.status_code == 200 and gone.json()["status"] == "disposed"
    changed = desk.put(
        f"{BASE}equipment/{first['id']}/",
        {**gone.json(), "room": None, "custodian": None, "status": "spare"},
        format="json",
    )
    assert changed.status_code == 409


def test_mr13_api_consumption_below_zero_is_refused(api_for, maintainer, site):
    desk = api_for(maintainer)
    toner = _line(desk, site, category="consumable", name="硒鼓", quantity=5, unit="个")
    used = desk.post(
        f"{BASE}equipment/{toner['id']}/report/",
        {
            "version": toner["version"],
            "kind": "consumption",
            "quantity": 2,
            "description": "打印机更换",
        },
        format="json",
    )
    assert used.status_code == 201
    stale = desk.post(
        f"{BASE}equipment/{toner['id']}/report/",
        {
            "version": toner["version"],
            "kind": "damage",
            "description": "漏粉",
            "responsible": maintainer.pk,
            "storage": "防静电袋",
        },
        format="json",
    )
    assert stale.status_code == 409  # the line changed since it was read
    version = desk.get(f"{BASE}equipment/{toner['id']}/").json()["version"]
    below = desk.post(
        f"{BASE}equipment/{toner['id']}/report/",
        {"version": version, "kind": "consumption", "quantity": 4, "description": "再换"},
        format="json",
    )
    assert below.status_code == 400 and "quantity" in below.json()["errors"]
    loss = desk.post(
        f"{BASE}equipment/{toner['id']}/report/",
        {"version": version, "kind": "loss", "description": "丢失"},
        format="json",
    )
    assert loss.status_code == 400 and "responsible" in loss.json()["errors"]


def test_mr13_api_procurement_and_filters(api_for, maintainer, site):
    desk = api_for(maintainer)
    toner = _line(desk, site, category="consumable", name="硒鼓", quantity=2, unit="个")
    created = desk.post(
        f"{BASE}procurements/",
        {
            "site": site.pk,
            "supplier": "重庆办公用品公司",
            "purchased_on": timezone.localdate().isoformat(),
            "reference": "FP-1",
            "received_by": maintainer.pk,
            "lines": [
                {"into": toner["id"], "quantity": 3, "unit_price": "320.00"},
                {
                    "category": "equipment",
                    "name": "服务器",
                    "serial": "SRV-1",
                    "quantity": 1,
                    "unit_price": "45800",
                },
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert len(created.json()["lines"]) == 2
    assert desk.get(f"{BASE}equipment/{toner['id']}/").json()["quantity"] == 5
    found = desk.get(f"{BASE}equipment/?site={site.pk}&q=SRV").json()["results"]
    assert [e["serial"] for e in found] == ["SRV-1"]
    assert desk.get(f"{BASE}equipment/?status=broken").status_code == 400
    export = desk.get(f"{BASE}equipment/export/?site={site.pk}")
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxml"
    )


def test_mr13_api_import_all_or_nothing(api_for, maintainer, site, room):
    desk = api_for(maintainer)
    bad = desk.post(
        f"{BASE}equipment/import/",
        {"site": site.pk, "file": sheet(GOOD + [{"category": "spare", "name": ""}])},
        format="multipart",
    )
    assert bad.status_code == 400
    assert (
        bad.json()["errors"]["rows"][0]["row"] == 5
        and "name" in bad.json()["errors"]["rows"][0]["errors"]
    )
    assert not Equipment.objects.exists()
    good = desk.post(
        f"{BASE}equipment/import/",
        {"site": site.pk, "file": sheet(GOOD, language="zh-hans")},
        format="multipart",
    )
    assert good.status_code == 201 and len(good.json()) == 3


def _loan_body(site, borrower, board):
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    return {
        "site": site.pk,
        "borrower": borrower,
        "purpose": "调试",
        "due_on": due,
        "lines": [{"equipment": board["id"]}],
    }


def test_mr13_api_borrowers_of_other_sites_do_not_exist(api_for, maintainer, site, root, org):
    """A loan's borrower is one of the caller's people: a person of another site is refused
    exactly like an id that does not exist."""
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.MR_MAINTAINER, site=org["b"])
    desk = api_for(maintainer)
    board = _line(desk, site, model="SUPD0", serial="BD-1", location="备件柜")
    missing = desk.post(f"{BASE}loans/", _loan_body(site, 999999, board), format="json")
    refused = desk.post(f"{BASE}loans/", _loan_body(site, stranger.pk, board), format="json")
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["borrower"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert missing.json()["borrower"] == ["无效主键 “999999” － 对象不存在。"]


def test_mr13_loans_page_and_api_filter_the_same_way(
    api_for, client_for, maintainer, head, people, site
):
    """One filterset serves the loans page and the API's list: the same ``?state=``; a page
    ignores a value it does not know, the API names it."""
    from django.urls import reverse

    desk = api_for(maintainer)
    board = _line(desk, site, model="SUPD0", serial="BD-1", location="备件柜")
    body = _loan_body(site, people[Role.DEPT_HEAD].pk, board)
    waiting = desk.post(f"{BASE}loans/", body, format="json").json()
    approved = desk.post(f"{BASE}loans/", body, format="json").json()
    api_for(head).post(
        f"{BASE}loans/{approved['id']}/approve/", {"version": approved["version"]}, format="json"
    )
    page = client_for(maintainer).get(reverse("machineroom:loans") + "?state=approved")
    text = page.content.decode()
    assert approved["serial"] in text and waiting["serial"] not in text
    listed = desk.get(f"{BASE}loans/?state=approved").json()["results"]
    assert [loan["serial"] for loan in listed] == [approved["serial"]]
    ignored = client_for(maintainer).get(reverse("machineroom:loans") + "?state=lost")
    assert ignored.status_code == 200 and waiting["serial"] in ignored.content.decode()
    refused = desk.get(f"{BASE}loans/?state=lost&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["state"]


def test_mr13_api_rooms_and_people_of_other_sites_do_not_exist(
    api_for, maintainer, site, root, org
):
    """A ledger line's machine room and custodian are the caller's: those of another site are
    refused exactly like ids that do not exist."""
    from infocenter.machineroom.services import access
    from tests.conftest import make_person

    theirs = access.add_room(root, site=org["b"], name="嘉陵机房", location="一楼")
    stranger = make_person(root, "elsewhere", Role.MR_MAINTAINER, site=org["b"])
    body = {"site": site.pk, "category": "spare", "name": "主控板"}
    desk = api_for(maintainer)
    missing = desk.post(
        f"{BASE}equipment/", body | {"room": 999999, "custodian": 999999}, format="json"
    )
    refused = desk.post(
        f"{BASE}equipment/", body | {"room": theirs.pk, "custodian": stranger.pk}, format="json"
    )
    assert missing.status_code == refused.status_code == 400
    assert refused.json()["room"] == [f"无效主键 “{theirs.pk}” － 对象不存在。"]
    assert refused.json()["custodian"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert missing.json()["custodian"] == ["无效主键 “999999” － 对象不存在。"]


def test_mr13_ledger_page_export_and_api_filter_the_same_way(
    api_for, client_for, maintainer, site, room
):
    """One filterset serves the ledger page, its Excel export, the API's list and its export:
    the same ``?status=``, ``?category=``, ``?room=`` and ``?q=``; a page ignores a value it
    does not know, the API names it."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    desk = api_for(maintainer)
    board = _line(desk, site, model="SUPD0", serial="BD-1", room=room.pk, location="A1")
    toner = _line(desk, site, category="consumable", name="硒鼓", model="HP 88A", quantity=5)

    def serials(response):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return {c for row in sheet.iter_rows(values_only=True) for c in row}

    page = client_for(maintainer).get(reverse("machineroom:equipment") + f"?room={room.pk}")
    assert [i.pk for i in page.context["page"]] == [board["id"]]
    export = client_for(maintainer).get(reverse("machineroom:equipment_export") + "?q=88a")
    assert "HP 88A" in serials(export) and "SUPD0" not in serials(export)
    listed = desk.get(f"{BASE}equipment/?category=consumable").json()["results"]
    assert [i["id"] for i in listed] == [toner["id"]]
    exported = desk.get(f"{BASE}equipment/export/?site={site.pk}&q=supd")
    assert "SUPD0" in serials(exported) and "HP 88A" not in serials(exported)
    ignored = client_for(maintainer).get(reverse("machineroom:equipment") + "?status=lost")
    assert ignored.status_code == 200 and len(ignored.context["page"]) == 2
    refused = desk.get(f"{BASE}equipment/?status=lost&site={site.pk}")
    assert refused.status_code == 400 and list(refused.json()) == ["status"]
