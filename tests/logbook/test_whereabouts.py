"""IT-5: where each staff member is, until when, and whom to call instead."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.logbook import selectors, services
from infocenter.logbook.choices import WhereaboutsStatus


def board(actor, site):
    return {row["person"].pk: row for row in selectors.whereabouts_board(actor, site=site)}


def test_it5_everyone_sets_their_own_and_the_board_shows_whom_to_call(site, people):
    tech, head = people[Role.DEPT_STAFF], people[Role.DEPT_HEAD]
    until = timezone.now() + dt.timedelta(hours=2)
    services.set_whereabouts(
        tech,
        person=tech,
        status=WhereaboutsStatus.OTHER_DEPARTMENT,
        place="秩序部监控室",
        until=until,
        substitute=head,
    )
    row = board(people[Role.PROCESSOR], site)[tech.pk]
    assert (
        row["where"].status == "other_department"
        and row["where"].substitute == head
        and not row["expired"]
    )
    assert board(people[Role.PROCESSOR], site)[head.pk]["where"] is None  # not set


def test_it5_a_status_past_its_time_shows_as_not_known(site, people):
    tech = people[Role.DEPT_STAFF]
    services.set_whereabouts(
        tech,
        person=tech,
        status=WhereaboutsStatus.MEETING,
        until=timezone.now() + dt.timedelta(hours=1),
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        row = board(people[Role.PROCESSOR], site)[tech.pk]
    assert row["where"] is None and row["expired"]


def test_it5_only_the_control_room_and_heads_set_others(site, people):
    tech, auditor = people[Role.DEPT_STAFF], people[Role.AUDITOR]
    with pytest.raises(PermissionDenied):
        services.set_whereabouts(tech, person=auditor, status=WhereaboutsStatus.OUT)
    services.set_whereabouts(
        people[Role.PROCESSOR], person=tech, status=WhereaboutsStatus.ON_SITE, place="3栋"
    )
    services.set_whereabouts(people[Role.DEPT_HEAD], person=tech, status=WhereaboutsStatus.AT_DESK)


def test_it5_refusals_explain(site, people):
    tech = people[Role.DEPT_STAFF]
    with pytest.raises(ValidationFailed) as exc:
        services.set_whereabouts(
            tech,
            person=tech,
            status="flying",
            until=timezone.now() - dt.timedelta(hours=1),
            substitute=tech,
        )
    assert set(exc.value.field_errors) == {"status", "until", "substitute"}
    row = services.set_whereabouts(tech, person=tech, status=WhereaboutsStatus.OUT)
    with pytest.raises(Conflict):
        services.set_whereabouts(
            tech, person=tech, status=WhereaboutsStatus.AT_DESK, version=row.version - 1
        )
