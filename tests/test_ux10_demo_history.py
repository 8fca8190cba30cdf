"""Issue 14, item 10: ``infocenter demo`` loads three months of the service desk's past through
the services, at their own moments, with the worker firing the deadlines as time advances, so
the dashboard, the registers and the archive show real shapes on the first run."""

import datetime as dt
import statistics
from unittest import mock

import pytest
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone

from infocenter import cli
from infocenter import demo as project_demo
from infocenter.core import audit, demo_clock
from infocenter.core import services as core_services
from infocenter.core.models import AuditEvent, Company, Site
from infocenter.servicedesk import demo_history, reports
from infocenter.servicedesk.models import ArchiveBatch, Callback, ServiceForm, WorkOrder

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, three months of history included, loaded once for the module and
    rolled back after it."""
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            with (
                override_settings(
                    PASSWORD_HASHERS=FAST_HASHERS, VAR_DIR=tmp_path_factory.mktemp("var")
                ),
                mock.patch.object(project_demo, "HISTORY_DAYS", 90),
            ):
                project_demo.load(progress=False)
            site = Site.objects.get(code="jahy")
        except BaseException:
            TestCase._rollback_atomics(atomics)
            raise
    yield site
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)


@pytest.fixture
def site(loaded, db):
    return loaded


def test_ux10_dashboard_over_90_days_has_calls_and_orders_on_most_days(site):
    end = timezone.now()
    board = reports.dashboard([site.pk], end - dt.timedelta(days=90), end)
    days = [n for _day, n, _url in board["daily"]]
    assert len(days) == 90 and sum(1 for n in days if n) >= 85
    assert board["total"] >= 300 and board["orders"] >= 200
    orders = WorkOrder.objects.filter(site=site, reissue_of=None)
    order_days = {timezone.localdate(at) for at in orders.values_list("dispatched_at", flat=True)}
    assert len(order_days) >= 75
    assert {name for name, _n, _url in board["by_department"]} == {"工程部", "秩序部"}


def test_ux10_weekly_and_daily_rhythm_and_a_few_urgent_and_major_calls(site):
    forms = ServiceForm.objects.filter(site=site, received_at__lt=timezone.now().replace(hour=0))
    by_day: dict[dt.date, int] = {}
    hours = [0] * 24
    for received in forms.values_list("received_at", flat=True):
        local = timezone.localtime(received)
        by_day[local.date()] = by_day.get(local.date(), 0) + 1
        hours[local.hour] += 1
    mondays = statistics.mean(n for d, n in by_day.items() if d.weekday() == 0)
    weekends = statistics.mean(n for d, n in by_day.items() if d.weekday() >= 5)
    assert mondays > 1.5 * weekends
    assert sum(hours[0:6]) * 10 < sum(hours[8:18])
    assert 5 <= forms.filter(priority="urgent").count() <= 40
    assert forms.filter(major=True).exists()


def test_ux10_every_work_order_state_is_present(site):
    states = set(WorkOrder.objects.values_list("state", flat=True))
    assert states >= {
        "dispatched",
        "acknowledged",
        "assigned",
        "in_progress",
        "reported",
        "verified",
        "closed",
        "returned",
        "escalated",
        "redispatched",
    }


def test_ux10_archived_weeks_and_one_batch_waiting_for_the_data_manager(site):
    batches = dict(
        ArchiveBatch.objects.filter(site=site).values_list("state").annotate(n=Count("id"))
    )
    assert batches == {"approved": 12, "submitted": 1}
    waiting = ArchiveBatch.objects.get(site=site, state="submitted")
    assert waiting.forms.count() >= 15
    assert waiting.week_start == max(ArchiveBatch.objects.values_list("week_start", flat=True))
    assert ServiceForm.objects.filter(site=site, state="archived").count() >= 250


def test_ux10_escalations_by_the_worker_and_callbacks_with_satisfaction(site):
    escalated = WorkOrder.objects.filter(site=site, state="escalated")
    assert escalated.count() >= 3
    assert all(hasattr(o, "reissue") for o in escalated)
    assert AuditEvent.objects.filter(kind="order.escalated", actor=None).count() >= 3
    # most re-issued orders were taken up by the head and finished
    assert WorkOrder.objects.filter(reissue_of__isnull=False, state="closed").exists()
    ratings = dict(
        Callback.objects.exclude(satisfaction=None)
        .values_list("satisfaction")
        .annotate(n=Count("id"))
    )
    assert set(ratings) == {3, 4, 5} and ratings[5] > ratings[4] > ratings[3]
    assert Callback.objects.filter(outcome="unreachable").exists()


def test_ux10_audit_verify_passes_after_the_demo(site, capsys):
    assert all(r.ok for r in audit.verify_chains())
    assert cli.main(["audit", "verify"]) == 0


def test_ux10_the_past_is_the_same_each_time(site):
    """Seeded: the same callers, and the same draws after them, in every run."""
    today = timezone.localdate()
    one, two = (demo_history.History(demo_clock.Calendar(), today=today) for _ in range(2))
    assert [(n, p, r.pk) for n, p, r in one.callers] == [(n, p, r.pk) for n, p, r in two.callers]
    assert one.rng.random() == two.rng.random()
    callers = {(n, p) for n, p, _ in one.callers}
    assert ServiceForm.objects.filter(site=site, reporter_name=one.callers[0][0]).exists()
    assert len(callers) == 160


def test_ux10_an_interrupted_day_leaves_nothing_of_that_day(root):
    calendar = demo_clock.Calendar()
    day = timezone.localdate() - dt.timedelta(days=3)

    def write(moment):
        core_services.create_company(root, name="半日公司", code="half")

    def interrupt(moment):
        raise KeyboardInterrupt

    calendar.at(demo_clock.local(day, 9), write)
    calendar.at(demo_clock.local(day, 10), interrupt)
    with pytest.raises(KeyboardInterrupt):
        calendar.run_day(day)
    assert not Company.objects.filter(code="half").exists()


def test_ux10_messages_of_the_past_are_read_but_yesterdays(site):
    from infocenter.core.models import Notification

    unread = Notification.objects.filter(recipient__username="wangfang", read_at=None)
    assert Notification.objects.filter(recipient__username="wangfang").count() > 100
    assert 0 < unread.count() < 80
    evening = timezone.localdate() - dt.timedelta(days=2)  # after the last reading, at 18:30
    assert all(timezone.localdate(n.created_at) >= evening for n in unread)
