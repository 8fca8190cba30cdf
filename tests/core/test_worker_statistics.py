"""The worker keeps SQLite's planner statistics fresh (without them SQLite picks indexes by
guesswork; PostgreSQL's autovacuum does this itself)."""

import threading

import pytest
from django.db import connection

from infocenter.core import worker


@pytest.mark.django_db(transaction=True)
def test_worker_refreshes_sqlite_statistics_when_it_starts(org, monkeypatch):
    calls = []
    stop = threading.Event()

    original = worker.refresh_statistics

    def refresh():
        calls.append(connection.vendor)
        stop.set()  # one pass is enough
        return original()

    monkeypatch.setattr(worker, "refresh_statistics", refresh)
    worker.run_forever(stop=stop, echo=lambda _: None)
    assert calls == [connection.vendor]
    refreshed = original()
    if connection.vendor == "sqlite":
        assert refreshed
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'servicedesk_workorder' OR tbl = 'core_site'"
            )
            assert cursor.fetchone()[0] > 0
    else:
        assert refreshed is False
