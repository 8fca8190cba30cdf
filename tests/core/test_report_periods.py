"""X-9: report periods are calendar weeks (Monday to Sunday), months, quarters and years in
the installation's time zone, each compared with the previous period and the same period a
year earlier."""

import datetime as dt

import pytest

from infocenter.core.reports import MONTH, QUARTER, WEEK, YEAR, Period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-W48", D(2026, 11, 23), D(2026, 11, 30)),
        ("2026-W01", D(2025, 12, 29), D(2026, 1, 5)),  # a week across the turn of the year
        ("2026-W53", D(2026, 12, 28), D(2027, 1, 4)),
        ("2026-11", D(2026, 11, 1), D(2026, 12, 1)),
        ("2024-02", D(2024, 2, 1), D(2024, 3, 1)),
        ("2026-Q4", D(2026, 10, 1), D(2027, 1, 1)),
        ("2026-Q1", D(2026, 1, 1), D(2026, 4, 1)),
        ("2026", D(2026, 1, 1), D(2027, 1, 1)),
    ],
)
def test_x9_a_period_is_read_from_its_key_and_gives_it_back(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.key == text


@pytest.mark.parametrize("text", ["", "2026-W54", "2025-W53", "2026-13", "2026-Q5", "26-11", "x"])
def test_x9_a_period_that_does_not_exist_is_refused_with_the_forms_that_do(text):
    with pytest.raises(ValueError, match="2026-W48"):
        Period.parse(text)


def test_x9_a_week_runs_monday_to_sunday_even_across_a_month():
    week = Period.containing(WEEK, D(2026, 12, 2))  # a Wednesday
    assert week.start == D(2026, 11, 30) and week.start.weekday() == 0
    assert week.end == D(2026, 12, 7) and week.days == 7
    assert week.dates()[-1] == D(2026, 12, 6) and week.dates()[-1].weekday() == 6


@pytest.mark.parametrize(
    ("text", "previous", "last_year"),
    [
        ("2026-W01", "2025-W52", "2025-W01"),
        ("2026-W53", "2026-W52", "2025-W52"),  # 2025 has no week 53
        ("2026-01", "2025-12", "2025-01"),
        ("2026-Q1", "2025-Q4", "2025-Q1"),
        ("2026", "2025", "2025"),
    ],
)
def test_x9_each_period_is_compared_with_the_one_before_and_the_same_a_year_earlier(
    text, previous, last_year
):
    period = Period.parse(text)
    assert period.previous().key == previous
    assert period.last_year().key == last_year
    assert period.previous().following() == period


def test_x9_the_last_complete_period_is_the_one_that_has_ended():
    today = D(2026, 12, 1)
    assert Period.last_complete(WEEK, today).key == "2026-W48"
    assert Period.last_complete(MONTH, today).key == "2026-11"
    assert Period.last_complete(QUARTER, today).key == "2026-Q3"
    assert Period.last_complete(YEAR, today).key == "2025"


def test_x9_a_period_starts_and_ends_at_local_midnight_in_shanghai(settings):
    start, end = Period.parse("2026-11").bounds()
    assert start.isoformat() == "2026-11-01T00:00:00+08:00"
    assert end.isoformat() == "2026-12-01T00:00:00+08:00"
    assert start.astimezone(dt.UTC).isoformat() == "2026-10-31T16:00:00+00:00"
