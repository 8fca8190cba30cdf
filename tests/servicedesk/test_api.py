"""X-7 for the service desk: the whole flow through the API, each step an action; 400 for bad
fields, 409 for illegal or stale steps, archive batches and the register export."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from infocenter.core.choices import Role

from .conftest import PNG


def test_sd_flow_through_the_api(org, people, api_for, gc):
    import base64

    processor, head, tech, assistant = (
        api_for(people[r])
        for r in (Role.PROCESSOR, Role.DEPT_HEAD, Role.DEPT_STAFF, Role.CS_ASSISTANT)
    )
    form = processor.post(
        reverse("sd-form-list"),
        {
            "site": org["a"].pk,
            "source": "phone",
            "reporter_kind": "owner",
            "reporter_name": "张三",
            "reporter_phone": "13800138000",
            "category": "repair",
            "content": "漏水",
        },
        format="json",
    ).json()
    order = processor.post(
        reverse("sd-form-dispatch-order", args=[form["id"]]),
        {
            "version": form["version"],
            "department": gc.pk,
            "assistant": people[Role.CS_ASSISTANT].pk,
        },
        format="json",
    ).json()
    url = lambda name: reverse(f"sd-order-{name}", args=[order["id"]])  # noqa: E731
    order = head.post(
        url("assign"),
        {"version": order["version"], "assignee": people[Role.DEPT_STAFF].pk},
        format="json",
    ).json()
    order = tech.post(url("start"), {"version": order["version"]}, format="json").json()
    order = tech.post(
        url("report"),
        {
            "version": order["version"],
            "result": "已修复",
            "signature_png_base64": base64.b64encode(PNG).decode(),
        },
        format="json",
    ).json()
    order = assistant.post(url("verify"), {"version": order["version"]}, format="json").json()
    order = processor.post(url("close"), {"version": order["version"]}, format="json").json()
    assert order["state"] == "closed"
    form = processor.get(reverse("sd-form-detail", args=[form["id"]])).json()
    assert form["state"] == "resolved"
    form = assistant.post(
        reverse("sd-form-callback", args=[form["id"]]),
        {"version": form["version"], "outcome": "satisfied", "satisfaction": 4},
        format="json",
    ).json()
    assert form["state"] == "called_back" and form["callbacks"][0]["satisfaction"] == 4


def test_sd_api_refusals(order, people, api_for):
    head = api_for(people[Role.DEPT_HEAD])
    bad = api_for(people[Role.PROCESSOR]).post(
        reverse("sd-form-list"), {"site": order.site_id, "source": "fax"}, format="json"
    )
    assert bad.status_code == 400 and {"source", "reporter_kind", "category", "content"} <= set(
        bad.json()
    )
    illegal = api_for(people[Role.CS_ASSISTANT]).post(
        reverse("sd-order-verify", args=[order.pk]), {"version": order.version}, format="json"
    )
    assert illegal.status_code == 409 and illegal.json()["rule"] == "SD-8"
    assert (
        head.post(
            reverse("sd-order-acknowledge", args=[order.pk]),
            {"version": order.version},
            format="json",
        ).status_code
        == 200
    )
    stale = head.post(
        reverse("sd-order-return-order", args=[order.pk]),
        {"version": order.version, "reason": "x"},
        format="json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "StaleEdit"
    empty = head.post(
        reverse("sd-order-return-order", args=[order.pk]),
        {"version": order.version + 1, "reason": " "},
        format="json",
    )
    assert empty.status_code == 400 and "reason" in empty.json()["errors"]


def test_sd16_archive_batches_and_register_export_through_the_api(people, org, gc, api_for):
    from .test_archive import complete, last_week_form, monday_last_week

    form, _ = complete(people, last_week_form(people, org), gc)
    batch = api_for(people[Role.PROCESSOR]).post(
        reverse("sd-batch-list"),
        {"site": org["a"].pk, "week_start": monday_last_week().isoformat()},
        format="json",
    )
    assert batch.status_code == 201 and batch.json()["forms"] == [form.serial]
    approved = api_for(people[Role.DATA_MANAGER]).post(
        reverse("sd-batch-approve", args=[batch.json()["id"]]),
        {"version": batch.json()["version"]},
        format="json",
    )
    assert approved.json()["state"] == "approved"
    import datetime as dt

    start, end = monday_last_week(), monday_last_week() + dt.timedelta(days=6)
    export = api_for(people[Role.AUDITOR]).get(
        reverse("sd-register-export"),
        {"site": org["a"].pk, "start": start.isoformat(), "end": end.isoformat()},
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == form.serial
    wrong = api_for(people[Role.AUDITOR]).get(
        reverse("sd-register-export"),
        {"site": org["a"].pk, "start": "2026-11-02", "end": "2026-11-01"},
    )
    assert wrong.status_code == 400


def test_sd5_api_departments_people_and_rooms_of_other_sites_do_not_exist(
    org, people, api_for, form, root
):
    """A foreign key of the API offers only the caller's sites: a department, assistant or room
    of another site is refused exactly like an id that does not exist."""
    from infocenter.core.models import Department, Room
    from tests.conftest import make_person

    stranger = make_person(root, "elsewhere", Role.CS_ASSISTANT, site=org["b"])
    their_department = Department.objects.get(site=org["b"], code="gc")
    their_room = Room.objects.filter(unit__building__site=org["b"]).first()
    processor = api_for(people[Role.PROCESSOR])
    refused = processor.post(
        reverse("sd-form-dispatch-order", args=[form.pk]),
        {"version": form.version, "department": their_department.pk, "assistant": stranger.pk},
        format="json",
    )
    missing = processor.post(
        reverse("sd-form-dispatch-order", args=[form.pk]),
        {"version": form.version, "department": 999999, "assistant": 999999},
        format="json",
    )
    assert refused.status_code == missing.status_code == 400
    errors = refused.json()
    assert errors["department"] == [f"无效主键 “{their_department.pk}” － 对象不存在。"]
    assert errors["assistant"] == [f"无效主键 “{stranger.pk}” － 对象不存在。"]
    assert missing.json()["department"] == ["无效主键 “999999” － 对象不存在。"]
    resident = processor.post(
        reverse("sd-resident-list"),
        {"site": org["a"].pk, "name": "李四", "phone": "13800138001", "room": their_room.pk},
        format="json",
    )
    assert resident.status_code == 400
    assert resident.json()["room"] == [f"无效主键 “{their_room.pk}” － 对象不存在。"]


def test_sd2_register_export_filters_like_the_form_list(org, people, api_for, form, client_for):
    """The register's Excel export narrows by the form list's filters: the API refuses an
    invalid value naming the field, the page ignores it."""
    import datetime as dt

    today = dt.date.today().isoformat()
    api = api_for(people[Role.PROCESSOR])
    params = {"site": org["a"].pk, "start": today, "end": today}
    assert (
        api.get(reverse("sd-register-export"), params | {"category": "repair"}).status_code == 200
    )
    refused = api.get(reverse("sd-register-export"), params | {"category": "nonsense"})
    assert refused.status_code == 400 and "category" in refused.json()
    page = client_for(people[Role.PROCESSOR]).get(
        reverse("servicedesk:register_export"), params | {"category": "nonsense"}
    )
    assert page.status_code == 200
