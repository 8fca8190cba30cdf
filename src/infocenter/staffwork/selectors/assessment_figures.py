"""IT-4: the figures of the work a person did in the other apps during a year, counted for the
annual assessment's draft (年度工作回顾): work orders handled, machine-room inspection rounds,
changes implemented, backups checked, loans handled, data requests fulfilled and phone calls
returned. Registered in ``figures`` from the app's ``ready()``; reads only."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from infocenter.core.calendar import days_span
from infocenter.logbook.models import PhoneCall
from infocenter.machineroom.models import (
    BackupResult,
    ChangeRequest,
    DataRequest,
    InspectionRound,
    Loan,
    RestoreTest,
)
from infocenter.servicedesk.models import WorkOrder

from .. import figures
from ..figures import REVIEW, Figure


def year_span(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The instants that bound the local calendar year (``>= since``, ``< until``)."""
    return days_span(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _in(field: str, year: int) -> Q:
    since, until = year_span(year)
    return Q(**{f"{field}__gte": since, f"{field}__lt": until})


def _counts(person, year: int) -> list[tuple[str, int, str]]:
    """(label, count, sentence) of each kind of work, in the order the draft tells them."""
    orders = WorkOrder.objects.filter(
        Q(assignee=person) | Q(acknowledged_by=person), _in("reported_at", year)
    )
    backups = BackupResult.objects.filter(_in("recorded_at", year), recorded_by=person).count()
    restores = RestoreTest.objects.filter(tested_by=person, tested_on__year=year).count()
    return [
        (
            _("Work orders handled"),
            orders.distinct().count(),
            _("Handled %(n)s work orders as a technician or for my department."),
        ),
        (
            _("Machine-room inspection rounds"),
            InspectionRound.objects.filter(_in("submitted_at", year), submitted_by=person).count(),
            _("Made %(n)s inspection rounds of the machine room."),
        ),
        (
            _("Changes implemented"),
            ChangeRequest.objects.filter(_in("finished_at", year), implementer=person).count(),
            _("Implemented %(n)s changes to systems and devices."),
        ),
        (
            _("Backups checked"),
            backups + restores,
            _("Checked %(n)s backups and restore tests."),
        ),
        (
            _("Equipment loans handled"),
            Loan.objects.filter(
                Q(handed_out_by=person, handed_out_at__isnull=False) | Q(received_by=person),
                _in("requested_at", year),
            )
            .distinct()
            .count(),
            _("Handed out or took back %(n)s equipment loans."),
        ),
        (
            _("Data requests fulfilled"),
            DataRequest.objects.filter(_in("fulfilled_at", year), fulfilled_by=person).count(),
            _("Provided data for %(n)s data requests."),
        ),
        (
            _("Missed calls returned"),
            PhoneCall.objects.filter(
                _in("occurred_at", year), taken_by=person, callback_of__isnull=False
            ).count(),
            _("Returned %(n)s missed calls."),
        ),
    ]


def work_in_the_system(person, *, year: int) -> list[Figure]:
    """IT-4: what ``person`` did in the system in ``year``, one figure a kind of work done
    (kinds with nothing done are left out)."""
    return [
        Figure(label=label, value=n, text=sentence % {"n": n}, section=REVIEW)
        for label, n, sentence in _counts(person, year)
        if n
    ]


figures.register("records", work_in_the_system)
