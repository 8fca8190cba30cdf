"""X-3: working days follow the official Chinese schedule with make-up workdays, site
overrides, and provisional results for years whose schedule is unknown."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infocenter.core import calendar, services
from infocenter.core.calendar import SiteCalendar
from infocenter.core.choices import DurationUnit, OverrideKind
from infocenter.core.exceptions import PermissionDenied, ValidationFailed

TZ = ZoneInfo("Asia/Shanghai")
NATIONAL = SiteCalendar(tz=TZ)


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_x3_two_working_days_after_spring_festival_friday():
    # Sat 2026-02-14 is a make-up workday; 15–23 February are the Spring Festival.
    result = NATIONAL.add_working_days(at(2026, 2, 13, 9), 2)
    assert result.at == at(2026, 2, 24, 9)
    assert not result.provisional


def test_x3_make_up_saturday_is_a_working_day_and_festival_weekday_is_not():
    assert NATIONAL.is_working_day(dt.date(2026, 2, 14))
    assert not NATIONAL.is_working_day(dt.date(2026, 2, 18))
    assert not NATIONAL.is_working_day(dt.date(2026, 2, 21))
    assert NATIONAL.reason(dt.date(2026, 2, 14)) == "make-up workday"


def test_x3_national_day_week_and_its_make_up_days_2026():
    assert [NATIONAL.is_working_day(dt.date(2026, 10, d)) for d in range(1, 11)] == [
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
    ]
    assert NATIONAL.is_working_day(dt.date(2026, 9, 20))  # Sunday make-up workday


def test_x3_unknown_year_uses_statutory_holidays_and_is_provisional():
    assert 2030 not in calendar.official_years()
    assert not NATIONAL.is_working_day(dt.date(2030, 10, 1))  # National Day, by rule
    assert not NATIONAL.is_working_day(dt.date(2030, 1, 1))
    result = NATIONAL.add_working_days(at(2030, 3, 4, 10), 1)
    assert result.at == at(2030, 3, 5, 10)
    assert result.provisional


def test_x3_result_reaching_into_unknown_year_is_provisional():
    last_known = max(calendar.official_years())
    result = NATIONAL.add_working_days(at(last_known, 12, 29, 9), 5)
    assert result.provisional
    assert not NATIONAL.add_working_days(at(last_known, 3, 2, 9), 5).provisional


def test_x3_site_overrides_add_holidays_and_workdays(org, root):
    site = org["a"]
    services.add_calendar_override(
        root, site=site, date=dt.date(2026, 3, 2), kind=OverrideKind.HOLIDAY, note="停电检修"
    )
    services.add_calendar_override(
        root, site=site, date=dt.date(2026, 3, 7), kind=OverrideKind.WORKDAY
    )
    cal = calendar.for_site(site)
    assert not cal.is_working_day(dt.date(2026, 3, 2))
    assert cal.is_working_day(dt.date(2026, 3, 7))
    # Fri 27 Feb + 2: Sat 28 Feb is a national make-up workday, Mon 2 Mar a site holiday.
    assert cal.add_working_days(at(2026, 2, 27, 9), 2).at == at(2026, 3, 3, 9)
    assert cal.add_working_days(at(2026, 3, 5, 9), 2).at == at(2026, 3, 7, 9)
    # The other site keeps the national calendar.
    assert calendar.for_site(org["b"]).is_working_day(dt.date(2026, 3, 2))


def test_x3_official_schedule_entered_by_admin_makes_year_known(org, root):
    site = org["a"]
    year = max(calendar.official_years()) + 3
    assert calendar.for_site(site).add_working_days(at(year, 3, 2, 9), 1).provisional
    services.add_calendar_override(
        root,
        site=site,
        date=dt.date(year, 2, 7),
        kind=OverrideKind.WORKDAY,
        official=True,
        note="春节调休",
    )
    cal = calendar.for_site(site)
    assert not cal.add_working_days(at(year, 3, 2, 9), 1).provisional
    assert cal.is_working_day(dt.date(year, 2, 7))


def test_x3_override_refusals(org, root, people):
    from infocenter.core.choices import Role

    site = org["a"]
    services.add_calendar_override(
        root, site=site, date=dt.date(2026, 3, 2), kind=OverrideKind.HOLIDAY
    )
    with pytest.raises(ValidationFailed) as exc:
        services.add_calendar_override(
            root, site=site, date=dt.date(2026, 3, 2), kind=OverrideKind.WORKDAY
        )
    assert "date" in exc.value.field_errors
    with pytest.raises(ValidationFailed):
        services.add_calendar_override(root, site=site, date=dt.date(2026, 3, 3), kind="nonsense")
    with pytest.raises(PermissionDenied):
        services.add_calendar_override(
            people[Role.PROCESSOR], site=site, date=dt.date(2026, 3, 4), kind=OverrideKind.HOLIDAY
        )
    services.add_calendar_override(
        people[Role.SYSADMIN], site=site, date=dt.date(2026, 3, 4), kind=OverrideKind.HOLIDAY
    )
    with pytest.raises(PermissionDenied):  # a site administrator of A cannot touch B
        services.add_calendar_override(
            people[Role.SYSADMIN],
            site=org["b"],
            date=dt.date(2026, 3, 4),
            kind=OverrideKind.HOLIDAY,
        )


def test_x3_working_hours_count_only_the_site_window():
    cal = SiteCalendar(tz=TZ, workday_start=dt.time(9), workday_end=dt.time(18))
    # Fri 13 Feb 17:00 + 4 working hours: 1 h on Friday, 3 h on the make-up Saturday.
    assert cal.add_working_hours(at(2026, 2, 13, 17), 4).at == at(2026, 2, 14, 12)
    # Sat 14 Feb 17:00 + 2 h: 1 h left on Saturday, then the festival, then Tue 24 Feb 10:00.
    assert cal.add_working_hours(at(2026, 2, 14, 17), 2).at == at(2026, 2, 24, 10)
    # Before opening time counts from the opening.
    assert cal.add_working_hours(at(2026, 3, 2, 6), 1).at == at(2026, 3, 2, 10)


def test_x3_wall_clock_and_policy_units():
    start = at(2026, 2, 13, 9)
    assert NATIONAL.add(start, 24, DurationUnit.WALL_HOURS).at == at(2026, 2, 14, 9)
    assert NATIONAL.add(start, 2, DurationUnit.WORKING_DAYS).at == at(2026, 2, 24, 9)
    assert NATIONAL.add(start, 9, DurationUnit.WORKING_HOURS).at == at(2026, 2, 13, 18)
    assert NATIONAL.add(start, 10, DurationUnit.WORKING_HOURS).at == at(2026, 2, 14, 10)
    with pytest.raises(ValueError):
        NATIONAL.add(start, 1.5, DurationUnit.WORKING_DAYS)
    with pytest.raises(ValueError):
        NATIONAL.add_working_days(start, -1)


starts = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2029, 12, 31)).map(
    lambda d: d.replace(tzinfo=TZ, microsecond=0)
)


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=40))
def test_x3_property_exactly_n_working_days_and_result_is_working(start, days):
    result = NATIONAL.add_working_days(start, days).at
    assert result.time() == start.time()
    assert NATIONAL.working_days_between(start.date(), result.date()) == days
    if days:
        assert NATIONAL.is_working_day(result.date())
        # Nothing earlier would do: the day before the result has one working day fewer.
        assert (
            NATIONAL.working_days_between(start.date(), result.date() - dt.timedelta(days=1))
            == days - 1
        )


@settings(max_examples=200, deadline=None)
@given(
    start=starts, a=st.integers(min_value=0, max_value=20), b=st.integers(min_value=0, max_value=20)
)
def test_x3_property_adding_working_days_composes(start, a, b):
    once = NATIONAL.add_working_days(start, a + b).at
    if a == 0:
        assert once == NATIONAL.add_working_days(start, b).at
    else:
        twice = NATIONAL.add_working_days(NATIONAL.add_working_days(start, a).at, b).at
        assert once == twice
    assert NATIONAL.add_working_days(start, a).at <= NATIONAL.add_working_days(start, a + b).at


@settings(max_examples=200, deadline=None)
@given(start=starts, hours=st.floats(min_value=0, max_value=60).map(lambda h: round(h, 2)))
def test_x3_property_working_hours_land_inside_the_window(start, hours):
    cal = SiteCalendar(tz=TZ, workday_start=dt.time(9), workday_end=dt.time(18))
    result = cal.add_working_hours(start, hours)
    assert result.at >= start
    local = result.at.astimezone(TZ)
    if hours:
        assert cal.is_working_day(local.date())
        assert dt.time(9) < local.time() <= dt.time(18)
