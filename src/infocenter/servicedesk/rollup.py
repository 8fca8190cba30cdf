"""The service desk's settled days (X-9; docs/decisions/0001-report-figures-at-scale.md).

A site's day is **settled** once it is over, every form received there that day and every work
order issued there that day is archived and none of their time limits is still running: archived
records cannot change, so what the figures count of that day cannot change either. A settled
day's counts are kept in ``ServiceDeskDay``, and a period's figures sum the rows of its settled
days and count only the other days from the records (today, the weeks not yet archived, the
days of a matter still open). The rows are written by the worker each night
(``sd.settle_days``) and by ``infocenter settle_days`` (an upgrade, a restored database); a
missing row only means the day is counted from its records. A form logged late, as received on
a settled day, or whose receipt time is corrected to one, reopens that day (``reopen``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from infocenter.core.calendar import days_span
from infocenter.core.models import Site

from .models import ServiceDeskDay, ServiceForm, WorkOrder

VERSION = 2  # what a row counts; a row of another version is counted again (``settle``)
MAX_SPANS = 24  # a site whose unsettled days split a period into more is counted whole, live
SETTLE_BATCH = 400  # days a nightly pass settles per site (the rest the next night)

LiveCounts = Callable[[list[int], Q, Q], dict[int, dict[str, int]]]
LiveBuckets = Callable[[list[int], list[tuple[int, list]]], dict[int, dict[str, int]]]


def _whole_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date] | None:
    """The local days [first, last] that ``start`` and ``end`` span, when both are local
    midnights (every report period and dashboard window); None otherwise."""
    begin, finish = timezone.localtime(start), timezone.localtime(end)
    if begin.time() != dt.time() or finish.time() != dt.time() or finish <= begin:
        return None
    return begin.date(), finish.date() - dt.timedelta(days=1)


def when(spans: list[tuple[dt.date, dt.date]]) -> tuple[Q, Q]:
    """The forms received and the orders issued on the days of ``spans``."""
    forms, orders = Q(pk__in=[]), Q(pk__in=[])
    for first, last in spans:
        since, until = days_span(first, last)
        forms |= Q(received_at__gte=since, received_at__lt=until)
        orders |= Q(dispatched_at__gte=since, dispatched_at__lt=until)
    return forms, orders


def _spans(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days joined into [first, last] spans."""
    spans: list[list[dt.date]] = []
    for day in sorted(days):
        if spans and day - spans[-1][1] == dt.timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    return [(first, last) for first, last in spans]


def period_counts(
    site_ids: list[int], start: dt.datetime, end: dt.datetime, *, live: LiveCounts
) -> dict[int, dict[str, int]]:
    """By site, the counts of [start, end): the settled days' rows summed, the other days
    counted by ``live`` (sites with the same unsettled days together, in one pass)."""
    days = _whole_days(start, end)
    if days is None:
        return live(site_ids, *_when_moments(start, end))
    first, last = days
    totals: dict[int, dict[str, int]] = {pk: {} for pk in site_ids}
    settled: dict[int, set[dt.date]] = {pk: set() for pk in site_ids}
    kept: dict[int, list[dict]] = {pk: [] for pk in site_ids}
    for site, day, counts in _settled_rows(site_ids, first, last):
        settled[site].add(day)
        kept[site].append(counts)
    every_day = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    pending: dict[tuple, list[int]] = {}
    for pk in site_ids:
        spans = _spans(d for d in every_day if d not in settled[pk])
        if len(spans) > MAX_SPANS:  # scattered: one pass over the whole period is cheaper
            kept[pk], spans = [], [(first, last)]
        for counts in kept[pk]:
            _add(totals[pk], counts)
        if spans:
            pending.setdefault(tuple(spans), []).append(pk)
    for spans, sites in pending.items():
        for pk, counts in live(sites, *when(list(spans))).items():
            _add(totals[pk], counts)
    return totals


def _when_moments(start: dt.datetime, end: dt.datetime) -> tuple[Q, Q]:
    return (
        Q(received_at__gte=start, received_at__lt=end),
        Q(dispatched_at__gte=start, dispatched_at__lt=end),
    )


def _settled_rows(site_ids, first: dt.date, last: dt.date):
    """(site, day, counts) of the rows of [first, last] of the current version: a row of
    another version counts as missing."""
    rows = ServiceDeskDay.objects.filter(site__in=site_ids, day__gte=first, day__lte=last)
    for site, day, counts in rows.values_list("site", "day", "counts"):
        if counts.get("_v") == VERSION:
            yield site, day, counts


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, n in counts.items():
        if key != "_v":
            total[key] = total.get(key, 0) + n


def bucket_totals(
    site_ids: list[int], buckets: list[list[dt.date]], *, live: LiveBuckets
) -> list[dict[str, int]]:
    """For each bucket of consecutive days (a chart's bars), the counts of its days over
    ``site_ids``: the settled days' rows summed, the other days counted by ``live`` (given, for
    the sites with the same unsettled days, each bucket's unsettled spans; one pass)."""
    index = {day: i for i, days in enumerate(buckets) for day in days}
    totals: list[dict[str, int]] = [{} for _ in buckets]
    if not index:
        return totals
    settled: dict[int, set[dt.date]] = {pk: set() for pk in site_ids}
    for site, day, counts in _settled_rows(site_ids, min(index), max(index)):
        settled[site].add(day)
        _add(totals[index[day]], counts)
    pending: dict[tuple, list[int]] = {}
    for pk in site_ids:
        parts = tuple(
            (i, tuple(spans))
            for i, days in enumerate(buckets)
            if (spans := _spans(d for d in days if d not in settled[pk]))
        )
        if parts:
            pending.setdefault(parts, []).append(pk)
    for parts, sites in pending.items():
        for i, counts in live(sites, [(i, list(spans)) for i, spans in parts]).items():
            _add(totals[i], counts)
    return totals


# -- settling ------------------------------------------------------------------------------------


def unsettled_days(site_id: int, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days of [first, last] at ``site_id`` with a form or an order not yet archived."""
    since, until = days_span(first, last)
    tz = timezone.get_current_timezone()
    forms = ServiceForm.objects.filter(
        site=site_id, received_at__gte=since, received_at__lt=until, archived_at__isnull=True
    )
    orders = WorkOrder.objects.filter(
        site=site_id, dispatched_at__gte=since, dispatched_at__lt=until, archived_at__isnull=True
    )
    found = set()
    for queryset, field in ((forms, "received_at"), (orders, "dispatched_at")):
        found |= set(
            queryset.order_by()
            .annotate(day=TruncDate(field, tzinfo=tz))
            .values_list("day", flat=True)
            .distinct()
        )
    return found


def reopen(site_id: int, moment: dt.datetime) -> None:
    """A form was logged as received at ``moment``, or its receipt time corrected to it, after
    the fact: its day, if settled, is counted from its records again until it settles anew.
    Today is never settled, so a call logged as it comes in costs no query here."""
    day = timezone.localtime(moment).date()
    if day < timezone.localdate():
        _take_turns(site_id)
        ServiceDeskDay.objects.filter(site=site_id, day=day).delete()


def _take_turns(site_id: int) -> None:
    """Settling a site's day and reopening one take the site's row lock in turn, each in its
    transaction. Without it, on PostgreSQL, a form logged late while its day is being counted
    could be missed by the count (not yet committed) and find no row to delete (the count's,
    not yet committed either). With it, either the count runs after the form is committed, or
    the reopening deletes the row after the count is. SQLite writes one transaction at a time
    (``BEGIN IMMEDIATE``), which already keeps them apart."""
    if transaction.get_connection().features.has_select_for_update:
        list(Site.objects.select_for_update().filter(pk=site_id).values_list("pk", flat=True))


def settle(
    site_id: int,
    days: Iterable[dt.date],
    *,
    live: LiveCounts,
    today: dt.date | None = None,
) -> int:
    """Keep the counts of each of ``days`` at ``site_id`` that is settled and has no row of the
    current version, counted by ``live`` (``reports.day_counts``), each day in its own
    transaction (an interrupted run keeps the days it finished). Returns the rows written."""
    today = today or timezone.localdate()
    days = sorted(d for d in set(days) if d < today)  # a day settles once it is over
    if not days:
        return 0
    have = _current(site_id, days[0], days[-1])
    open_days = unsettled_days(site_id, days[0], days[-1])
    written = 0
    for day in days:
        if day in have or day in open_days:
            continue
        with transaction.atomic():
            _take_turns(site_id)
            counts = live([site_id], *when([(day, day)])).get(site_id, {})
            if any(key.endswith(":open") and n for key, n in counts.items()):
                continue  # a time limit still running: not settled yet
            ServiceDeskDay.objects.update_or_create(
                site_id=site_id,
                day=day,
                defaults={"counts": {**counts, "_v": VERSION}, "settled_at": timezone.now()},
            )
            written += 1
    return written


def _current(site_id: int, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days of [first, last] of ``site_id`` that have a row of the current version."""
    return {day for _site, day, _counts in _settled_rows([site_id], first, last)}


def candidates(site_id: int, *, before: dt.date) -> list[dt.date]:
    """The days from the site's first form or order up to ``before`` (excluded) that have no
    row yet and nothing left open: what a settling pass looks at, oldest first. A day without
    a form or an order is settled too (its row counts nothing), so that the settled days of a
    period stay one run."""
    firsts = [
        model.objects.filter(site=site_id).order_by(field).values_list(field, flat=True).first()
        for model, field in ((ServiceForm, "received_at"), (WorkOrder, "dispatched_at"))
    ]
    firsts = [timezone.localtime(moment).date() for moment in firsts if moment is not None]
    if not firsts or min(firsts) >= before:
        return []
    first = min(firsts)
    have = _current(site_id, first, before - dt.timedelta(days=1))
    last = before - dt.timedelta(days=1)
    open_days = unsettled_days(site_id, first, last)
    every = (first + dt.timedelta(days=n) for n in range((before - first).days))
    return [day for day in every if day not in have and day not in open_days]


def settle_site(site, now: dt.datetime, *, live: LiveCounts) -> int:
    """The nightly pass (``sd.settle_days``): settle up to ``SETTLE_BATCH`` of the site's days
    before today."""
    today = timezone.localdate(now)
    days = candidates(site.pk, before=today)[:SETTLE_BATCH]
    return settle(site.pk, days, live=live, today=today)
