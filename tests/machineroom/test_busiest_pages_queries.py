"""Issue 15: the machine room's busiest pages (the head's approvals inbox, the access desk, the
inspection rounds, the equipment ledger) make as many SQL statements for many rows as for one:
each list is read in one go, its rows' choices, links and related records included."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import access, data_access, equipment, inspections, loans

from .conftest import hours, page_budget
from .test_changes import propose  # noqa: F401 (a fixture)


def _statements(client, path) -> int:
    client.get(path)  # what a process reads once is not counted
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _waiting(n, *, ask, propose, people, site, maintainer, now):  # noqa: F811
    """``n`` of each kind waiting for the head: a visit, a change, a data request, a loan."""
    for i in range(n):
        ask(starts_at=now + hours(i + 1), ends_at=now + hours(i + 2))
        propose(planned_start=now + hours(48 + i), planned_end=now + hours(50 + i))
        data_access.request_data_access(
            people[Role.PROCESSOR],
            site=site,
            organisation="区公安分局",
            applicant="李警官",
            phone="023-67700110",
            purpose="调查",
            items=["3 栋监控录像"],
        )
        line = equipment.add_equipment(
            maintainer,
            site=site,
            line=LedgerLine(
                category="spare", name="光模块", model=f"SFP-{i}", quantity=2, unit="个"
            ),
        )
        loans.request_loan(
            maintainer,
            site=site,
            lines=[(line, 1)],
            borrower=people[Role.IT_STAFF],
            purpose="排障",
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )


def test_mr_approvals_inbox_queries_do_not_grow_with_rows(
    ask,
    propose,  # noqa: F811 (the fixture imported above)
    people,
    site,
    maintainer,
    head,
    client_for,
    now,
):
    client, path = client_for(head), reverse("machineroom:approvals")
    scene = {"ask": ask, "propose": propose, "people": people, "site": site, "now": now}
    _waiting(1, maintainer=maintainer, **scene)
    one = _statements(client, path)
    _waiting(4, maintainer=maintainer, **scene)
    assert _statements(client, path) == one <= page_budget("inbox")


def test_mr2_desk_queries_do_not_grow_with_rows(
    approved, room, maintainer, people, client_for, now
):
    """A form to sign in each request's people (its escort chosen among the staff read once),
    who is inside and the releases of the day."""

    def day_of_visits(n):
        for i in range(n):
            record = approved(
                "construction",
                people_coming=(f"张工{i}", f"李工{i}"),
                starts_at=now - hours(1),
                ends_at=now + hours(8),
            )
            access.sign_in_visitor(maintainer, request=record, name=f"张工{i}")

    client, path = client_for(maintainer), reverse("machineroom:desk")
    day_of_visits(1)
    one = _statements(client, path)
    day_of_visits(4)
    access.sign_in_staff(people[Role.IT_STAFF], room=room)
    assert _statements(client, path) == one <= 11


def test_mr9_rounds_queries_do_not_grow_with_rows(maintainer, checklist, client_for):
    client, path = client_for(maintainer), reverse("machineroom:rounds")

    def rounds(n):
        for _ in range(n):
            record = inspections.start_round(
                maintainer, checklist=checklist, due_at=timezone.now() + hours(2)
            )
            if _ % 2:
                inspections.cancel_round(
                    maintainer, record, version=record.version, note="当日停电检修"
                )

    rounds(1)
    one = _statements(client, path)
    rounds(6)
    assert _statements(client, path) == one <= 11


@pytest.mark.parametrize("query", ["", "?all=1"])
def test_mr13_ledger_queries_do_not_grow_with_rows(maintainer, site, room, client_for, query):
    client, path = client_for(maintainer), reverse("machineroom:equipment") + query

    def lines(n, start=0):
        for i in range(start, start + n):
            equipment.add_equipment(
                maintainer,
                site=site,
                line=LedgerLine(
                    category="equipment",
                    name="接入交换机",
                    model="S5130",
                    serial=f"SW-{i}",
                    status="in_use",
                    room=room if i % 2 else None,
                    location="A1 机柜",
                    custodian=maintainer,
                ),
            )

    lines(1)
    one = _statements(client, path)
    lines(8, start=1)
    assert _statements(client, path) == one <= 11
