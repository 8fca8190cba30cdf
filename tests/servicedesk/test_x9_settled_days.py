"""X-9 at scale (docs/decisions/0001-report-figures-at-scale.md): a site's day whose forms and
orders are all archived and whose time limits are all over is settled; its counts are kept and
a period's figures sum them, counting only the other days from the records. The figures are the
same either way."""

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from infocenter.core import recurring, worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.models import Deadline
from infocenter.servicedesk import reports, rollup
from infocenter.servicedesk.choices import Category
from infocenter.servicedesk.models import ServiceDeskDay, ServiceForm, WorkOrder
from tests.servicedesk.test_dashboard_scope import _fill, _log

OPEN = [DeadlineState.SCHEDULED, DeadlineState.WARNED]


def quiet(_line):
    pass


def archive_everything(site, *, close_clocks=True):
    """What approving the site's archive batches leaves: every form and order archived, and
    (as the archive's gate requires) no time limit still running."""
    now = timezone.now()
    ServiceForm.objects.filter(site=site).update(archived_at=now)
    WorkOrder.objects.filter(site=site).update(archived_at=now)
    if close_clocks:
        Deadline.objects.filter(site=site, state__in=OPEN).update(
            state=DeadlineState.MET, closed_at=now
        )


def settle_today(site) -> int:
    """Settle today's records of ``site`` as the next night would (a day settles once over)."""
    today = timezone.localdate()
    return reports.settle(site.pk, [today], today=today + dt.timedelta(days=1))


def figures(site_ids, start, end) -> list[dict]:
    """The comparison's numbers by site, without the lists' addresses."""
    return [
        {
            "site": row["site"].pk,
            **{k: v for k, v in row.items() if isinstance(v, int | float) or v is None},
            "clocks": [(c["kind"], c["met"], c["breached"], c["open"]) for c in row["clocks"]],
        }
        for row in reports.comparison(site_ids, start, end, overdue_now=False)
    ]


def _section(site, kind):
    """The service desk's section for the last eight days (bars by day for "week", by ISO
    week for "quarter")."""
    from infocenter.core.reports import Period, ReportScope
    from infocenter.servicedesk import report

    today = timezone.localdate()
    period = Period(today - dt.timedelta(days=7), today + dt.timedelta(days=1), kind)
    data = report.collect(ReportScope("site", site.pk, site.name, (site.pk,)), period)
    return (
        [(f.key, f.value) for f in data.figures],
        [(t.key, t.rows) for t in data.tables],
        [(c.key, c.categories, c.series) for c in data.charts],
    )


@pytest.fixture
def world(root, org):
    """Site A: a repair dispatched and arranged, a complaint called back, a repair left
    undispatched; site B the same with its order never arranged; 30 hours on, the worker
    breaches what is late."""
    _fill(root, org["a"], "a")
    _fill(root, org["b"], "b", assigned=False)
    worker.run_once(at=timezone.now() + dt.timedelta(hours=30), echo=quiet)
    return org


def test_x9_a_settled_day_gives_the_same_figures_from_its_row(world):
    a, b = world["a"], world["b"]
    archive_everything(a)
    start, end = reports.period_of(7)
    counted = figures([a.pk, b.pk], start, end)
    assert settle_today(a) == 1
    row = ServiceDeskDay.objects.get(site=a)
    assert row.counts["forms"] == 3 and row.counts["sd.dispatch:breached"] == 1
    assert figures([a.pk, b.pk], start, end) == counted
    # the row is what is read: a count changed in it shows (B, not settled, stays as counted)
    row.counts["forms"] = 7
    row.save()
    after = {f["site"]: f for f in figures([a.pk, b.pk], start, end)}
    assert (
        after[a.pk]["forms"] == 7 and after[b.pk] == counted[1 if counted[0]["site"] == a.pk else 0]
    )
    assert settle_today(a) == 0  # written once


def test_x9_a_day_with_a_record_not_archived_or_a_clock_running_is_not_settled(world):
    a = world["a"]
    today = timezone.localdate()
    archive_everything(a)
    ServiceForm.objects.filter(site=a, category=Category.COMPLAINT).update(archived_at=None)
    assert rollup.unsettled_days(a.pk, today, today) == {today}
    assert reports.settle(a.pk, [today]) == 0
    archive_everything(a, close_clocks=False)
    order = WorkOrder.objects.filter(site=a).first()
    Deadline.objects.filter(subject_id=str(order.pk), kind="sd.finish").update(
        state=DeadlineState.SCHEDULED, closed_at=None
    )
    assert rollup.unsettled_days(a.pk, today, today) == set()
    assert reports.settle(a.pk, [today]) == 0  # a completion time limit still runs
    assert not ServiceDeskDay.objects.exists()


def test_x9_a_period_sums_settled_days_and_counts_the_others(root, org, people):
    a = org["a"]
    processor = people[Role.PROCESSOR]
    today = timezone.localdate()
    moments = [
        timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=n), dt.time(10)))
        for n in (3, 2, 1)
    ]
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            _log(processor, a, Category.REPAIR, "张三")
    _log(processor, a, Category.COMPLAINT, "李四")  # today: never settled yet
    start, end = reports.period_of(7)
    counted = figures([a.pk], start, end)
    assert counted[0]["forms"] == 4
    ServiceForm.objects.filter(site=a, received_at__lt=moments[2]).update(archived_at=moments[2])
    Deadline.objects.filter(site=a, state__in=OPEN).update(state=DeadlineState.CANCELLED)
    counted = figures([a.pk], start, end)
    # the nightly pass settles the days before today from the first form on: two settled
    # (3 and 2 days ago), yesterday's form is not archived
    assert rollup.candidates(a.pk, before=today) == [today - dt.timedelta(days=n) for n in (3, 2)]
    sections = {kind: _section(a, kind) for kind in ("week", "quarter")}
    assert reports.settle_site(a, timezone.now()) == 2
    assert figures([a.pk], start, end) == counted
    # the whole section, its daily and weekly bars included, reads the same
    assert {kind: _section(a, kind) for kind in ("week", "quarter")} == sections
    # scattered settled days are read by one pass over the whole period, with the same result
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rollup, "MAX_SPANS", 0)
        assert figures([a.pk], start, end) == counted


def test_x9_the_nightly_pass_settles_the_archived_days(world):
    a = world["a"]
    archive_everything(a)
    today = timezone.localdate()
    recurring.ensure_all(timezone.now())
    night = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(2, 31)))
    worker.run_once(at=night, echo=quiet)
    assert list(ServiceDeskDay.objects.filter(site=a).values_list("day", flat=True)) == [today]
    assert not ServiceDeskDay.objects.filter(site=world["b"]).exists()  # B is not archived


def test_x9_the_settle_days_command_settles_the_history_once(world):
    a = world["a"]
    archive_everything(a)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    call_command("settle_days", "--before", tomorrow, verbosity=0)
    assert ServiceDeskDay.objects.filter(site=a).count() == 1
    call_command("settle_days", "--before", tomorrow, "--site", a.code, verbosity=0)
    assert ServiceDeskDay.objects.count() == 1
    with pytest.raises(CommandError, match="No site"):
        call_command("settle_days", "--site", "nowhere", verbosity=0)


def test_x9_a_row_of_another_version_is_counted_again(world):
    a = world["a"]
    archive_everything(a)
    start, end = reports.period_of(7)
    counted = figures([a.pk], start, end)
    settle_today(a)
    ServiceDeskDay.objects.filter(site=a).update(counts={"forms": 99, "_v": rollup.VERSION - 1})
    assert figures([a.pk], start, end) == counted  # an old row is not read
    assert settle_today(a) == 1  # and is counted again
    assert ServiceDeskDay.objects.get(site=a).counts["forms"] == 3


def test_x9_the_report_section_reads_the_same_from_settled_days(world):
    """Figures, tables and charts of a branch's week: the same with both sites' days settled
    as counted from their records."""
    from infocenter.core.reports import Period, ReportScope
    from infocenter.servicedesk import report

    a, b = world["a"], world["b"]
    for site in (a, b):
        archive_everything(site)
    names = {a.pk: a.name, b.pk: b.name}
    scope = ReportScope("branch", world["branch"].pk, "重庆分公司", (a.pk, b.pk), names)
    week = Period.containing("week", timezone.localdate())

    def read():
        data = report.collect(scope, week)
        return (
            [(f.key, f.value, f.link) for f in data.figures],
            [(t.key, t.rows, t.links) for t in data.tables],
            [(c.key, c.categories, c.series) for c in data.charts],
        )

    counted = read()
    assert settle_today(a) == 1
    assert settle_today(b) == 1
    assert ServiceDeskDay.objects.get(site=a).counts["category:repair"] == 2
    assert read() == counted


def test_x9_a_day_is_settled_only_once_it_is_over(world):
    a = world["a"]
    archive_everything(a)
    assert reports.settle(a.pk, [timezone.localdate()]) == 0
    assert settle_today(a) == 1


def test_x9_a_form_logged_late_on_a_settled_day_reopens_it(world, people):
    from infocenter.servicedesk import services

    a = world["a"]
    archive_everything(a)
    start, end = reports.period_of(7)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert reports.settle(a.pk, [timezone.localdate() - dt.timedelta(days=1)]) == 1
        before = figures([a.pk], start, end)[0]["forms"]
        # a call of yesterday logged this morning, as received yesterday evening
        services.log_form(
            people[Role.PROCESSOR],
            site=a,
            source="phone",
            reporter_kind="owner",
            reporter_name="王五",
            reporter_phone="13800138001",
            category=Category.REPAIR,
            content="昨晚漏水",
            received_at=timezone.make_aware(
                dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(20))
            ),
        )
        assert not ServiceDeskDay.objects.filter(site=a).exists()
        assert figures([a.pk], start, end)[0]["forms"] == before + 1


@pytest.mark.django_db(transaction=True)
def test_x9_settling_a_day_waits_for_a_reopening_in_progress(org):
    """On PostgreSQL a day being settled and the same site's day being reopened (a form logged
    late) take turns on the site's row: a count that started while a late form's transaction
    is open waits for it, so the form is either counted or reopens the day after the count.
    SQLite writes one transaction at a time, so the race cannot happen there."""
    import threading

    from django.db import connection, connections, transaction

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite writes one transaction at a time")
    a = org["a"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    moment = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(20)))
    holding, release, settled = threading.Event(), threading.Event(), []

    def late_form():
        try:
            with transaction.atomic():
                rollup.reopen(a.pk, moment)  # what logging the late form does in its transaction
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def settle():
        try:
            settled.append(reports.settle(a.pk, [yesterday]))
        finally:
            connections.close_all()

    intake = threading.Thread(target=late_form)
    intake.start()
    assert holding.wait(10)
    night = threading.Thread(target=settle)
    night.start()
    night.join(0.5)
    assert night.is_alive() and not settled  # waiting for the late form's transaction
    release.set()
    intake.join(10)
    night.join(10)
    assert settled == [1] and ServiceDeskDay.objects.filter(site=a, day=yesterday).exists()
