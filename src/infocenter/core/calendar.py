"""Working time, computed and never hand-counted (X-3, DESIGN rule 7).

The national calendar comes from the ``holidays`` package's China data, including weekend
make-up workdays (调休). A year whose official schedule the package does not carry, and for
which no administrator entered the published schedule as site overrides, is computed from the
statutory holidays by rule (fixed dates and lunar festivals, no make-up days); any result that
used such a day is marked *provisional*.

Everything here is a pure function of its inputs (a ``SiteCalendar`` snapshot), so it can be
tested with frozen clocks and property tests.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone
from holidays.countries.china import ChinaStaticHolidays

from .choices import DurationUnit, OverrideKind
from .models import CalendarOverride

WEEKEND = (5, 6)


@lru_cache(maxsize=1)
def official_years() -> frozenset[int]:
    """Years whose official schedule (with make-up workdays) the holidays package knows."""
    return frozenset(ChinaStaticHolidays.special_public_holidays)


@lru_cache(maxsize=64)
def _national_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(holidays, make-up workdays) of the national calendar for one year."""
    if year in official_years():
        cn = holidays.country_holidays("CN", years=year)
        workdays = frozenset(d for d in cn.weekend_workdays if d.year == year)
    else:
        cn = holidays.country_holidays("CN", years=year, observed=False)
        workdays = frozenset()
    return frozenset(cn), workdays


@lru_cache(maxsize=64)
def _holiday_names(year: int) -> dict[dt.date, str]:
    observed = year in official_years()
    return dict(
        holidays.country_holidays("CN", years=year, observed=observed, language="zh_CN").items()
    )


@dataclass(frozen=True)
class Result:
    """A computed instant, and whether any day used came from an unknown year's schedule."""

    at: dt.datetime
    provisional: bool = False


@dataclass(frozen=True)
class SiteCalendar:
    """The calendar of one site: national data plus the site's overrides."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    published_years: frozenset[int] = frozenset()
    workday_start: dt.time = dt.time(9, 0)
    workday_end: dt.time = dt.time(18, 0)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))

    def known(self, day: dt.date) -> bool:
        return day.year in official_years() or day.year in self.published_years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        national_holidays, make_up = _national_year(day.year)
        if day in make_up:
            return True
        if day in national_holidays:
            return False
        return day.weekday() not in WEEKEND

    def reason(self, day: dt.date) -> str:
        """Why the day is or is not a working day, for the calendar page."""
        if day in self.holidays:
            return "site holiday"
        if day in self.workdays:
            return "site working day"
        national_holidays, make_up = _national_year(day.year)
        if day in make_up:
            return "make-up workday"
        if day in national_holidays:
            return _holiday_names(day.year).get(day, "holiday")
        return "weekend" if day.weekday() in WEEKEND else "weekday"

    # -- arithmetic -------------------------------------------------------------------------

    def add_working_days(self, start: dt.datetime, days: int) -> Result:
        """The same time of day on the ``days``-th working day after ``start``'s date.

        Invariant: exactly ``days`` working days lie in (start date, result date], and the
        result date is a working day."""
        if days < 0:
            raise ValueError("days must not be negative")
        local = start.astimezone(self.tz)
        day, provisional, counted = local.date(), not self.known(local.date()), 0
        while counted < days:
            day += dt.timedelta(days=1)
            provisional = provisional or not self.known(day)
            if self.is_working_day(day):
                counted += 1
        at = dt.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=self.tz)
        return Result(at, provisional)

    def add_working_hours(self, start: dt.datetime, hours: float) -> Result:
        """``hours`` of working time after ``start``, counting only the site's working window
        (``workday_start``–``workday_end``) on working days."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = dt.timedelta(hours=hours)
        local = start.astimezone(self.tz)
        day, provisional = local.date(), False
        cursor = local.replace(tzinfo=None)
        while True:
            provisional = provisional or not self.known(day)
            if self.is_working_day(day):
                open_, close = (
                    dt.datetime.combine(day, self.workday_start),
                    dt.datetime.combine(day, self.workday_end),
                )
                begin = max(cursor, open_)
                if begin < close:
                    available = close - begin
                    if remaining <= available:
                        return Result((begin + remaining).replace(tzinfo=self.tz), provisional)
                    remaining -= available
            day += dt.timedelta(days=1)
            cursor = dt.datetime.combine(day, dt.time(0))

    def add(self, start: dt.datetime, amount: float, unit: str) -> Result:
        """Add a policy duration: wall-clock hours, working hours or working days."""
        if unit == DurationUnit.WALL_HOURS:
            return Result(start + dt.timedelta(hours=amount), False)
        if unit == DurationUnit.WORKING_HOURS:
            return self.add_working_hours(start, amount)
        if unit == DurationUnit.WORKING_DAYS:
            if amount != int(amount):
                raise ValueError("working days must be a whole number")
            return self.add_working_days(start, int(amount))
        raise ValueError(f"unknown duration unit {unit!r}")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in (start, end]."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def days_span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants that bound the local days ``start`` to ``end``, both included: midnight at
    the start, midnight after the end (for ``>= since`` and ``< until`` filters)."""

    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time())),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time())),
    )


def for_site(site=None) -> SiteCalendar:
    """The calendar of ``site`` (national only when ``site`` is None), read in one query, or
    the one ``read_ahead`` kept on this very ``site`` object."""
    if site is None:
        return SiteCalendar()
    kept = site.__dict__.get("_calendar_read_ahead")
    if kept is not None:
        return kept

    rows = list(CalendarOverride.objects.filter(site=site).values_list("date", "kind", "official"))
    return SiteCalendar(
        holidays=frozenset(d for d, k, _ in rows if k == OverrideKind.HOLIDAY),
        workdays=frozenset(d for d, k, _ in rows if k == OverrideKind.WORKDAY),
        published_years=frozenset(d.year for d, _, official in rows if official),
        workday_start=site.workday_start,
        workday_end=site.workday_end,
    )


def read_ahead(site) -> SiteCalendar:
    """Read the site's calendar now and keep it on this ``site`` object, for the clocks a
    service is about to start: read before its write transaction, so the database's write
    lock (SQLite's is one for the whole file) is held for less. Only this object keeps it, for
    the request that read it."""
    calendar = site.__dict__.get("_calendar_read_ahead") or for_site(site)
    site.__dict__["_calendar_read_ahead"] = calendar
    return calendar
