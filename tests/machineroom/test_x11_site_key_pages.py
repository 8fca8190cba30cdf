"""X-11 item 7 in the machine room: the records with lines, comments and links (a round's
results, a checklist's items, a change's comments and notices, a roster day's people on call)
keep their site, and their pages name it in every statement, joins included."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infocenter.core import sharding
from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.machineroom.models import OnCallPerson
from infocenter.machineroom.rules.changes import ChangeContent
from infocenter.machineroom.services import changes, duty
from tests.sitekey import Statements

from .conftest import hours


def test_x11_machine_room_pages_name_the_site_of_lines_comments_and_links(
    site, people, room, head, maintainer, open_round, checklist, client_for
):
    it = people[Role.IT_STAFF]
    today = timezone.localdate()
    duty.plan_roster(head, room=room, start=today, end=today, people=[maintainer], on_call=[it])
    now = timezone.now()
    change = changes.create_change(
        maintainer,
        site=site,
        content=ChangeContent(
            kind="normal",
            title="核心交换机升级固件",
            system="核心交换机",
            plan="上传固件并重启",
            rollback_plan="回退旧固件",
            spare_parts="备用交换机",
            planned_start=now + hours(48),
            planned_end=now + hours(50),
            implementer=maintainer,
            not_experimental=True,
            notify_people=(it,),
            notify_departments=tuple(Department.objects.filter(site=site)[:1]),
        ),
        submit=True,
    )
    changes.comment_on_change(head, change, text="请附回退步骤")
    seen, client = Statements(), client_for(head)
    for what, url in (
        ("round", reverse("machineroom:round", args=[open_round.pk])),
        ("rounds", reverse("machineroom:rounds")),
        ("checklist", reverse("machineroom:checklist", args=[checklist.pk])),
        ("change", reverse("machineroom:change", args=[change.pk])),
        ("changes", reverse("machineroom:changes")),
        ("roster", reverse("machineroom:roster")),
        ("duty", reverse("machineroom:duty")),
        ("home", reverse("home")),
    ):
        seen.send(what, client.get, url)
    on_call = client_for(it)
    seen.send("duty of the person on call", on_call.get, reverse("machineroom:duty"))
    seen.send("home of the person on call", on_call.get, reverse("home"))
    assert seen.sent > 60
    assert not seen.unkeyed, "\n".join(seen.unkeyed)


def test_x11_a_days_people_on_call_are_replaced_with_the_site_named(
    site, people, room, head, maintainer
):
    it, keeper = people[Role.IT_STAFF], people[Role.MR_MAINTAINER]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    (day,) = duty.plan_roster(
        head, room=room, start=tomorrow, end=tomorrow, people=[maintainer], on_call=[it]
    )
    kinds = sharding.layout()
    with CaptureQueriesContext(connection) as queries:
        day = duty.change_roster_day(
            head, day, version=day.version, person=maintainer, on_call=[head, keeper]
        )
    links = OnCallPerson.objects.filter(rosterday=day)
    assert sorted(links.values_list("user_id", "site_id")) == sorted(
        [(head.pk, site.pk), (keeper.pk, site.pk)]
    )
    assert {p.pk for p in day.on_call.all()} == {head.pk, keeper.pk}
    statements = [q["sql"] for q in queries.captured_queries]
    on_links = [sql for sql in statements if OnCallPerson._meta.db_table in sql]
    assert any(sql.startswith("DELETE") for sql in on_links)  # the IT staff's link went
    assert any(sql.startswith("INSERT") for sql in on_links)
    for sql in on_links:
        assert sharding.check(sql, kinds)[0] == "keyed", sql
    # the manager's own writes would leave a link without its site: refused by the database
    with pytest.raises(IntegrityError), transaction.atomic():
        day.on_call.add(it)
