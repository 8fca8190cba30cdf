"""DESIGN rule 4 (used by SD-6…SD-14, LOG-3, MR-8 …): one deadline engine with warning and
breach states, per-kind handlers, breach lengths, retries, and each deadline firing once even
with concurrent workers. X-4: reminders before a deadline, alerts at a breach."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from infocenter import cli
from infocenter.core import deadlines, outbox, worker
from infocenter.core.choices import DeadlineState, DurationUnit
from infocenter.core.models import Deadline, OutboxMessage

TZ = ZoneInfo("Asia/Shanghai")
FAIL = {"on": False}


def _warn(deadline, now):
    outbox.enqueue(channel="email", address="duty@example.com", subject=f"warn {deadline.pk}")


def _due(deadline, now):
    if FAIL["on"]:
        raise ConnectionError("handler failed")
    outbox.enqueue(channel="email", address="duty@example.com", subject=f"breach {deadline.pk}")


deadlines.register("test.reply", label="test reply", on_warn=_warn, on_due=_due)


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def start_clock(site, subject, *, start, amount=4, unit=DurationUnit.WALL_HOURS):
    with transaction.atomic():
        return deadlines.schedule(
            subject=subject, kind="test.reply", site=site, start=start, amount=amount, unit=unit
        )


def test_clock_schedules_warning_at_75_percent(org):
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    assert d.due_at == at(2026, 3, 2, 13)
    assert d.warn_at == at(2026, 3, 2, 12)
    assert d.next_at == d.warn_at and d.state == DeadlineState.SCHEDULED


def test_sd14_working_day_clock_uses_the_business_calendar(org):
    d = start_clock(
        org["a"], org["a"], start=at(2026, 2, 13, 9), amount=2, unit=DurationUnit.WORKING_DAYS
    )
    assert d.due_at == at(2026, 2, 24, 9)
    assert not d.provisional


def test_unknown_kind_is_refused(org):
    with pytest.raises(LookupError), transaction.atomic():
        deadlines.schedule(
            subject=org["a"],
            kind="nope",
            site=org["a"],
            start=at(2026, 3, 2, 9),
            amount=1,
            unit=DurationUnit.WALL_HOURS,
        )


def test_x4_worker_fires_warning_then_breach_once_each(org):
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    lines: list[str] = []
    assert worker.run_once(at=at(2026, 3, 2, 11, 59), echo=lines.append) == 0
    worker.run_once(at=at(2026, 3, 2, 12), echo=lines.append)
    d.refresh_from_db()
    assert d.state == DeadlineState.WARNED and d.next_at == d.due_at
    worker.run_once(at=at(2026, 3, 2, 12, 30), echo=lines.append)  # nothing new
    worker.run_once(at=at(2026, 3, 2, 13, 10), echo=lines.append)
    worker.run_once(at=at(2026, 3, 2, 14), echo=lines.append)  # nothing new
    d.refresh_from_db()
    assert d.state == DeadlineState.BREACHED
    subjects = list(OutboxMessage.objects.values_list("subject", flat=True))
    assert subjects.count(f"warn {d.pk}") == 1 and subjects.count(f"breach {d.pk}") == 1
    fired = [line for line in lines if "test.reply" in line]
    assert len(fired) == 2
    assert "warning test.reply core.site:" in " ".join(fired[0].split())
    assert "breach test.reply" in " ".join(fired[1].split())


def test_met_before_due_never_fires(org):
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    with transaction.atomic():
        assert deadlines.complete(org["a"], "test.reply", at=at(2026, 3, 2, 10)) == 1
    worker.run_once(at=at(2026, 3, 3, 9), echo=lambda _: None)
    d.refresh_from_db()
    assert d.state == DeadlineState.MET and d.breach_length is None
    assert not OutboxMessage.objects.filter(subject__endswith=str(d.pk)).exists()


def test_breach_length_is_recorded_when_finally_met(org):
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    worker.run_once(at=at(2026, 3, 2, 13, 5), echo=lambda _: None)
    with transaction.atomic():
        deadlines.complete(org["a"], at=at(2026, 3, 2, 14, 35))
    d.refresh_from_db()
    assert d.state == DeadlineState.BREACHED
    assert d.breach_length == dt.timedelta(minutes=95)


def test_cancelled_clock_does_not_fire(org):
    start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    with transaction.atomic():
        deadlines.cancel(org["a"])
    assert worker.run_once(at=at(2026, 3, 5), echo=lambda _: None) == 0
    assert Deadline.objects.get().state == DeadlineState.CANCELLED


def test_failing_handler_is_retried_not_dropped(org):
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    FAIL["on"] = True
    try:
        lines: list[str] = []
        worker.run_once(at=at(2026, 3, 2, 13, 1), echo=lines.append)
    finally:
        FAIL["on"] = False
    d.refresh_from_db()
    assert d.state == DeadlineState.SCHEDULED and d.attempts == 1
    assert "ConnectionError: handler failed" in d.last_error
    assert not OutboxMessage.objects.filter(subject=f"breach {d.pk}").exists()
    assert any("retry" in line for line in lines)
    worker.run_once(at=d.next_at, echo=lambda _: None)
    d.refresh_from_db()
    assert d.state == DeadlineState.BREACHED
    assert OutboxMessage.objects.filter(subject=f"breach {d.pk}").count() == 1


def test_cli_worker_at_prints_one_line_per_deadline(org, capsys):
    start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    start_clock(org["b"], org["b"], start=at(2026, 3, 2, 9), amount=5)  # warns at 12:45
    assert cli.main(["worker", "--once", "--at", "2026-03-02T13:00"]) == 0
    out = capsys.readouterr().out.splitlines()
    clocks = [line for line in out if "test.reply" in line]
    assert len(clocks) == 2
    assert clocks[0].split()[2:4] == ["breach", "test.reply"]
    assert clocks[0].endswith("due 2026-03-02 13:00")
    assert clocks[1].split()[2:4] == ["warning", "test.reply"]
    assert clocks[1].endswith("due 2026-03-02 14:00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_fire_each_deadline_once(org):
    """Two workers with their own connections race over 40 due deadlines."""
    site = org["a"]
    for n in range(40):
        start_clock(site, site, start=at(2026, 3, 2, 9) + dt.timedelta(minutes=n))
    now = at(2026, 3, 3, 9)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            worker.run_once(at=now, limit=100, echo=lambda _: None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Deadline.objects.filter(state=DeadlineState.BREACHED).count() == 40
    breaches = OutboxMessage.objects.filter(subject__startswith="breach ")
    assert breaches.count() == 40
    assert breaches.values("subject").distinct().count() == 40


def test_deadline_of_an_unregistered_kind_is_retried_and_blocks_nothing(org, people):
    with transaction.atomic():
        orphan = Deadline.objects.create(
            site=org["a"],
            kind="gone.kind",
            subject_type="core.site",
            subject_id=str(org["a"].pk),
            started_at=at(2026, 3, 2, 8),
            due_at=at(2026, 3, 2, 9),
            next_at=at(2026, 3, 2, 9),
        )
        outbox.enqueue(channel="email", address="duty@example.com", subject="still delivered")
    d = start_clock(org["a"], org["a"], start=at(2026, 3, 2, 9))
    worker.run_once(at=at(2026, 3, 2, 14), echo=lambda _: None)
    orphan.refresh_from_db()
    d.refresh_from_db()
    assert orphan.state == DeadlineState.SCHEDULED and "LookupError" in orphan.last_error
    assert d.state == DeadlineState.BREACHED
    worker.run_once(echo=lambda _: None)  # now: the orphan fails again, the message still leaves
    assert OutboxMessage.objects.get(subject="still delivered").state == "sent"
