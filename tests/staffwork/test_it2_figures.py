"""IT-2 → IT-4: the endpoint figures a person's annual assessment drafts from: the rates of the
sites they keep at the start and the end of the year, and the differences they still own."""

import datetime as dt

import time_machine
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core import services as services_people
from infocenter.core.choices import Role
from infocenter.staffwork import figures
from infocenter.staffwork.models.endpoints import Difference
from infocenter.staffwork.selectors.endpoints import sites_kept
from infocenter.staffwork.services import endpoint_lists as lists
from infocenter.staffwork.services import endpoints as services
from tests.conftest import make_person

from .helpers_endpoints import COLUMNS, registry, row, rows_of, xlsx


def test_it2_figures_rates_at_the_start_and_end_of_the_year_and_open_differences(org, people):
    site, keeper = org["a"], people[Role.IT_STAFF]
    endpoints = registry(keeper, site, 4)
    year = timezone.localdate().year
    services.snapshot_rates(site, dt.date(year - 1, 12, 31))  # none registered yet
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    rows = rows_of(xlsx([row(e) for e in endpoints[1:]]), site)
    lists.import_list(keeper, site=site, kind="backend", rows=rows)
    found = {f.label: f for f in figures.figures_for(keeper, year=year)}
    assert found["Registration rate"].value == "75.0 %"
    assert found["Registration rate"].text == (
        "Registration rate of the endpoints from 0.0 % to 75.0 % (4 endpoints)."
    )
    assert found["Registration rate"].section == figures.REVIEW
    assert found["Open differences with the security system"].value == 1
    assert found["Open differences with the security system"].section == figures.PROBLEMS
    # a person who keeps no registry has no endpoint figures
    assert not [
        f for f in figures.figures_for(people[Role.PROCESSOR], year=year) if "rate" in f.label
    ]
    # the keeper's role began this year: the years before have no endpoint figures
    assert not [f for f in figures.figures_for(keeper, year=year - 1) if "rate" in f.label]


def test_it2_figures_of_a_past_year_are_those_of_the_site_kept_that_year(root, org):
    """A person who kept site B's registry last year and site A's from this year: last year's
    assessment has B's rates and the differences still open at that year's end; this year's
    has A's only."""
    a, b = org["a"], org["b"]
    year = timezone.localdate().year
    last_year = dt.datetime(year - 1, 3, 1, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(last_year, tick=False):
        keeper = make_person(root, "mover", Role.IT_STAFF, site=b)
        at_b = registry(keeper, b, 4)
        lists.save_mapping(keeper, site=b, kind="backend", columns=COLUMNS)
        lists.import_list(
            keeper, site=b, kind="backend", rows=rows_of(xlsx([row(e) for e in at_b[:2]]), b)
        )
    with time_machine.travel(dt.datetime(year - 1, 12, 30, 2, 0, tzinfo=dt.UTC), tick=False):
        # one of B's two differences settled before the year ended
        first = Difference.objects.filter(site=b, owner=keeper).order_by("pk").first()
        lists.resolve_difference(keeper, first, version=first.version, resolution="register")
        services_people.revoke_role(root, keeper.role_assignments.get(site=b))
    services.snapshot_rates(b, dt.date(year - 1, 12, 31))
    with time_machine.travel(dt.datetime(year, 1, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        services_people.assign_role(root, person=keeper, role=Role.IT_STAFF, site=a)
        at_a = registry(keeper, a, 5)
    services.snapshot_rates(a, timezone.localdate())
    permissions.forget(keeper)

    assert sites_kept(keeper, year=year - 1) == [b.pk]
    assert sites_kept(keeper, year=year) == [a.pk]
    assert sites_kept(keeper, year=year - 2) == []
    last = {f.label: f for f in figures.figures_for(keeper, year=year - 1)}
    assert last["Registration rate"].text == (
        "Registration rate of the endpoints reached 75.0 % (4 endpoints)."
    )
    assert last["Open differences with the security system"].value == 1
    assert last["Open differences with the security system"].text == (
        "1 differences between the registry and the other lists were still open at the end "
        "of the year."
    )
    this = {f.label: f for f in figures.figures_for(keeper, year=year)}
    assert this["Registration rate"].text == (
        f"Registration rate of the endpoints reached 0.0 % ({len(at_a)} endpoints)."
    )
    assert "Open differences with the security system" not in this
