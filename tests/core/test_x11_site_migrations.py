"""X-11 item 7: the links of a record keep the record's site (the site key of a database
distributed by site). Links made before the key was added get their record's site when
migrating: an entry's buildings (logbook 0005) and a roster day's people on call (machineroom
0016), on the many-to-manys' own tables."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from infocenter.core import services as core
from infocenter.core.choices import Role
from infocenter.core.models import Building, Department
from infocenter.logbook import services as logbook
from infocenter.logbook.models import AffectedBuilding
from infocenter.machineroom.models import OnCallPerson
from infocenter.machineroom.services import access as machineroom
from infocenter.machineroom.services import duty

BEFORE = [
    ("logbook", "0004_phone_tail_indexes"),
    ("machineroom", "0015_lines_and_comments_site_required"),
]


def _migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def _columns(model) -> list[str]:
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return [c.name for c in table]


@pytest.mark.django_db(transaction=True)
def test_x11_links_made_before_the_site_key_get_their_records_site(org, people, root):
    now, today = timezone.now(), timezone.localdate()
    entries = []
    for site in (org["a"], org["b"]):
        core.create_building(root, site=site, name="9栋", floors=1, units=["1单元"])
        entry = logbook.record_entry(
            root,
            site=site,
            department=Department.objects.filter(site=site).first(),
            kind="power_outage",
            title="检修停电",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=2),
            changed_at=now,
            channel="phone",
            reported_by="王工",
            buildings=list(Building.objects.filter(site=site)),
        )
        entries += [(entry.pk, b.pk, site.pk) for b in entry.buildings.all()]
    room = machineroom.add_room(root, site=org["a"], name="中心机房", location="三楼")
    (day,) = duty.plan_roster(
        root,
        room=room,
        start=today,
        end=today,
        people=[people[Role.MR_MAINTAINER]],
        on_call=[people[Role.IT_STAFF], people[Role.IC_HEAD]],
    )
    on_call = [(day.pk, p.pk, org["a"].pk) for p in day.on_call.all()]
    assert len(entries) >= 4 and len(on_call) == 2
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    _migrate(BEFORE)
    try:
        # the tables as Django made them for the plain many-to-manys
        assert "site_id" not in _columns(AffectedBuilding)
        assert "site_id" not in _columns(OnCallPerson)
    finally:
        _migrate(latest)
    kept = AffectedBuilding.objects.values_list("registryentry_id", "building_id", "site_id")
    assert sorted(kept) == sorted(entries)
    kept = OnCallPerson.objects.values_list("rosterday_id", "user_id", "site_id")
    assert sorted(kept) == sorted(on_call)
