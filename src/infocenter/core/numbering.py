"""Gapless serials per site, series and year (X-2, DESIGN rule 8).

The counter row is locked in the caller's transaction: a rolled-back transaction gives its
number back, and two concurrent allocators wait for each other instead of skipping or
duplicating."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .locking import increment
from .models import SerialCounter, Site


def format_serial(site: Site, series: str, year: int, value: int) -> str:
    """``JAH-PG-2026-00042``: site code, series, year, five-digit number."""
    return f"{site.code.upper()}-{series}-{year}-{value:05d}"


def allocate_serial(*, site: Site, series: str, at: dt.datetime | None = None) -> str:
    """Take the next serial of ``series`` at ``site`` for the year of ``at`` (local time).
    Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_serial must be called inside the service's transaction")
    year = timezone.localtime(at or timezone.now()).year
    value = increment(SerialCounter, "last_value", site=site, series=series, year=year)
    return format_serial(site, series, year, value)
