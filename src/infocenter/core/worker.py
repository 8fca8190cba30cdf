"""The worker loop: fires due deadlines and delivers due messages, in small transactions.

Run any number of workers (``infocenter worker``); row locks keep them from doing the same
work twice. ``run_once(at=…)`` processes (and commits) what is due at that instant: for
rehearsals on a copy of the data, and for tests.
"""

import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from . import deadlines, outbox

log = logging.getLogger("infocenter.worker")


def run_once(*, at: dt.datetime | None = None, limit: int | None = None,
             echo: Callable[[str], None] = print) -> int:
    """Handle everything due at ``at`` (default: now), at most ``limit`` items of each kind.
    Returns how many items were handled."""
    limit = limit or settings.WORKER_BATCH_SIZE
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


def run_forever(*, stop: threading.Event | None = None, echo: Callable[[str], None] = log.info) -> None:
    """Poll until stopped (SIGTERM/SIGINT end the loop after the current item)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    from . import recurring

    log.info("worker started; polling every %ss; %s reminder(s) scheduled", settings.WORKER_POLL_SECONDS,
             recurring.ensure_all())
    while not stop.is_set():
        close_old_connections()
        try:
            busy = run_once(echo=echo)
        except Exception:  # keep the loop alive; the item stays due and is retried
            log.exception("worker pass failed")
            busy = 0
        if not busy:
            stop.wait(settings.WORKER_POLL_SECONDS)
    log.info("worker stopped")
