"""What the machine room's demo modules share: records of past days are entered through the same
services at their own time (the services' clock is set back while they run)."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def as_of(moment: dt.datetime):
    """The services run as if it were ``moment`` (the demo's history)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
