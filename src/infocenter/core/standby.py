"""Reports, dashboards and exports read from a hot standby (X-11), when one is configured.

A PostgreSQL standby kept by streaming replication (``INFOCENTER_STANDBY_URL``) carries the
heavy reads of the managers' pages so that the primary keeps its time for the control room's
writes. Only whole requests of the views named in ``STANDBY_VIEWS`` (the report pages, the
dashboards, every Excel export) read there, and only GET requests; everything else, every
write and every row read for update, goes to the primary (``default``).

A standby is used only while it is in recovery (a standby, not a second primary) and its
replay is at most ``STANDBY_MAX_LAG_SECONDS`` behind the primary; each process looks at most
once every ``STANDBY_CHECK_SECONDS``. A standby that cannot be reached or lags makes those
pages read from the primary, and a request whose standby fails half-way is run again on the
primary, so a manager sees a slower page, never an error.
"""

from __future__ import annotations

import contextvars
import fnmatch
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import Resolver404, resolve

log = logging.getLogger("infocenter.standby")

ALIAS = "standby"
_reading = contextvars.ContextVar("infocenter_standby_reading", default=False)


def configured() -> bool:
    return ALIAS in settings.DATABASES


@dataclass
class State:
    """What the last look at the standby found."""

    usable: bool = False
    lag_seconds: float | None = None  # None: unknown (unreachable, or not a standby)
    reason: str = "not configured"
    checked_at: float = float("-inf")


_state = State()
_lock = threading.Lock()


def state(*, fresh: bool = False) -> State:
    """The standby's state, looked at again when older than ``STANDBY_CHECK_SECONDS``."""
    global _state
    if not configured():
        return State()
    if fresh or time.monotonic() - _state.checked_at >= settings.STANDBY_CHECK_SECONDS:
        with _lock:
            if fresh or time.monotonic() - _state.checked_at >= settings.STANDBY_CHECK_SECONDS:
                _state = _look()
    return _state


def _look() -> State:
    now = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(),"
                " CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END"
            )
            primary_recovering, primary_lsn = cursor.fetchone()
    except DatabaseError as exc:
        return State(False, None, f"primary: {exc}".strip()[:200], now)
    try:
        with connections[ALIAS].cursor() as cursor:
            # the replay position against the primary's position: caught up when they are
            # equal; otherwise the age of the last transaction replayed is the lag
            cursor.execute(
                "SELECT pg_is_in_recovery(),"
                " pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            recovering, behind_bytes, replay_age = cursor.fetchone()
    except DatabaseError as exc:
        connections[ALIAS].close()
        _warn_once("unreachable", f"unreachable: {exc}")
        return State(False, None, f"unreachable: {exc}".strip()[:200], now)
    if primary_recovering or not recovering:
        return State(False, None, "not a standby of this primary", now)
    lag = 0.0 if behind_bytes is None or behind_bytes <= 0 else float(replay_age or 0.0)
    if lag > settings.STANDBY_MAX_LAG_SECONDS:
        _warn_once("behind", f"{lag:.0f} s behind")
        return State(False, lag, f"{lag:.0f} s behind the primary", now)
    return State(True, lag, "ok", now)


_warned: set[str] = set()


def _warn_once(kind: str, what: str) -> None:
    """Log each kind of trouble once per process (every look would repeat it)."""
    if kind not in _warned:
        _warned.add(kind)
        log.warning("standby %s; reports read from the primary meanwhile", what)


class reading:
    """Within it, reads go to the standby when it is usable (a report built in a worker or a
    command can use it too)."""

    def __enter__(self):
        self._token = _reading.set(configured() and state().usable)
        return self

    def __exit__(self, *exc):
        _reading.reset(self._token)


def in_use() -> bool:
    return _reading.get()


class StandbyRouter:
    """Reads inside ``reading`` go to the standby; everything else to the primary. The standby
    is never migrated: it replays the primary's schema."""

    def db_for_read(self, model, **hints):
        return ALIAS if _reading.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != ALIAS


def routed(request) -> bool:
    """Whether ``request`` is one of ``STANDBY_VIEWS`` (``namespace:name`` patterns)."""
    if request.method not in ("GET", "HEAD"):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    name = match.view_name
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in settings.STANDBY_VIEWS)


class StandbyMiddleware:
    """Runs the report, dashboard and export requests inside ``reading``. The person and the
    session are read from the primary first (a session made a moment ago may not have reached
    the standby yet); a request whose standby fails is run again on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured() or not routed(request):
            return self.get_response(request)
        if hasattr(request, "user"):
            request.user.is_authenticated  # noqa: B018 — read now, from the primary
        with reading():
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not (in_use() and isinstance(exception, DatabaseError)):
            return None
        global _state
        log.warning(
            "standby failed during %s (%s); read again from the primary", request.path, exception
        )
        connections[ALIAS].close()
        _state = State(False, None, f"failed: {exception}"[:200], time.monotonic())
        match = request.resolver_match
        token = _reading.set(False)
        try:
            return match.func(request, *match.args, **match.kwargs)
        finally:
            _reading.reset(token)
