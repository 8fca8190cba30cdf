"""X-11 item 7: an entry's buildings keep the entry's site (the site key of a database
distributed by site). The links made before the key was added get it when migrating."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from infocenter.core import services as core
from infocenter.core.models import Building, Department
from infocenter.logbook.models import AffectedBuilding

from .test_registry import record

BEFORE = ("logbook", "0004_phone_tail_indexes")
AFTER = ("logbook", "0006_affected_building_site_required")


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_x11_links_made_before_the_site_key_get_their_entrys_site(org, root):
    links = []
    for site in (org["a"], org["b"]):
        core.create_building(root, site=site, name="9栋", floors=1, units=["1单元"])
        gc = Department.objects.filter(site=site).first()
        entry = record(root, site, gc, buildings=list(Building.objects.filter(site=site)))
        links += [(entry.pk, b.pk, site.pk) for b in entry.buildings.all()]
    assert len(links) >= 4
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            columns = [
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, AffectedBuilding._meta.db_table
                )
            ]
        assert "site_id" not in columns  # as the table was
    finally:
        _migrate(AFTER)
    kept = AffectedBuilding.objects.values_list("registryentry_id", "building_id", "site_id")
    assert sorted(kept) == sorted(links)
