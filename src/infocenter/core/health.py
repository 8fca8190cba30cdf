"""Health and metrics for operators (X-11): ``/healthz`` for load balancers and monitors, and
``/metrics`` in Prometheus's text format (``prometheus_client``).

``/healthz`` answers 503 only when this node cannot reach its database (a load balancer then
takes the node out); a stopped worker, a message backlog, late deadlines or an old backup make
the installation ``degraded`` but every node can still serve, so they answer 200 unless the
monitor asks ``?strict=1``. The figures come from the database at each request, a handful of
indexed queries.

``/metrics`` adds the request latency of the web processes (a histogram per URL name, method
and status class; under ``infocenter serve`` or gunicorn with ``PROMETHEUS_MULTIPROC_DIR`` set,
summed over its worker processes) to the same queue figures. It answers the loopback address
without a token (not through a proxy) and anyone else only with ``Authorization: Bearer
<INFOCENTER_METRICS_TOKEN>``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max, Min
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from . import deadlines, standby
from .choices import MessageState
from .models import BackupRun, Deadline, OutboxMessage, WorkerBeat

LOOPBACK = {"127.0.0.1", "::1"}


@dataclass
class Figures:
    """What the database says of the installation's moving parts, at ``now``."""

    now: dt.datetime
    database_ms: float
    workers: int
    heartbeat_age: float | None  # seconds since the freshest worker heartbeat; None: no worker
    backlog: dict[str, int]  # pending messages due now, by channel
    oldest_message_age: float  # seconds the oldest due message has waited
    overdue_deadlines: int  # clocks the worker should have fired by now
    deadline_lag: float  # seconds the earliest of those is late
    last_backup_age: float | None  # seconds since the last backup finished; None: never

    @classmethod
    def read(cls) -> Figures:
        started = time.perf_counter()
        now = timezone.now()
        beats = WorkerBeat.objects.aggregate(n=Count("id"), last=Max("beat_at"))
        database_ms = (time.perf_counter() - started) * 1000
        waiting = list(
            OutboxMessage.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
            .values_list("channel")
            .annotate(n=Count("id"), oldest=Min("next_attempt_at"))
            .order_by()
        )
        backlog = {channel: n for channel, n, _ in waiting}
        oldest = min((at for _, _, at in waiting), default=None)
        late = Deadline.objects.filter(state__in=deadlines.OPEN_STATES, next_at__lte=now)
        first_late = late.order_by("next_at").values_list("next_at", flat=True).first()
        backup = (
            BackupRun.objects.filter(state=BackupRun.State.DONE)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        return cls(
            now=now,
            database_ms=database_ms,
            workers=beats["n"],
            heartbeat_age=_age(now, beats["last"]),
            backlog=backlog,
            oldest_message_age=_age(now, oldest) or 0.0,
            overdue_deadlines=late.count() if first_late else 0,
            deadline_lag=_age(now, first_late) or 0.0,
            last_backup_age=_age(now, backup),
        )


def _age(now: dt.datetime, then: dt.datetime | None) -> float | None:
    return None if then is None else max(0.0, (now - then).total_seconds())


def worker_stale_seconds() -> int:
    """How old a worker's heartbeat may be before the worker counts as stopped:
    ``HEALTH_WORKER_STALE_SECONDS``, and at least three poll intervals."""
    return max(settings.HEALTH_WORKER_STALE_SECONDS, 3 * settings.WORKER_POLL_SECONDS)


def checks(figures: Figures) -> dict[str, dict]:
    """Each part with ``ok`` and its figures; the limits are the settings ``HEALTH_*``."""
    stale = worker_stale_seconds()
    backup_limit = settings.HEALTH_BACKUP_MAX_HOURS * 3600
    return {
        "database": {"ok": True, "ms": round(figures.database_ms, 1)},
        "worker": {
            "ok": figures.heartbeat_age is not None and figures.heartbeat_age <= stale,
            "workers": figures.workers,
            "heartbeat_age_seconds": _round(figures.heartbeat_age),
        },
        "outbox": {
            "ok": figures.oldest_message_age <= settings.HEALTH_OUTBOX_MAX_SECONDS,
            "backlog": sum(figures.backlog.values()),
            "oldest_seconds": _round(figures.oldest_message_age),
        },
        "deadlines": {
            "ok": figures.deadline_lag <= settings.HEALTH_DEADLINE_MAX_LAG_SECONDS,
            "overdue": figures.overdue_deadlines,
            "lag_seconds": _round(figures.deadline_lag),
        },
        "backup": {
            "ok": not settings.BACKUP_NIGHTLY
            or (figures.last_backup_age is not None and figures.last_backup_age <= backup_limit),
            "last_age_hours": None
            if figures.last_backup_age is None
            else round(figures.last_backup_age / 3600, 1),
        },
    }


def standby_check() -> dict[str, dict]:
    """The hot standby's part, when one is configured: ``ok`` while the reports read there."""
    if not standby.configured():
        return {}
    seen = standby.state()
    return {
        "standby": {
            "ok": seen.usable,
            "lag_seconds": _round(seen.lag_seconds),
            "reason": seen.reason,
        }
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@never_cache
def healthz(request):
    """``{"status": "ok" | "degraded" | "fail", "checks": {…}}``; 503 when the database cannot
    be reached, or (``?strict=1``) when anything is not ok."""
    try:
        parts = checks(Figures.read()) | standby_check()
    except DatabaseError as error:
        body = {"status": "fail", "checks": {"database": {"ok": False, "error": str(error)}}}
        return JsonResponse(body, status=503)
    status = "ok" if all(p["ok"] for p in parts.values()) else "degraded"
    strict = request.GET.get("strict") in {"1", "true"}
    code = 503 if strict and status != "ok" else 200
    return JsonResponse({"status": status, "checks": parts}, status=code)


# -- metrics -------------------------------------------------------------------------------------

REQUEST_SECONDS = Histogram(
    "infocenter_request_seconds",
    "Time to answer a request, by URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestMetricsMiddleware:
    """Times every request into ``infocenter_request_seconds`` (the URL's name, never its path,
    so the label set stays small)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        REQUEST_SECONDS.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class QueueCollector:
    """The installation's queues as gauges, read from the database at each scrape."""

    def collect(self):
        figures = Figures.read()
        parts = checks(figures) | standby_check()
        yield _gauge(
            "infocenter_up",
            "1 when every health check is ok.",
            all(p["ok"] for p in parts.values()),
        )
        yield _gauge("infocenter_workers", "Workers with a heartbeat row.", figures.workers)
        yield _gauge(
            "infocenter_worker_heartbeat_age_seconds",
            "Seconds since the freshest worker heartbeat (-1: none).",
            -1 if figures.heartbeat_age is None else figures.heartbeat_age,
        )
        backlog = GaugeMetricFamily(
            "infocenter_outbox_backlog",
            "Messages due and not yet sent, by channel.",
            labels=["channel"],
        )
        for channel, n in sorted(figures.backlog.items()):
            backlog.add_metric([channel], n)
        yield backlog
        yield _gauge(
            "infocenter_outbox_oldest_seconds",
            "Seconds the oldest due message has waited.",
            figures.oldest_message_age,
        )
        yield _gauge(
            "infocenter_deadlines_overdue",
            "Clocks due to fire (a warning or a breach) that the worker has not fired yet.",
            figures.overdue_deadlines,
        )
        yield _gauge(
            "infocenter_deadline_lag_seconds",
            "Seconds the earliest unfired due clock is late.",
            figures.deadline_lag,
        )
        yield _gauge(
            "infocenter_last_backup_age_seconds",
            "Seconds since the last backup finished (-1: never).",
            -1 if figures.last_backup_age is None else figures.last_backup_age,
        )
        if "standby" in parts:
            seen = parts["standby"]
            yield _gauge(
                "infocenter_standby_usable",
                "1 while the reports, dashboards and exports read from the standby.",
                seen["ok"],
            )
            yield _gauge(
                "infocenter_standby_lag_seconds",
                "Seconds the standby's replay is behind the primary (-1: unknown).",
                -1 if seen["lag_seconds"] is None else seen["lag_seconds"],
            )


def _gauge(name: str, documentation: str, value) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token:
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    direct = "HTTP_X_FORWARDED_FOR" not in request.META
    return direct and request.META.get("REMOTE_ADDR") in LOOPBACK


@never_cache
def metrics(request):
    if not _allowed(request):
        return HttpResponse(
            "metrics need Authorization: Bearer <INFOCENTER_METRICS_TOKEN>\n",
            status=403,
            content_type="text/plain",
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every web process's histogram
    else:
        registry = REGISTRY  # this process's own (development server, tests)
    try:
        body = generate_latest(registry) + generate_latest(QueueCollector())
    except DatabaseError as error:
        return HttpResponse(
            f"database unreachable: {error}\n", status=503, content_type="text/plain"
        )
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
