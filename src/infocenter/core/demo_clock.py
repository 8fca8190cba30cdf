"""The demo's history machinery (``infocenter demo``): a calendar of events run in time order
with the services' clock set back to each event's moment, one transaction a day, and the
worker run every two hours of the past so that the deadlines fire when they fell due."""

import datetime as dt
import heapq
from collections.abc import Callable
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import worker


@contextmanager
def as_of(moment: dt.datetime):
    """The services run as if it were ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@contextmanager
def one_transaction():
    """Everything inside commits together or not at all: the services' own (durable)
    transactions nest inside it as savepoints, as they do in a test case. An interrupted demo
    leaves whole days (or whole apps) behind, never half of one."""
    block = transaction.atomic()
    block._from_testcase = True  # let the services' durable blocks nest (Django's TestCase does)
    with block:
        yield


@contextmanager
def quiet_mail():
    """Messages of the past are delivered in the app only: no e-mail leaves for them."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


class Calendar:
    """Events of the past run in time order; each may schedule later ones (the next step of a
    work order). ``run_day`` runs a day's, the worker every two hours between."""

    def __init__(self) -> None:
        self._events: list = []
        self._seq = 0

    def at(self, moment: dt.datetime, action: Callable, *args) -> None:
        heapq.heappush(self._events, (moment, self._seq, action, args))
        self._seq += 1

    def run_day(self, day: dt.date) -> None:
        """Run the day's events and the worker's passes, in one transaction."""
        for hour in range(1, 24, 2):
            self.at(local(day, hour, 59), _worker_pass)
        end = local(day + dt.timedelta(days=1), 0)
        with one_transaction():
            while self._events and self._events[0][0] < end:
                moment, _seq, action, args = heapq.heappop(self._events)
                with as_of(moment):
                    action(moment, *args)


def _worker_pass(moment: dt.datetime) -> None:
    worker.run_once(at=moment, echo=lambda _: None)
