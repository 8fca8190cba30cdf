"""The worker loop: fires due deadlines and delivers due messages, in small transactions.

Run any number of workers (``infocenter worker``); row locks keep them from doing the same
work twice. ``run_once(at=…)`` processes (and commits) what is due at that instant: for
rehearsals on a copy of the data, and for tests.
"""

import datetime as dt
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from . import backups, deadlines, idempotency, outbox, recurring
from .models import WorkerBeat

log = logging.getLogger("infocenter.worker")


def run_once(
    *, at: dt.datetime | None = None, limit: int | None = None, echo: Callable[[str], None] = print
) -> int:
    """Handle everything due at ``at`` (default: now), at most ``limit`` items of each kind.
    Returns how many items were handled. With ``at``, the messages its deadlines raise are
    written as of ``at`` and so delivered in the same pass. API idempotency keys older than
    24 hours are forgotten."""
    idempotency.forget_expired(at)
    with outbox.as_of(at):
        return _pass(at=at, limit=limit or settings.WORKER_BATCH_SIZE, echo=echo)


def _pass(*, at: dt.datetime | None, limit: int, echo: Callable[[str], None]) -> int:
    handled = 0
    for step in (deadlines.fire_next, outbox.deliver_next):
        for _ in range(limit):
            now = at or timezone.now()
            try:
                line = step(now)
            except Exception:  # one broken step must not starve the other (messages still go)
                log.exception("worker step %s failed", step.__name__)
                break
            if line is None:
                break
            echo(line)
            handled += 1
    return handled


STATISTICS_EVERY = dt.timedelta(hours=24)


def refresh_statistics() -> bool:
    """On SQLite, refresh the query planner's statistics (``ANALYZE``: about 5 seconds at a
    million work orders). Without them SQLite picks indexes by guesswork and can scan a site's
    whole history for a ten-row list; a sampled ANALYZE misjudges the rare open states the
    same way. PostgreSQL's autovacuum keeps its own statistics."""

    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


class Heartbeat:
    """This worker's row in ``WorkerBeat``, written at most every poll interval (``/healthz``
    tells a stopped worker from an idle one by its age)."""

    def __init__(self):
        self.name = f"{socket.gethostname()}:{os.getpid()}"[:120]
        self.started_at = timezone.now()
        self.handled = 0
        self.written: dt.datetime | None = None

    def beat(self, handled: int = 0) -> None:
        self.handled += handled
        now = timezone.now()
        every = dt.timedelta(seconds=settings.WORKER_POLL_SECONDS)
        if self.written and now - self.written < every:
            return
        WorkerBeat.objects.update_or_create(
            name=self.name,
            defaults={"started_at": self.started_at, "beat_at": now, "handled": self.handled},
        )
        self.written = now

    def stop(self) -> None:
        WorkerBeat.objects.filter(name=self.name).delete()


class NightlyBackup:
    """The night's backup (``backups.claim_night``), made in a thread of its own so deadlines
    and messages keep moving while the archive is written. Looked for once a minute."""

    CHECK_EVERY = dt.timedelta(minutes=1)

    def __init__(self, worker: str = ""):
        self.worker = worker  # this worker's heartbeat name, written on the run it makes
        self.thread: threading.Thread | None = None
        self.next_check = timezone.now()

    def poll(self) -> None:
        now = timezone.now()
        if now < self.next_check or (self.thread and self.thread.is_alive()):
            return
        self.next_check = now + self.CHECK_EVERY
        run = backups.claim_night(now, self.worker)
        if run is not None:
            self.thread = threading.Thread(target=self._make, args=(run,), name="backup")
            self.thread.start()

    @staticmethod
    def _make(run) -> None:
        try:
            backups.run_claimed(run)
        except Exception:  # recorded on the run as failed; tomorrow's is tried again
            log.exception("nightly backup failed")
        finally:
            connections.close_all()  # this thread's own connection

    def join(self) -> None:
        if self.thread:
            self.thread.join()


def run_forever(
    *, stop: threading.Event | None = None, echo: Callable[[str], None] = log.info
) -> None:
    """Poll until stopped (SIGTERM/SIGINT end the loop after the current item). It writes its
    heartbeat, makes the nightly backup when due (``NightlyBackup``) and, once a day, refreshes
    the database statistics (``refresh_statistics``)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())

    log.info(
        "worker started; polling every %ss; %s reminder(s) scheduled",
        settings.WORKER_POLL_SECONDS,
        recurring.ensure_all(),
    )
    statistics_due = timezone.now()
    heartbeat = Heartbeat()
    nightly = NightlyBackup(heartbeat.name)
    while not stop.is_set():
        close_old_connections()
        if timezone.now() >= statistics_due:
            try:
                if refresh_statistics():
                    log.info("database statistics refreshed")
            except Exception:  # a busy database: try again at the next pass
                log.exception("statistics refresh failed")
            else:
                statistics_due = timezone.now() + STATISTICS_EVERY
        try:
            busy = run_once(echo=echo)
        except Exception:  # keep the loop alive; the item stays due and is retried
            log.exception("worker pass failed")
            busy = 0
        try:
            heartbeat.beat(busy)
            nightly.poll()
        except Exception:  # a busy database: the next pass tries again
            log.exception("heartbeat or backup check failed")
        if not busy:
            stop.wait(settings.WORKER_POLL_SECONDS)
    nightly.join()
    try:
        heartbeat.stop()
    except Exception:
        log.exception("could not remove the heartbeat")
    log.info("worker stopped")
