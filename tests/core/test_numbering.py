"""X-2: serials are readable, unique and gapless per site, series and year, also under
concurrency (DESIGN rule 8)."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from infocenter.core.models import SerialCounter
from infocenter.core.numbering import allocate_serial

TZ = ZoneInfo("Asia/Shanghai")


def take(site, series="PG", at=None):
    with transaction.atomic():
        return allocate_serial(site=site, series=series, at=at)


def test_x2_serials_count_per_site_series_and_year(org):
    a, b = org["a"], org["b"]
    at_2026 = dt.datetime(2026, 12, 31, 23, 55, tzinfo=TZ)
    at_2027 = dt.datetime(2027, 1, 1, 0, 5, tzinfo=TZ)
    assert take(a, at=at_2026) == "SA-PG-2026-00001"
    assert take(a, at=at_2026) == "SA-PG-2026-00002"
    assert take(a, at=at_2027) == "SA-PG-2027-00001"
    assert take(a, at=at_2027) == "SA-PG-2027-00002"
    assert take(a, "KF", at=at_2027) == "SA-KF-2027-00001"
    assert take(b, at=at_2027) == "SB-PG-2027-00001"


def test_x2_year_is_the_local_year_in_shanghai(org):
    # 2027-12-31 17:00 UTC is already 2028-01-01 01:00 in Shanghai.
    assert take(org["a"], at=dt.datetime(2027, 12, 31, 17, tzinfo=dt.UTC)) == "SA-PG-2028-00001"


def test_x2_a_rolled_back_transaction_gives_its_number_back(org):
    at = dt.datetime(2027, 5, 1, tzinfo=TZ)
    take(org["a"], at=at)
    with pytest.raises(RuntimeError, match="caller failed"), transaction.atomic():
        allocate_serial(site=org["a"], series="PG", at=at)
        raise RuntimeError("caller failed")
    assert take(org["a"], at=at) == "SA-PG-2027-00002"


def test_x2_allocation_outside_a_transaction_is_refused(org):
    from unittest import mock

    with mock.patch.object(connection, "in_atomic_block", False), pytest.raises(RuntimeError):
        allocate_serial(site=org["a"], series="PG")


@pytest.mark.django_db(transaction=True)
def test_x2_concurrent_allocators_never_duplicate_or_skip(org):
    """Four threads, each with its own database connection, take 25 serials each."""
    site, at, per_thread, threads = org["a"], dt.datetime(2027, 6, 1, tzinfo=TZ), 25, 4
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def allocate():
        try:
            barrier.wait()
            for _ in range(per_thread):
                results.append(take(site, "CC", at=at))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in results)
    assert numbers == list(range(1, per_thread * threads + 1))
    assert (
        SerialCounter.objects.get(site=site, series="CC", year=2027).last_value
        == per_thread * threads
    )
