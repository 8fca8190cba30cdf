"""Recurring reminders (DESIGN: rrule) as deadlines per site; SD-16: the weekend reminder to
hand the week's records to the data manager."""

import datetime as dt
from zoneinfo import ZoneInfo

from infocenter.core import recurring, worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.models import Deadline, OutboxMessage

TZ = ZoneInfo("Asia/Shanghai")


def test_next_occurrence_follows_the_rule():
    rule = "FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0"
    thursday = dt.datetime(2026, 11, 26, 15, 0, tzinfo=TZ)
    assert recurring.next_occurrence(rule, thursday) == dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ)
    saturday_nine = dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ)
    assert recurring.next_occurrence(rule, saturday_nine) == dt.datetime(
        2026, 12, 5, 9, 0, tzinfo=TZ
    )


def test_sd16_weekend_reminder_fires_once_per_site_and_reschedules(org, people):
    now = dt.datetime(2026, 11, 26, 15, 0, tzinfo=TZ)
    created = recurring.ensure_all(now)
    assert created >= 2  # every recurring kind for both sites
    assert recurring.ensure_all(now) == 0  # idempotent
    reminders = Deadline.objects.filter(kind="sd.weekly_archive")
    assert {r.site_id for r in reminders} == {org["a"].pk, org["b"].pk}
    assert {r.due_at for r in reminders} == {dt.datetime(2026, 11, 28, 9, 0, tzinfo=TZ)}
    worker.run_once(at=dt.datetime(2026, 11, 28, 9, 1, tzinfo=TZ), echo=lambda _: None)
    assert reminders.filter(state=DeadlineState.BREACHED).count() == 2
    upcoming = reminders.filter(state=DeadlineState.SCHEDULED)
    assert {r.due_at for r in upcoming} == {
        dt.datetime(2026, 12, 5, 9, 0, tzinfo=TZ)
    } and upcoming.count() == 2
    assert (
        OutboxMessage.objects.filter(
            recipient=people[Role.PROCESSOR],
            source__subject__id="Weekend: hand this week's records to the data manager",
        ).count()
        == 1
    )
