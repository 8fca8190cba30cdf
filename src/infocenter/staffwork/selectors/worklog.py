"""Scoped reads of the work log (IT-1): entries, projects, the week view and the entries the
system proposes from what the person already did in the other apps.

IT staff see only their own records; the information-center head, the branch general manager
and the auditor see those of the IT staff of their sites (``sw.team``)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.calendar import days_span
from infocenter.core.choices import Role
from infocenter.core.exceptions import NotFound
from infocenter.core.models import User
from infocenter.machineroom.models import (
    BackupResult,
    ChangeRequest,
    DataRequest,
    InspectionRound,
    Loan,
)
from infocenter.servicedesk.models import WorkOrder

from ..models import Project, Proposal, WorkEntry, WorkKind


def visible(queryset: QuerySet, actor) -> QuerySet:
    """``queryset`` (records with ``site`` and ``person``) narrowed to what ``actor`` may see:
    their own where they keep a log, everyone's at the sites they oversee."""
    if permissions.scope_for(actor, "sw.view").everywhere:
        return queryset
    team = permissions.scope_for(actor, "sw.team").site_ids
    own = permissions.scope_for(actor, "sw.own").site_ids
    condition = Q(pk__in=[])
    if team:
        condition |= Q(site__in=team)
    if own:
        condition |= Q(site__in=own, person=actor.pk)
    return queryset.filter(condition)


def staff_for(actor) -> QuerySet[User]:
    """The people whose log and plan ``actor`` may read: themselves when they keep one, and the
    IT staff of the sites they oversee."""
    scope = permissions.scope_for(actor, "sw.team")
    condition = Q(pk=actor.pk) if permissions.can(actor, "sw.own") else Q(pk__in=[])
    if scope.everywhere:
        condition |= Q(role_assignments__role=Role.IT_STAFF)
    elif scope.site_ids:
        condition |= Q(
            role_assignments__role=Role.IT_STAFF, role_assignments__site__in=scope.site_ids
        )
    return User.objects.filter(condition).distinct().order_by("full_name", "username")


def get_staff_member(actor, pk) -> User:
    """One person whose records ``actor`` may read (the same 404 for anyone else)."""
    try:
        return staff_for(actor).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def person_of(request_value, actor) -> User | None:
    """The person a page shows: the one asked for, else the actor when they keep a log, else
    the first of the staff they oversee (None when there is nobody)."""
    if request_value:
        return get_staff_member(actor, request_value)
    if permissions.can(actor, "sw.own"):
        return actor
    return staff_for(actor).first()


def entries_for(actor, *, person: User | None = None) -> QuerySet[WorkEntry]:
    """Work log entries ``actor`` may see, newest first (of ``person`` when given)."""
    qs = visible(
        WorkEntry.objects.select_related(
            "person", "project", "helped_department", "helped_site", "site"
        ),
        actor,
    )
    return qs.filter(person=person) if person is not None else qs


def get_entry(actor, pk) -> WorkEntry:
    try:
        return entries_for(actor).get(pk=pk)
    except (WorkEntry.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def projects_for(actor, *, person: User | None = None) -> QuerySet[Project]:
    """Projects ``actor`` may see, with their milestones."""
    qs = visible(Project.objects.select_related("person", "site"), actor).prefetch_related(
        "milestones"
    )
    return qs.filter(person=person) if person is not None else qs


def get_project(actor, pk) -> Project:
    try:
        return projects_for(actor).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# -- the week view -------------------------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Week:
    """A person's week, Monday to Sunday in local time: the entries of each day, the hours of
    each day and of each kind of work."""

    monday: dt.date
    days: list[tuple[dt.date, list[WorkEntry], Decimal]] = field(default_factory=list)
    by_kind: list[tuple[str, str, Decimal]] = field(default_factory=list)
    total: Decimal = Decimal(0)

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def week_of(actor, *, person: User, day: dt.date) -> Week:
    """IT-1: the week (Monday–Sunday) holding ``day`` of ``person``'s log, as ``actor`` sees it."""
    monday = monday_of(day)
    week = Week(monday=monday)
    rows = list(
        entries_for(actor, person=person)
        .filter(day__gte=monday, day__lte=week.sunday)
        .order_by("day", "id")
    )
    by_day, by_kind = defaultdict(list), defaultdict(Decimal)
    for row in rows:
        by_day[row.day].append(row)
        by_kind[row.kind] += row.hours
    for offset in range(7):
        d = monday + dt.timedelta(days=offset)
        week.days.append((d, by_day[d], sum((r.hours for r in by_day[d]), Decimal(0))))
    week.by_kind = [(k, label, by_kind[k]) for k, label in WorkKind.choices if by_kind[k]]
    week.total = sum(by_kind.values(), Decimal(0))
    return week


# -- proposals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposed:
    """A record of the system that ``person`` did, proposed as a log entry: where it comes from
    (type label and id), the kind of work, the day, the hours suggested, a description, who was
    helped and the record's page."""

    source_type: str
    source_id: str
    site_id: int
    kind: str
    day: dt.date
    hours: Decimal
    text: str
    helped: str = ""
    url: str = ""

    @property
    def key(self) -> str:
        return f"{self.source_type}:{self.source_id}"

    @property
    def kind_label(self) -> str:
        return WorkKind(self.kind).label


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _span_hours(start, end, default: str) -> Decimal:
    if not start or not end or end <= start:
        return Decimal(default)
    hours = Decimal((end - start).total_seconds() / 3600).quantize(Decimal("0.5"))
    return min(max(hours, Decimal("0.5")), Decimal(24))


def _orders(person, since, until):
    rows = WorkOrder.objects.select_related("form", "department").filter(
        assignee=person, reported_at__gte=since, reported_at__lt=until
    )
    for o in rows:
        yield Proposed(
            "servicedesk.workorder",
            str(o.pk),
            o.site_id,
            WorkKind.MAINTENANCE,
            _local_day(o.reported_at),
            _span_hours(o.started_at, o.reported_at, "1"),
            _("Work order %(serial)s: %(what)s")
            % {"serial": o.serial, "what": o.form.content[:60]},
            o.form.reporter_name,
            o.get_absolute_url(),
        )


def _rounds(person, since, until):
    rows = InspectionRound.objects.filter(
        submitted_by=person, submitted_at__gte=since, submitted_at__lt=until
    )
    for r in rows:
        yield Proposed(
            "machineroom.inspectionround",
            str(r.pk),
            r.site_id,
            WorkKind.MAINTENANCE,
            _local_day(r.submitted_at),
            Decimal("0.5"),
            _("Machine-room inspection round %(serial)s %(title)s")
            % {"serial": r.serial, "title": r.title},
            "",
            r.get_absolute_url(),
        )


def _changes(person, since, until):
    rows = ChangeRequest.objects.filter(
        implementer=person, finished_at__gte=since, finished_at__lt=until
    )
    for c in rows:
        yield Proposed(
            "machineroom.changerequest",
            str(c.pk),
            c.site_id,
            WorkKind.MAINTENANCE,
            _local_day(c.finished_at),
            _span_hours(c.started_at, c.finished_at, "1"),
            _("Change %(serial)s implemented: %(title)s (%(system)s)")
            % {"serial": c.serial, "title": c.title, "system": c.system},
            "",
            c.get_absolute_url(),
        )


def _backups(person, since, until):
    rows = BackupResult.objects.select_related("job").filter(
        recorded_by=person, recorded_at__gte=since, recorded_at__lt=until, current=True
    )
    for b in rows:
        yield Proposed(
            "machineroom.backupresult",
            str(b.pk),
            b.site_id,
            WorkKind.MAINTENANCE,
            _local_day(b.recorded_at),
            Decimal("0.5"),
            _("Backup checked: %(job)s of %(day)s (%(result)s)")
            % {"job": b.job.name, "day": f"{b.day:%Y-%m-%d}", "result": b.get_outcome_display()},
            "",
            b.get_absolute_url(),
        )


def _loans(person, since, until):
    rows = Loan.objects.filter(
        handed_out_by=person, handed_out_at__gte=since, handed_out_at__lt=until
    )
    for loan in rows:
        outside = bool(loan.organisation) and loan.borrower_id is None
        yield Proposed(
            "machineroom.loan",
            str(loan.pk),
            loan.site_id,
            WorkKind.OUTSIDE_HELP if outside else WorkKind.MAINTENANCE,
            _local_day(loan.handed_out_at),
            Decimal("0.5"),
            _("Equipment loan %(serial)s handed out to %(borrower)s")
            % {"serial": loan.serial, "borrower": loan.borrower_text},
            loan.borrower_text,
            loan.get_absolute_url(),
        )


def _data_requests(person, since, until):
    rows = DataRequest.objects.filter(
        fulfilled_by=person, fulfilled_at__gte=since, fulfilled_at__lt=until
    )
    for r in rows:
        yield Proposed(
            "machineroom.datarequest",
            str(r.pk),
            r.site_id,
            WorkKind.OUTSIDE_HELP,
            _local_day(r.fulfilled_at),
            Decimal("1"),
            _("Data-access request %(serial)s fulfilled: %(purpose)s")
            % {"serial": r.serial, "purpose": r.purpose[:60]},
            f"{r.organisation} {r.applicant}".strip(),
            r.get_absolute_url(),
        )


SOURCES = (_orders, _rounds, _changes, _backups, _loans, _data_requests)
PROPOSAL_DAYS = 366  # the longest period proposals are looked for in at once


def proposals_for(actor, *, start: dt.date, end: dt.date) -> list[Proposed]:
    """IT-1: what ``actor`` did in the system from ``start`` to ``end`` (local days) at the
    sites where they keep a log, proposed as entries; never what they confirmed or dismissed.
    Oldest first."""
    sites = permissions.scope_for(actor, "sw.own")
    if sites.empty:
        return []
    start = max(start, end - dt.timedelta(days=PROPOSAL_DAYS))
    since, until = days_span(start, end)
    decided = set(Proposal.objects.filter(person=actor).values_list("source_type", "source_id"))
    found = [
        p
        for source in SOURCES
        for p in source(actor, since, until)
        if (p.source_type, p.source_id) not in decided
        and (sites.everywhere or p.site_id in sites.site_ids)
    ]
    return sorted(found, key=lambda p: (p.day, p.source_type, p.source_id))


def find_proposal(actor, key: str) -> Proposed:
    """One proposal of ``actor`` (of the last year) by its key (``type:id``); a 404 when it is
    not, or no longer, proposed to them."""
    end = timezone.localdate()
    for proposal in proposals_for(actor, start=end - dt.timedelta(days=PROPOSAL_DAYS), end=end):
        if proposal.key == key:
            return proposal
    raise NotFound(_("This record is not proposed to you (any more)."))
