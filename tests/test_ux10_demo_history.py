"""Issue 14, item 10: ``infocenter demo`` loads three months of the service desk's past through
the services, at their own moments, with the worker firing the deadlines as time advances, so
the dashboard, the registers and the archive show real shapes on the first run."""

import datetime as dt
import statistics
from unittest import mock

import pytest
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from infocenter import cli
from infocenter import demo as project_demo
from infocenter.core import audit, demo_clock
from infocenter.core import services as core_services
from infocenter.core.models import AuditEvent, Company, Site
from infocenter.servicedesk import demo_history, reports
from infocenter.servicedesk.models import ArchiveBatch, Callback, ServiceForm, WorkOrder
from tests.conftest import FAST_HASHERS, kept_for_module


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, three months of history included, loaded once for the module and
    rolled back after it."""
    with kept_for_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=FAST_HASHERS, VAR_DIR=tmp_path_factory.mktemp("var")
            ),
            mock.patch.object(project_demo, "HISTORY_DAYS", 90),
        ):
            project_demo.load(progress=False)
            site = Site.objects.get(code="jahy")
        yield site


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
    # a batch each Saturday of the 90 days (12 or 13 by the weekday of today), the last waits
    today = timezone.localdate()
    saturdays = sum(1 for n in range(1, 91) if (today - dt.timedelta(days=n)).weekday() == 5)
    assert batches == {"approved": saturdays - 1, "submitted": 1}
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


# -- the machine room's past and the service desk's returns ------------------------------------


def _before_yesterday():
    return demo_clock.local(timezone.localdate() - dt.timedelta(days=1), 0)


def test_ux10_machine_room_rounds_done_day_by_day_on_time_and_a_few_late(site):
    from infocenter.machineroom.models import InspectionRound

    past = InspectionRound.objects.filter(
        site=site, title="机房日常巡检", occurs_at__lt=_before_yesterday()
    )
    assert past.count() >= 85 and not past.filter(state="open").exists()
    done = past.filter(state="done")
    late = done.filter(submitted_at__gt=F("due_at"))
    on_time = done.filter(submitted_at__lte=F("due_at"))
    assert 2 <= late.count() <= 20 and on_time.count() >= 60
    weeks = {
        timezone.localdate(at).isocalendar()[1] for at in done.values_list("occurs_at", flat=True)
    }
    late_weeks = {
        timezone.localdate(at).isocalendar()[1] for at in late.values_list("occurs_at", flat=True)
    }
    assert len(weeks) >= 12 and len(late_weeks) >= 2
    called_off = past.filter(state="cancelled")
    assert called_off.exists() and all(r.note for r in called_off)
    # the worker made them from the schedule at 08:00; the quarterly LAN test is done too
    assert {timezone.localtime(at).hour for at in past.values_list("occurs_at", flat=True)} == {8}
    assert InspectionRound.objects.filter(site=site, title="季度全网测试", state="done").exists()


def test_ux10_failed_checks_opened_work_orders_that_the_department_finished(site):
    from infocenter.machineroom.models import InspectionResult

    faults = InspectionResult.objects.filter(
        round__site=site, round__occurs_at__lt=_before_yesterday()
    ).exclude(form=None)
    assert faults.count() >= 2
    assert all(r.outcome == "fail" and r.order.department.code == "gc" for r in faults)
    assert faults.filter(order__state="closed").count() >= faults.count() - 1


def test_ux10_backups_succeeded_failed_and_missed_and_the_past_alerts_dealt_with(site):
    from infocenter.machineroom.models import BackupAlert, BackupResult, RestoreTest

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    outcomes = dict(
        BackupResult.objects.filter(job__name="收费系统数据库每日备份")
        .values_list("outcome")
        .annotate(n=Count("id"))
    )
    assert outcomes["success"] >= 75 and 2 <= outcomes["failed"] <= 12
    days = set(BackupResult.objects.values_list("day", flat=True))
    assert min(days) <= yesterday - dt.timedelta(days=85)
    alerts = BackupAlert.objects.filter(site=site)
    assert {"failed", "missed"} <= set(alerts.values_list("kind", flat=True))
    assert alerts.filter(kind="missed", day__lt=yesterday).count() >= 2  # one never backed up
    assert BackupResult.objects.filter(note__contains="漏记").exists()  # one recorded late
    # every alert of the past was dealt with; yesterday's missing backup is the one open
    assert list(alerts.filter(handled_at=None).values_list("job__name", "day")) == [
        ("门禁系统每日备份", yesterday)
    ]
    assert RestoreTest.objects.filter(site=site, outcome="passed").count() >= 2


def test_ux10_changes_of_each_kind_done_and_one_rolled_back_and_one_refused(site):
    from infocenter.machineroom.models import ChangeRequest

    past = ChangeRequest.objects.filter(site=site, submitted_at__lt=_before_yesterday())
    assert past.count() >= 25
    done = set(past.filter(state="done").values_list("kind", flat=True))
    assert done == {"standard", "normal", "major", "emergency"}
    assert {"done", "rolled_back", "refused"} <= set(past.values_list("state", flat=True))
    assert past.get(state="rolled_back").outcome_note
    central = past.filter(central_data=True, state="done")
    assert central.count() >= 4 and central.exclude(backup_deleted_at=None).count() >= 4
    emergencies = past.filter(kind="emergency")
    assert emergencies.exists() and all(c.ratified for c in emergencies)  # approved afterwards


def test_ux10_visits_signed_in_and_out_and_alarms_answered_in_minutes(site):
    from infocenter.machineroom.models import AccessRequest, CoreAlarm, Visit

    closed = AccessRequest.objects.filter(site=site, state="closed")
    assert closed.count() >= 12
    visits = Visit.objects.filter(request__in=closed)
    assert visits.count() >= 12 and not visits.filter(left_at=None).exists()
    alarms = CoreAlarm.objects.filter(site=site, state="closed")
    assert alarms.count() >= 2
    minutes = [(a.responded_at - a.occurred_at).total_seconds() / 60 for a in alarms]
    assert all(1 <= m <= 60 for m in minutes)


def test_ux10_orders_of_the_past_returned_with_the_reason_and_re_dispatched(site):
    today = demo_clock.local(timezone.localdate(), 0)
    again = WorkOrder.objects.filter(
        site=site, redispatch_of__isnull=False, dispatched_at__lt=today
    ).select_related("redispatch_of")
    assert 3 <= again.count() <= 25
    assert all(o.redispatch_of.state == "redispatched" for o in again)
    assert all(o.redispatch_of.return_reason for o in again)
    assert again.filter(state="closed").count() >= again.count() - 1
    # those of the past that were returned are all sent out again; today's two wait
    assert WorkOrder.objects.filter(site=site, state="returned", returned_at__lt=today).count() == 0


def test_ux10_machine_room_pages_of_three_months_in_few_queries(
    site, client, django_assert_max_num_queries
):
    from django.urls import reverse

    from infocenter.core.models import User

    client.force_login(User.objects.get(username="zhouming"))
    for name in ("machineroom:rounds", "machineroom:backups", "machineroom:changes"):
        client.get(reverse(name))
        with django_assert_max_num_queries(40):
            assert client.get(reverse(name)).status_code == 200, name


def test_x11_every_key_joined_on_the_site_links_records_of_one_site(site):
    """Three months of the demo: no record links to another site's (a join on the site,
    ``core.sharding.SiteForeignKey``, would lose its parent)."""
    from infocenter.core import sharding

    keys = sharding.keys_between_sites()
    assert len(keys) > 40
    linked = 0
    for field in keys:
        assert not sharding.across_sites(field).exists(), field
        linked += field.model._base_manager.exclude(**{field.attname: None}).count()
    assert linked > 1000


def test_ux10_a_rerun_of_the_demo_adds_nothing(site, capsys):
    from infocenter.machineroom.models import BackupResult, ChangeRequest, InspectionRound

    models = (AuditEvent, WorkOrder, InspectionRound, BackupResult, ChangeRequest)
    before = [m.objects.count() for m in models]
    assert cli.main(["demo"]) == 0
    assert "already has data" in capsys.readouterr().out
    assert [m.objects.count() for m in models] == before
