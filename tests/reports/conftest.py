"""The reports' tests run on the tests' own sections (``sections.py``), at a fixed moment."""

import datetime as dt

import pytest
import time_machine

from .sections import register

# Tuesday 8 December 2026, 10:00 in Shanghai: last week is 2026-W49 (30 November to 6 December,
# across the turn of the month), last month 2026-11, last quarter 2026-Q3, last year 2025.
NOW = dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def sections(monkeypatch):
    return register(monkeypatch)
