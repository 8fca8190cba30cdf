"""X-11 item 7: the design for a group of thousands of sites on a PostgreSQL distributed by site
(docs/scaling.md). Every table has its place in the layout (distributed by site or by person,
or a reference table), and the statements of a work order's whole life, page by page and step
by step, name the key of every distributed table they touch, so each goes to one shard."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infocenter.core import sharding
from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk.models import ServiceForm, WorkOrder
from tests.servicedesk import test_sd_write_queries

CALL = {**test_sd_write_queries.CALL, "priority": "normal"}


def _reaching_a_site_without_the_key() -> set[str]:
    """The tables that reach a distributed table by a foreign key but have no key themselves."""
    kinds = sharding.layout()
    tables = sharding.tables()
    found, grew = set(), True
    while grew:
        grew = False
        for table, model in tables.items():
            if table in found or kinds[table] in ("site", "person"):
                continue
            if table in sharding.REFERENCE_STRUCTURE:
                continue
            for field in model._meta.concrete_fields:
                parent = field.related_model if field.is_relation else None
                if parent is None:
                    continue
                if kinds.get(parent._meta.db_table) == "site" or parent._meta.db_table in found:
                    found.add(table)
                    grew = True
                    break
    return found


def test_x11_every_table_has_its_place_in_the_distributed_layout():
    kinds = sharding.layout()
    assert set(kinds) == set(sharding.tables())
    assert set(kinds.values()) <= {"site", "person", "reference", "site-owned"}
    # the records of a site's work are distributed by site; the organisation is reference
    assert kinds["servicedesk_workorder"] == kinds["core_deadline"] == "site"
    assert kinds["core_auditevent"] == kinds["machineroom_changerequest"] == "site"
    assert kinds["core_notification"] == "person"
    for table in ("core_site", "core_user", "core_roleassignment", "core_room", "django_session"):
        assert kinds[table] == "reference", table
    # a new table that belongs to a site's records carries the key, or is listed as the work
    # left (and a table that got its key leaves the list)
    assert _reaching_a_site_without_the_key() == set(sharding.SITE_OWNED_WITHOUT_KEY)


def test_x11_a_statement_names_the_key_of_each_distributed_table_it_touches():
    kinds = sharding.layout()
    check = lambda sql: sharding.check(sql, kinds)[0]  # noqa: E731
    assert check('SELECT * FROM "core_user" WHERE "core_user"."id" = 1') == "reference"
    assert check('SELECT * FROM "servicedesk_workorder" WHERE "id" = 1') == "unkeyed"
    keyed = 'SELECT * FROM "servicedesk_workorder" WHERE ("id" = 1 AND "site_id" = 2)'
    assert check(keyed) == "keyed"
    assert check('SELECT 1 FROM "core_deadline" WHERE "site_id" IN (1, 2)') == "keyed"
    assert check('INSERT INTO "core_deadline" ("site_id", "kind") VALUES (1, 2)') == "keyed"
    assert check('INSERT INTO "core_deadline" ("kind") VALUES (2)') == "unkeyed"
    assert check('SELECT 1 FROM "core_notification" WHERE "recipient_id" = 3') == "keyed"
    assert check('SELECT 1 FROM "core_notification" WHERE "site_id" = 3') == "unkeyed"
    both = 'SELECT 1 FROM "core_notification" JOIN "core_deadline" ON 1 WHERE "site_id" = 1'
    assert check(both) == "unkeyed"
    assert check('SELECT 1 FROM "servicedesk_callback" WHERE "form_id" = 1') == "unkeyed"


class Statements:
    """The statements of the requests sent through it, and those that miss a key."""

    def __init__(self):
        self.kinds, self.sent, self.unkeyed = sharding.layout(), 0, []

    def send(self, what: str, request, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = request(*args, **kwargs)
        assert response.status_code in (200, 201, 302), (what, response.content[:300])
        for query in queries.captured_queries:
            kind, touched = sharding.check(query["sql"], self.kinds)
            self.sent += 1
            if kind == "unkeyed":
                sql = query["sql"]
                where = sql.find(" WHERE ")
                shown = sql[:120] + " …" + sql[where:][:300] if where > 120 else sql[:420]
                self.unkeyed.append(f"{what}: {sorted(touched)}: {shown}")
        return response


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_x11_a_work_orders_life_on_its_pages_names_its_site_in_every_statement(org, people):
    site_a_room = Room.objects.filter(unit__building__site=org["a"]).order_by("number").first()
    gc_department = Department.objects.get(site=org["a"], code="gc")
    processor = _page(people[Role.PROCESSOR])
    head, staff = _page(people[Role.DEPT_HEAD]), _page(people[Role.DEPT_STAFF])
    assistant = _page(people[Role.CS_ASSISTANT])
    seen = Statements()
    seen.send(
        "log and dispatch",
        processor.post,
        reverse("servicedesk:intake"),
        {
            "site": org["a"].pk,
            **CALL,
            "room": site_a_room.pk,
            "department": gc_department.pk,
            "assistant": people[Role.CS_ASSISTANT].pk,
            "instructions": "",
            "action": "dispatch",
        },
    )
    order = WorkOrder.objects.get()
    steps = [
        ("acknowledge", head, {}),
        ("assign", head, {"assignee": people[Role.DEPT_STAFF].pk}),
        ("start", staff, {}),
        ("report", staff, {"result": "已更换水管", "signed_by_customer": "张三"}),
        ("verify", assistant, {}),
        ("close", processor, {}),
    ]
    for name, client, data in steps:
        order.refresh_from_db()
        seen.send(f"order page ({name})", client.get, reverse("servicedesk:order", args=[order.pk]))
        seen.send(
            name,
            client.post,
            reverse("servicedesk:order_step", args=[order.pk, name]),
            {"version": order.version, **data},
        )
    form = ServiceForm.objects.get()
    seen.send("form page", assistant.get, reverse("servicedesk:form", args=[form.pk]))
    seen.send(
        "callback",
        assistant.post,
        reverse("servicedesk:form_step", args=[form.pk, "callback"]),
        {"version": form.version, "outcome": "satisfied", "satisfaction": 5},
    )
    queues = (("inbox", head), ("to_close", processor), ("register", processor))
    for name, client in (*queues, ("follow_up", assistant), ("orders", staff)):
        seen.send(name, client.get, reverse(f"servicedesk:{name}"))
    seen.send("home", processor.get, reverse("home"))
    assert seen.sent > 100
    assert not seen.unkeyed, "\n".join(seen.unkeyed)


def test_x11_the_layout_names_real_tables():
    listed = sharding.REFERENCE_WITH_SITE | sharding.REFERENCE_STRUCTURE
    listed |= sharding.SITE_OWNED_WITHOUT_KEY | set(sharding.BY_PERSON)
    assert listed <= set(sharding.tables())


@pytest.mark.django_db
def test_x11_the_api_of_a_work_order_names_its_site_in_every_statement(org, people):
    from rest_framework.test import APIClient

    def api(role):
        client = APIClient()
        client.force_login(people[role])
        return client

    room = Room.objects.filter(unit__building__site=org["a"]).order_by("number").first()
    gc = Department.objects.get(site=org["a"], code="gc")
    processor, head = api(Role.PROCESSOR), api(Role.DEPT_HEAD)
    staff, assistant = api(Role.DEPT_STAFF), api(Role.CS_ASSISTANT)
    seen, base = Statements(), "/api/v1/servicedesk"
    call = {**CALL, "site": org["a"].pk, "room": room.pk, "department": gc.pk}
    call["assistant"] = people[Role.CS_ASSISTANT].pk
    seen.send("log and dispatch", processor.post, f"{base}/forms/log-and-dispatch/", call, "json")
    order = WorkOrder.objects.get()
    steps = [
        (head, f"orders/?state=dispatched&department={gc.pk}", "acknowledge", {}),
        (head, "orders/?state=acknowledged", "assign", {"assignee": people[Role.DEPT_STAFF].pk}),
        (staff, "orders/?state=assigned", "start", {}),
        (
            staff,
            "orders/?state=in_progress",
            "report",
            {"result": "已更换", "signed_by_customer": "张三"},
        ),
        (assistant, "orders/?state=reported", "verify", {}),
        (processor, "orders/?state=verified", "close", {}),
    ]
    for client, listing, name, data in steps:
        seen.send(f"list before {name}", client.get, f"{base}/{listing}")
        order.refresh_from_db()
        step = f"{base}/orders/{order.pk}/{name}/"
        seen.send(name, client.post, step, {"version": order.version, **data}, "json")
    form = ServiceForm.objects.get()
    seen.send("forms to call back", assistant.get, f"{base}/forms/?state=resolved")
    seen.send("form", assistant.get, f"{base}/forms/{form.pk}/")
    callback = {"version": form.version, "outcome": "satisfied", "satisfaction": 5}
    seen.send("callback", assistant.post, f"{base}/forms/{form.pk}/callback/", callback, "json")
    assert seen.sent > 60
    assert not seen.unkeyed, "\n".join(seen.unkeyed)
