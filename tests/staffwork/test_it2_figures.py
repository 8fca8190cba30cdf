"""IT-2 → IT-4: the endpoint figures a person's annual assessment drafts from: the rates of the
sites they keep at the start and the end of the year, and the differences they still own."""

import datetime as dt

from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.staffwork import figures
from infocenter.staffwork.services import endpoint_lists as lists
from infocenter.staffwork.services import endpoints as services

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
    # the year before: the rates it ended with; two years before: no snapshot, no figure
    before = {f.label: f for f in figures.figures_for(keeper, year=year - 1)}
    assert before["Registration rate"].text == (
        "Registration rate of the endpoints reached 0.0 % (4 endpoints)."
    )
    assert not [f for f in figures.figures_for(keeper, year=year - 2) if "rate" in f.label]
