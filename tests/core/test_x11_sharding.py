"""X-11 item 7: the design for a group of thousands of sites on a PostgreSQL distributed by site
(docs/scaling.md). Every table has its place in the layout (distributed by site or by person,
or a reference table), and the statements of a work order's whole life, page by page and step
by step, name the key of every distributed table they touch, so each goes to one shard."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infocenter.core import sharding
from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk.models import ServiceForm, WorkOrder
from tests.servicedesk import test_sd_write_queries
from tests.sitekey import Statements

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
    tables = sharding.tables()
    keyed = {t for t in sharding.SITE_OWNED_WITHOUT_KEY if sharding.has_site_key(tables[t])}
    assert not keyed, "a table with its key is distributed by site, not listed as without it"


@pytest.mark.django_db
def test_x11_keys_between_two_distributed_tables_join_on_the_site():
    keys = sharding.keys_between_sites()
    plain = [
        str(f)
        for f in keys
        if not isinstance(f, sharding.SiteForeignKey | sharding.SiteOneToOneField)
    ]
    assert not plain, "declare them with SiteForeignKey (optional_key(…, same_site=True))"
    joined = str(WorkOrder.objects.select_related("form").filter(site_id=3).query)
    assert '"servicedesk_serviceform"."site_id" = ("servicedesk_workorder"."site_id")' in joined
    assert sharding.colocated(joined, sharding.layout())
    # reading the parent through the record names the record's site
    with CaptureQueriesContext(connection) as queries:
        order = WorkOrder(form_id=1, site_id=3)
        with pytest.raises(ServiceForm.DoesNotExist):
            order.form  # noqa: B018
    assert '"site_id" = 3' in queries.captured_queries[0]["sql"]


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
    # a join of two distributed tables: each names its site, or is joined on it to one that does
    colocated = lambda sql: sharding.colocated(sql, kinds)  # noqa: E731
    order, form = '"servicedesk_workorder"', '"servicedesk_serviceform"'
    join = f'SELECT 1 FROM {order} INNER JOIN {form} ON ({order}."form_id" = {form}."id"'
    assert not colocated(f'{join}) WHERE {order}."site_id" IN (1, 2)')
    on_site = f'{join} AND ({form}."site_id" = ({order}."site_id")))'
    assert colocated(f'{on_site} WHERE {order}."site_id" IN (1, 2)')
    assert not colocated(on_site)  # joined on the site, but no site named
    assert colocated(f'{join}) WHERE ({order}."site_id" = 1 AND {form}."site_id" = 1)')
    subquery = f'SELECT 1 FROM {order} WHERE {order}."site_id" = 3 AND EXISTS(SELECT 1 FROM'
    subquery += ' "core_deadline" U0 WHERE U0."{}" = ({}."{}"))'
    assert colocated(subquery.format("site_id", order, "site_id"))
    assert not colocated(subquery.format("object_id", order, "id"))
    aliased = f'SELECT 1 FROM {order} INNER JOIN {order} T3 ON ({order}."reissue_of_id" = T3."id")'
    assert not colocated(f'{aliased} WHERE {order}."site_id" = 1')
    assert colocated(f'{aliased} WHERE ({order}."site_id" = 1 AND T3."site_id" = 1)')


@pytest.mark.django_db
def test_x11_a_work_orders_life_on_its_pages_names_its_site_in_every_statement(
    org, people, client_for
):
    site_a_room = Room.objects.filter(unit__building__site=org["a"]).order_by("number").first()
    gc_department = Department.objects.get(site=org["a"], code="gc")
    processor = client_for(people[Role.PROCESSOR])
    head, staff = client_for(people[Role.DEPT_HEAD]), client_for(people[Role.DEPT_STAFF])
    assistant = client_for(people[Role.CS_ASSISTANT])
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
def test_x11_the_api_of_a_work_order_names_its_site_in_every_statement(org, people, api_for):
    def api(role):
        return api_for(people[role])

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


@pytest.mark.django_db
def test_x11_the_registrys_pages_and_api_name_the_site_of_an_entrys_buildings(
    org, people, root, client_for, api_for
):
    """LOG-3's entries name the buildings they affect; the links keep the entry's site, so the
    registry's pages, the "now" board, the intake's panel, home and the API read them with it."""
    import datetime as dt

    from django.utils import timezone

    from infocenter.core import services as core
    from infocenter.core.models import Building
    from infocenter.logbook.models import AffectedBuilding, RegistryEntry

    site = org["a"]
    core.create_building(root, site=site, name="9栋", floors=1, units=["1单元"], rooms_per_floor=1)
    gc = Department.objects.get(site=site, code="gc")
    buildings = list(Building.objects.filter(site=site).order_by("name")[:2])
    processor, seen = client_for(people[Role.PROCESSOR]), Statements()
    now = timezone.localtime().replace(second=0, microsecond=0)
    local = lambda value: value.strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    entry = {
        "site": site.pk,
        "department": gc.pk,
        "kind": "power_outage",
        "title": "配电柜检修停电",
        "buildings": [b.pk for b in buildings],
        "starts_at": local(now - dt.timedelta(hours=1)),
        "ends_at": local(now + dt.timedelta(hours=3)),
        "changed_at": local(now - dt.timedelta(hours=2)),
        "channel": "phone",
        "reported_by": "王工",
    }
    seen.send("record", processor.post, reverse("logbook:entry_new"), entry)
    recorded = RegistryEntry.objects.get()
    links = AffectedBuilding.objects.filter(registryentry=recorded)
    assert {(a.building_id, a.site_id) for a in links} == {(b.pk, site.pk) for b in buildings}
    registry = reverse("logbook:registry")
    pages = [
        ("entry page", reverse("logbook:entry", args=[recorded.pk])),
        ("registry", f"{registry}?site={site.pk}"),
        ("now board", f"{registry}?site={site.pk}&q={buildings[0].name}停电"),
        ("intake panel", reverse("logbook:in_force") + f"?building={buildings[0].pk}"),
        ("home", reverse("home")),
    ]
    for what, url in pages:
        body = seen.send(what, processor.get, url).content.decode()
        assert "配电柜检修停电" in body, what
    seen.send(
        "reschedule",
        processor.post,
        reverse("logbook:entry_step", args=[recorded.pk, "reschedule"]),
        {
            "version": recorded.version,
            "starts_at": entry["starts_at"],
            "ends_at": local(now + dt.timedelta(hours=5)),
        },
    )
    api = api_for(people[Role.PROCESSOR])
    base = "/api/v1/logbook/registry"
    created = seen.send(
        "api record",
        api.post,
        f"{base}/",
        {**entry, "title": "二次供水停水", "kind": "water_outage", "buildings": [buildings[1].pk]},
        "json",
    ).json()
    assert created["buildings"] == [buildings[1].pk]
    listed = seen.send("api list", api.get, f"{base}/").json()
    areas = {row["title"]: row["area"] for row in listed["results"]}
    assert areas["配电柜检修停电"] == "、".join(b.name for b in buildings)
    seen.send("api one", api.get, f"{base}/{recorded.pk}/")
    now_rows = seen.send("api now", api.get, f"{base}/now/?site={site.pk}&q=停水").json()
    assert [row["title"] for row in now_rows] == ["二次供水停水"]
    in_force = seen.send("api in force", api.get, f"{base}/in-force/?building={buildings[0].pk}")
    assert [row["title"] for row in in_force.json()] == ["配电柜检修停电"]
    recorded.refresh_from_db()
    seen.send(
        "api end",
        api.post,
        f"{base}/{recorded.pk}/end/",
        {"version": recorded.version, "note": "已恢复"},
        "json",
    )
    assert seen.sent > 40
    assert not seen.unkeyed, "\n".join(seen.unkeyed)
