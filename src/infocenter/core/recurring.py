"""Recurring reminders per site (DESIGN: python-dateutil rrule): the weekly archive hand-over,
daily rounds, the quarterly LAN test. Each occurrence is a Deadline on the site, so it fires
once whatever the number of workers; firing it schedules the next one."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.db import transaction
from django.utils import timezone

from . import deadlines
from .models import Deadline, Site


@dataclass(frozen=True)
class Recurring:
    kind: str
    rule: str  # an RFC 5545 RRULE, in local time, e.g. "FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0"
    label: str
    action: Callable[[Site, dt.datetime], None]


_registry: dict[str, Recurring] = {}


def register(
    kind: str, *, rule: str, label: str, action: Callable[[Site, dt.datetime], None]
) -> None:
    """Declare a recurring reminder; ``action(site, now)`` runs at each occurrence."""
    _registry[kind] = Recurring(kind, rule, label, action)

    def fire(deadline, now):
        site = Site.objects.get(pk=deadline.site_id)
        action(site, now)
        _schedule_next(_registry[kind], site, after=max(now, deadline.due_at))

    deadlines.register(kind, label=label, on_due=fire)


def next_occurrence(rule: str, after: dt.datetime) -> dt.datetime:
    """The first occurrence of ``rule`` strictly after ``after``, in local time."""
    local = timezone.localtime(after).replace(microsecond=0)
    start = local.replace(hour=0, minute=0, second=0, tzinfo=None)
    found = rrulestr(rule, dtstart=start).after(local.replace(tzinfo=None))
    return timezone.make_aware(found)


def _schedule_next(item: Recurring, site: Site, *, after: dt.datetime) -> Deadline:
    return deadlines.schedule_at(
        subject=site, kind=item.kind, site=site, due_at=next_occurrence(item.rule, after)
    )


def ensure_all(now: dt.datetime | None = None) -> int:
    """Give every site its next occurrence of every recurring reminder that it lacks. Called
    when a worker starts; cheap when nothing is missing (one query per kind)."""
    now = now or timezone.now()
    created = 0
    for item in _registry.values():
        with transaction.atomic():
            have = set(
                Deadline.objects.filter(
                    kind=item.kind, state__in=deadlines.OPEN_STATES
                ).values_list("site_id", flat=True)
            )
            for site in Site.objects.exclude(pk__in=have):
                _schedule_next(item, site, after=now)
                created += 1
    return created
