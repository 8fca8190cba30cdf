"""Gapless serials per site, series and year (X-2, DESIGN rule 8).

The counter row is locked in the caller's transaction: a rolled-back transaction gives its
number back, and two concurrent allocators wait for each other instead of skipping or
duplicating."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .locking import increment_each
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
    values = increment_each(SerialCounter, "last_value", "series", [series], site=site, year=year)
    return format_serial(site, series, year, values[series])


def allocate_serials(*, site: Site, series: dict[str, dt.datetime]) -> dict[str, str]:
    """Take the next serial of each series at ``site``, each for the year of its instant (a
    form and its order, logged and dispatched at once): one statement for the counters of one
    year. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_serials must be called inside the service's transaction")
    years: dict[int, list[str]] = {}
    for name, at in series.items():
        years.setdefault(timezone.localtime(at).year, []).append(name)
    serials = {}
    for year, names in years.items():
        values = increment_each(SerialCounter, "last_value", "series", names, site=site, year=year)
        serials.update({name: format_serial(site, name, year, values[name]) for name in names})
    return serials
