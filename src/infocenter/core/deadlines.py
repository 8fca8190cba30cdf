"""The one deadline engine for every time rule (DESIGN rule 4).

An app registers a handler per deadline kind (in its ``deadlines.py``), and its services call
``schedule`` / ``complete`` / ``cancel`` inside their transactions. The worker calls
``fire_next`` until nothing is due: each row is taken with ``SELECT … FOR UPDATE SKIP LOCKED``
(PostgreSQL) and its state moves on in the same transaction as the handler's writes, so any
number of workers may run and each warning and breach fires once.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from . import calendar, sharding
from .choices import DeadlineState, DurationUnit
from .models import Deadline, Site
from .sharding import site_key

OPEN_STATES = (DeadlineState.SCHEDULED, DeadlineState.WARNED)
DEFAULT_WARN_RATIO = 0.75
RETRY_SECONDS = 60

HandlerFn = Callable[[Deadline, dt.datetime], None]


@dataclass(frozen=True)
class Handler:
    kind: str
    label: str
    on_warn: HandlerFn | None = None
    on_due: HandlerFn | None = None


_registry: dict[str, Handler] = {}


def register(
    kind: str, *, label: str, on_warn: HandlerFn | None = None, on_due: HandlerFn | None = None
) -> None:
    """Declare a deadline kind and what happens at its warning and at its breach. Handlers
    run inside the worker's transaction and must be idempotent."""
    _registry[kind] = Handler(kind, label, on_warn, on_due)


def handler_for(kind: str) -> Handler:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"no deadline handler registered for kind {kind!r}") from None


def _subject_key(subject: models.Model) -> dict:
    return {"subject_type": subject._meta.label_lower, "subject_id": str(subject.pk)}


def _of_subject(subject: models.Model) -> dict:
    """The filter of ``subject``'s clocks, with its site: a record's clocks are its site's."""
    return {**_subject_key(subject), **site_key(subject)}


def _of_sites(records) -> dict:
    """The filter of the sites of ``records`` (all of one model), when its table has them."""
    if not records or not sharding.is_distributed(records[0]._meta.model):
        return {}
    return {"site_id__in": sorted({r.site_id for r in records})}


# Clocks started inside ``started_together()``, waiting to be inserted at its end.
_held: ContextVar[list | None] = ContextVar("deadlines_held", default=None)


@contextmanager
def started_together():
    """Clocks started inside are inserted together when the block ends (one insert): a service
    that does several steps in one transaction starts its clocks at once. Must sit inside the
    service's transaction; nothing is written if the block fails. Inside another such block,
    they join the outer one."""
    if _held.get() is not None:
        yield
        return
    held: list[Deadline] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    Deadline.objects.bulk_create(held)


def schedule(
    *,
    subject: models.Model,
    kind: str,
    site: Site,
    start: dt.datetime,
    amount: float,
    unit: str,
    warn_ratio: float | None = DEFAULT_WARN_RATIO,
    data: dict | None = None,
    met_at: dt.datetime | None = None,
) -> Deadline:
    """Start the clock of ``kind`` on ``subject``: due ``amount`` ``unit`` after ``start`` in
    the site's calendar, with a warning at ``warn_ratio`` of the interval. With ``met_at`` the
    clock is recorded already met then (a call logged and dispatched in one step)."""
    handler_for(kind)
    result = _after(site, start, amount, unit)
    warn_at = start + (result.at - start) * warn_ratio if warn_ratio else None
    row = Deadline(
        site=site,
        kind=kind,
        started_at=start,
        warn_at=warn_at,
        due_at=result.at,
        next_at=None if met_at else warn_at or result.at,
        provisional=result.provisional,
        data=data or {},
        **_subject_key(subject),
    )
    if met_at:
        row.state, row.closed_at = DeadlineState.MET, met_at
    held = _held.get()
    if held is not None:
        held.append(row)
    else:
        row.save(force_insert=True)
    return row


def _after(site: Site, start: dt.datetime, amount: float, unit: str) -> calendar.Result:
    if unit == DurationUnit.WALL_HOURS:  # wall-clock hours need no calendar (and no query)
        return calendar.Result(start + dt.timedelta(hours=amount), False)
    return calendar.for_site(site).add(start, amount, unit)


def schedule_reminder(
    *, subject: models.Model, kind: str, site: Site, start: dt.datetime, amount: float, unit: str
) -> Deadline:
    """A clock that reminds every ``amount`` ``unit`` until it is completed or cancelled: at
    each due instant its ``on_due`` handler runs and the clock re-arms for the next period
    instead of breaching (an unfinished matter's follow-up, SD-12)."""
    return schedule(
        subject=subject,
        kind=kind,
        site=site,
        start=start,
        amount=amount,
        unit=unit,
        warn_ratio=None,
        data={"every": [amount, unit], "reminders": 0},
    )


def _rearm(row: Deadline, now: dt.datetime) -> bool:
    """A reminder clock that fired moves on to its next period; False for any other clock (or
    one its handler closed)."""
    every = (row.data or {}).get("every")
    if not every:
        return False
    row.refresh_from_db(fields=["state"])
    if row.state not in OPEN_STATES:
        return True
    result = _after(row.site, now, every[0], every[1])
    row.due_at, row.next_at, row.provisional = result.at, result.at, result.provisional
    row.data = {**row.data, "reminders": row.data.get("reminders", 0) + 1}
    row.save(update_fields=["due_at", "next_at", "provisional", "data"])
    return True


def _close(
    subject: models.Model, kinds: tuple[str, ...] | None, state: str, at: dt.datetime
) -> int:
    """One ``UPDATE`` of the subject's open and breached clocks (of ``kinds``): a breached one
    keeps its state and records when it ended. The update locks the rows, and a clock the
    worker moved meanwhile is judged by its state then."""
    rows = Deadline.objects.filter(
        **_of_subject(subject), state__in=(*OPEN_STATES, DeadlineState.BREACHED)
    )
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows.update(
        closed_at=at,
        next_at=None,
        state=Case(
            When(state=DeadlineState.BREACHED, then=Value(DeadlineState.BREACHED)),
            default=Value(state),
        ),
    )


def complete(subject: models.Model, *kinds: str, at: dt.datetime | None = None) -> int:
    """The rule was satisfied: open clocks become met; breached ones record when they ended
    (so the breach length is known)."""
    return _close(subject, kinds or None, DeadlineState.MET, at or timezone.now())


def cancel(subject: models.Model, *kinds: str, at: dt.datetime | None = None) -> int:
    """The clock no longer applies (e.g. the order was withdrawn)."""
    return _close(subject, kinds or None, DeadlineState.CANCELLED, at or timezone.now())


def clocks_for(records) -> dict[int, list[Deadline]]:
    """Open and breached clocks of the given records (forms, orders, calls, rounds…) by record
    id, earliest due first, in one query. The records are all of one model."""
    records = list(records)
    if not records:
        return {}
    rows = Deadline.objects.filter(
        subject_type=records[0]._meta.label_lower,
        subject_id__in=[str(r.pk) for r in records],
        state__in=[*OPEN_STATES, DeadlineState.BREACHED],
        **_of_sites(records),
    ).order_by("due_at")
    found: dict[int, list[Deadline]] = {}
    for row in rows:
        found.setdefault(int(row.subject_id), []).append(row)
    return found


@dataclass(frozen=True, slots=True)
class ClockRow:
    """What a countdown shows of a clock (``Deadline``), for long lists: a tuple, not a model."""

    subject_id: int
    kind: str
    due_at: dt.datetime
    warn_at: dt.datetime | None
    state: str
    provisional: bool
    closed_at: dt.datetime | None


def clock_rows_for(model_label: str, ids, *, sites=None) -> dict[int, list[ClockRow]]:
    """``clocks_for`` for the rows of a list given by their ids (of ``sites``, when given): the
    same clocks, in one query, read as plain tuples (no model instances)."""
    ids = [str(pk) for pk in ids]
    if not ids:
        return {}
    of_sites = {} if sites is None else {"site_id__in": sorted(sites)}
    rows = (
        Deadline.objects.filter(
            subject_type=model_label,
            subject_id__in=ids,
            state__in=[*OPEN_STATES, DeadlineState.BREACHED],
            **of_sites,
        )
        .order_by("due_at")
        .values_list(*ClockRow.__slots__)
    )
    found: dict[int, list[ClockRow]] = {}
    for row in rows:
        clock = ClockRow(int(row[0]), *row[1:])
        found.setdefault(clock.subject_id, []).append(clock)
    return found


_names: dict[str, object] = {}


def name_clock(kind: str, name) -> None:
    """Give a deadline kind the name people know its countdown by (派工时限, 反馈时限 …), shown
    in front of every countdown of a queue (UX 11: never a bare number)."""
    _names[kind] = name


def clock_name(kind: str) -> str:
    """The name of a deadline kind for people, or "" when its app has not named it."""
    return str(_names.get(kind, ""))


def running_due(model_label: str, ref: str = "pk"):
    """The due time of the earliest clock still running of the row ``ref`` of a queryset of
    ``model_label`` rows (open, or breached and not yet ended: a breach that ended keeps its
    state but is no longer overdue), as a subquery (no query per row); None when no clock runs.
    Queues sort by it, overdue on top."""
    return Subquery(
        Deadline.objects.filter(
            Q(state__in=OPEN_STATES) | Q(state=DeadlineState.BREACHED, closed_at__isnull=True),
            subject_type=model_label,
            subject_id=Cast(OuterRef(ref), models.CharField()),
            site_id=OuterRef("site_id"),  # the row's and its clocks' site
        )
        .order_by("due_at")
        .values("due_at")[:1]
    )


def open_for(subject: models.Model):
    return Deadline.objects.filter(**_of_subject(subject), state__in=OPEN_STATES).order_by("due_at")


def fire_next(now: dt.datetime) -> str | None:
    """Fire the earliest due warning or breach that no other worker holds, in one
    transaction. Returns a line describing what happened, or None when nothing is due."""
    with transaction.atomic():
        row = (
            Deadline.objects.select_for_update(skip_locked=True)
            .filter(state__in=OPEN_STATES, next_at__lte=now)
            .order_by("next_at")
            .first()
        )
        if row is None:
            return None
        breach = row.due_at <= now
        phase = "breach" if breach else "warning"
        try:
            with transaction.atomic():
                handler = handler_for(row.kind)
                fn = handler.on_due if breach else handler.on_warn
                if fn is not None:
                    fn(row, now)
        except Exception as exc:  # a failing handler is retried, never dropped
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.next_at = now + dt.timedelta(seconds=RETRY_SECONDS * min(row.attempts, 60))
            row.save(update_fields=["attempts", "last_error", "next_at"])
            return f"{_fmt(now)} retry   {row.kind} {row.subject_type}:{row.subject_id} ({row.last_error})"
        if breach and _rearm(row, now):
            return f"{_fmt(now)} remind  {row.kind} {row.subject_type}:{row.subject_id}"
        if breach:
            row.state, row.breached_at, row.next_at = DeadlineState.BREACHED, now, None
        else:
            row.state, row.warned_at, row.next_at = DeadlineState.WARNED, now, row.due_at
        row.save(update_fields=["state", "breached_at", "warned_at", "next_at"])
        return (
            f"{_fmt(now)} {phase:<7} {row.kind} {row.subject_type}:{row.subject_id} "
            f"due {_fmt(row.due_at)}"
        )


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def schedule_at(
    *,
    subject: models.Model,
    kind: str,
    site: Site,
    due_at: dt.datetime,
    warn_at: dt.datetime | None = None,
    data: dict | None = None,
) -> Deadline:
    """A clock with a fixed due instant (recurring reminders, loan due dates)."""
    handler_for(kind)
    return Deadline.objects.create(
        site=site,
        kind=kind,
        started_at=timezone.now(),
        warn_at=warn_at,
        due_at=due_at,
        next_at=warn_at or due_at,
        data=data or {},
        **_subject_key(subject),
    )
