"""The machine room's section of the reports (X-9): inspection rounds on time, late and missed,
the failed checks and the work orders they opened; core-device alarms and how fast they were
answered; backups succeeded, failed and missing, and restore tests; changes by class and
outcome; loans overdue; visits. Each count is one grouped query over the scope's sites,
whatever their number; each figure links to the register page of its site filtered to exactly
the records it counts (a register page shows one site: a figure over several sites links
through the comparison table's rows)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Max, Q
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from infocenter.core.report_counts import (
    clock_breached,
    daily,
    median_minutes,
    page_url,
    site_list,
    trend,
)
from infocenter.core.reports import (
    Chart,
    Figure,
    Period,
    ReportScope,
    SectionData,
    Table,
    rate,
    register_section,
)

from .choices import (
    BackupAlertKind,
    BackupOutcome,
    ChangeClass,
    ChangeOutcome,
    ChangeState,
    LoanState,
    RestoreOutcome,
    ResultOutcome,
    RoundState,
    VisitKind,
    VisitOutcome,
)
from .models import (
    BackupAlert,
    BackupResult,
    ChangeRequest,
    CoreAlarm,
    InspectionResult,
    InspectionRound,
    Loan,
    RestoreTest,
    Visit,
)
from .models.loans import LOAN_DUE_HOUR
from .services.incidents import K_RESPOND

LIST_ROWS = 50  # rows of a table of things to look at; the figure links to all of them
# the changes counted: those put to the head (a draft or a cancelled one never happened)
NOT_COUNTED_CHANGES = (ChangeState.DRAFT, ChangeState.CANCELLED)


# -- the conditions, shared with the register filters so that both count alike ---------------


def round_on_time() -> Q:
    return Q(state=RoundState.DONE, submitted_at__lte=F("due_at"))


def round_late() -> Q:
    return Q(state=RoundState.DONE, submitted_at__gt=F("due_at"))


def round_missed(now: dt.datetime | None = None) -> Q:
    """Not done by its due time (still open when it was due)."""
    return Q(state=RoundState.OPEN, due_at__lt=now or timezone.now())


def round_failed() -> Q:
    """A round with at least one check that found a fault."""
    return Q(results__outcome=ResultOutcome.FAIL)


def alarm_answered_late():
    """MR-9: an alarm not responded to within its minutes."""
    return clock_breached("machineroom.corealarm", K_RESPOND)


def with_return_day(loans):
    """Loans with the local day and hour each came back, to tell the late returns."""
    tz = timezone.get_current_timezone()
    return loans.annotate(
        returned_day=TruncDate("returned_at", tzinfo=tz),
        returned_hour=ExtractHour("returned_at", tzinfo=tz),
    )


def loan_overdue(now: dt.datetime | None = None) -> Q:
    """MR-13: out past 18:00 of its due day, or given back after it (on ``with_return_day``)."""
    local = timezone.localtime(now)
    last_due = local.date() if local.hour >= LOAN_DUE_HOUR else local.date() - dt.timedelta(1)
    return (
        Q(state=LoanState.ON_LOAN, due_on__lte=last_due)
        | Q(returned_day__gt=F("due_on"))
        | Q(returned_day=F("due_on"), returned_hour__gte=LOAN_DUE_HOUR)
    )


# -- the section -------------------------------------------------------------------------------


def _by_site(queryset, **counts) -> dict[int, dict]:
    return {r["site"]: r for r in queryset.order_by().values("site").annotate(**counts)}


def _total(rows: dict[int, dict], key: str) -> int:
    return sum(r.get(key) or 0 for r in rows.values())


def collect(scope: ReportScope, period: Period, *, detail: bool = True) -> SectionData:
    """The section's figures, and with ``detail`` its tables and charts."""
    now = timezone.now()
    since, until = period.bounds()
    sites = list(scope.site_ids)
    site = sites[0] if len(sites) == 1 else None
    days = {"start": period.start, "end": period.end - dt.timedelta(days=1)}
    data = SectionData()
    counts = {}
    links = {}

    def figure(key, label, value, unit="", *, route="", better=None, **params):
        data.figures.append(
            Figure(
                key,
                label,
                value,
                unit,
                better=better,
                **(site_list(f"machineroom:{route}", site, **params) if route else {}),
            )
        )
        if route:
            links[key] = (f"machineroom:{route}", params)

    # inspection rounds, by the time they were planned for
    rounds = InspectionRound.objects.filter(
        site__in=sites, occurs_at__gte=since, occurs_at__lt=until
    ).exclude(state=RoundState.CANCELLED)
    counts["rounds"] = _by_site(
        rounds,
        on_time=Count("pk", filter=round_on_time()),
        late=Count("pk", filter=round_late()),
        missed=Count("pk", filter=round_missed(now)),
    )
    failed = InspectionResult.objects.filter(
        site__in=sites, round__in=rounds, outcome=ResultOutcome.FAIL
    ).order_by()
    counts["checks"] = {
        r["site"]: r
        for r in failed.values("site").annotate(
            failed=Count("pk"),
            rounds=Count("round", distinct=True),
            orders=Count("pk", filter=Q(order__isnull=False)),
        )
    }
    r = counts["rounds"]
    on_time, late, missed = _total(r, "on_time"), _total(r, "late"), _total(r, "missed")
    figure(
        "rounds_on_time",
        _("Rounds done on time"),
        on_time,
        route="rounds",
        **days,
        timing="on_time",
    )
    figure(
        "rounds_late",
        _("Rounds done late"),
        late,
        route="rounds",
        **days,
        timing="late",
        better="lower",
    )
    figure(
        "rounds_missed",
        _("Rounds not done"),
        missed,
        route="rounds",
        **days,
        timing="missed",
        better="lower",
    )
    figure(
        "rounds_on_time_rate",
        _("Share of rounds done on time"),
        rate(on_time, on_time + late + missed),
        "%",
        better="higher",
    )
    c = counts["checks"]
    figure(
        "rounds_failed",
        _("Rounds that found faults"),
        _total(c, "rounds"),
        route="rounds",
        **days,
        failed="true",
        better="lower",
    )
    figure(
        "failed_checks",
        _("Checks that found a fault"),
        _total(c, "failed"),
        route="round_findings",
        **days,
        better="lower",
    )
    figure(
        "fault_orders",
        _("Work orders opened by the faults"),
        _total(c, "orders"),
        route="round_findings",
        **days,
        ordered="true",
    )

    # core-device alarms
    alarms = CoreAlarm.objects.filter(site__in=sites, occurred_at__gte=since, occurred_at__lt=until)
    delay = F("responded_at") - F("occurred_at")
    counts["alarms"] = _by_site(
        alarms,
        n=Count("pk"),
        answered=Count("pk", filter=Q(responded_at__isnull=False)),
        late=Count("pk", filter=Q(alarm_answered_late())),
        slowest=Max(delay),
    )
    a = counts["alarms"]
    occurred = {"occurred_after": since, "occurred_before": until}
    figure("alarms", _("Core-device alarms"), _total(a, "n"), route="alarms", **occurred)
    figure(
        "alarms_late",
        _("Alarms answered late or not at all"),
        _total(a, "late"),
        route="alarms",
        **occurred,
        late="true",
        better="lower",
    )
    answered = alarms.filter(responded_at__isnull=False)
    figure(
        "alarm_response_median",
        _("Median time to respond to an alarm"),
        median_minutes(answered, delay, _total(a, "answered")),
        _("min"),
        better="lower",
    )
    slowest = [row["slowest"] for row in a.values() if row["slowest"] is not None]
    figure(
        "alarm_response_slowest",
        _("Slowest response to an alarm"),
        round(max(slowest).total_seconds() / 60, 1) if slowest else None,
        _("min"),
        better="lower",
    )

    # backups, by the day backed up
    results = BackupResult.objects.filter(
        site__in=sites, current=True, day__gte=period.start, day__lt=period.end
    )
    counts["backups"] = _by_site(
        results,
        success=Count("pk", filter=Q(outcome=BackupOutcome.SUCCESS)),
        failed=Count("pk", filter=~Q(outcome=BackupOutcome.SUCCESS)),
    )
    alerts = BackupAlert.objects.filter(
        site__in=sites, kind=BackupAlertKind.MISSED, day__gte=period.start, day__lt=period.end
    )
    counts["missing"] = _by_site(alerts, n=Count("pk"))
    restores = RestoreTest.objects.filter(
        site__in=sites, tested_on__gte=period.start, tested_on__lt=period.end
    )
    counts["restores"] = _by_site(
        restores,
        passed=Count("pk", filter=Q(outcome=RestoreOutcome.PASSED)),
        failed=Count("pk", filter=Q(outcome=RestoreOutcome.FAILED)),
    )
    b = counts["backups"]
    history = {"route": "backup_history", **days}
    figure(
        "backups_succeeded",
        _("Backups succeeded"),
        _total(b, "success"),
        better="higher",
        **history,
        show="results",
        outcome=BackupOutcome.SUCCESS,
    )
    figure(
        "backups_failed",
        _("Backups failed or partly failed"),
        _total(b, "failed"),
        better="lower",
        **history,
        show="results",
        failed="true",
    )
    figure(
        "backups_missing",
        _("Backups missing"),
        _total(counts["missing"], "n"),
        better="lower",
        **history,
        show="missing",
    )
    figure(
        "restore_tests_passed",
        _("Restore tests passed"),
        _total(counts["restores"], "passed"),
        **history,
        show="restores",
        outcome=RestoreOutcome.PASSED,
    )
    figure(
        "restore_tests_failed",
        _("Restore tests failed"),
        _total(counts["restores"], "failed"),
        better="lower",
        **history,
        show="restores",
        outcome=RestoreOutcome.FAILED,
    )

    # changes, by their planned start
    changes = ChangeRequest.objects.filter(
        site__in=sites, planned_start__gte=since, planned_start__lt=until
    ).exclude(state__in=NOT_COUNTED_CHANGES)
    by_kind = list(changes.order_by().values("site", "kind", "outcome").annotate(n=Count("pk")))
    planned = {"planned_after": since, "planned_before": until}
    n_changes = sum(row["n"] for row in by_kind)
    rolled_back = sum(row["n"] for row in by_kind if row["outcome"] == ChangeOutcome.ROLLED_BACK)
    figure("changes", _("Changes"), n_changes, route="changes", **planned, counted="true")
    figure(
        "changes_rolled_back",
        _("Changes failed and rolled back"),
        rolled_back,
        route="changes",
        **planned,
        outcome=ChangeOutcome.ROLLED_BACK,
        better="lower",
    )

    # loans, by their due day
    loans = with_return_day(
        Loan.objects.filter(site__in=sites, due_on__gte=period.start, due_on__lt=period.end)
    )
    overdue = loan_overdue(now)
    counts["loans"] = _by_site(loans, overdue=Count("pk", filter=overdue))
    figure(
        "loans_overdue",
        _("Loans back late or still out"),
        _total(counts["loans"], "overdue"),
        route="loans",
        due_from=period.start,
        due_to=days["end"],
        overdue="true",
        better="lower",
    )

    # visits to the machine rooms
    visits = Visit.objects.filter(site__in=sites, entered_at__gte=since, entered_at__lt=until)
    admitted = Q(outcome=VisitOutcome.ADMITTED)
    counts["visits"] = _by_site(
        visits,
        staff=Count("pk", filter=admitted & Q(kind=VisitKind.STAFF)),
        outsiders=Count("pk", filter=admitted & ~Q(kind=VisitKind.STAFF)),
        refused=Count("pk", filter=Q(outcome=VisitOutcome.REFUSED)),
    )
    v = counts["visits"]
    admitted_only = {"outcome": VisitOutcome.ADMITTED}
    figure(
        "staff_sign_ins",
        _("Staff sign-ins"),
        _total(v, "staff"),
        route="log",
        **days,
        **admitted_only,
        kind=VisitKind.STAFF,
    )
    figure(
        "visitors",
        _("Outsiders admitted"),
        _total(v, "outsiders"),
        route="log",
        **days,
        **admitted_only,
        outsider="true",
    )
    figure(
        "refused_at_the_door",
        _("Refused at the door"),
        _total(v, "refused"),
        route="log",
        **days,
        outcome=VisitOutcome.REFUSED,
    )
    if not detail:
        return data

    data.tables += [
        _failed_checks(failed),
        _changes_table(by_kind, site, planned),
        _failed_backups(results, alerts),
        _overdue_loans(loans.filter(overdue)),
    ]
    if scope.compares_sites:
        data.tables.append(_comparison(scope, counts, links))
    categories, series = trend(
        period,
        [
            (_("Rounds done"), daily(rounds.filter(state=RoundState.DONE), "occurs_at")),
            (_("Core-device alarms"), daily(alarms, "occurred_at")),
            (_("Visits"), daily(visits.filter(admitted), "entered_at")),
        ],
    )
    data.charts.append(
        Chart(
            "machine_room_trend",
            _("Rounds, alarms and visits"),
            "bar",
            categories,
            series,
            pgettext("unit of a chart", "times"),
        )
    )
    return data


def _failed_checks(failed) -> Table:
    rows = list(
        failed.select_related("round__site", "order").order_by("round__occurs_at", "position")[
            :LIST_ROWS
        ]
    )
    return Table(
        "failed_checks",
        _("Checks that found a fault"),
        [_("Round"), _("Site"), _("Planned for"), _("Check item"), _("Note"), _("Work order")],
        [
            [
                r.round.serial,
                r.round.site.name,
                f"{timezone.localtime(r.round.occurs_at):%Y-%m-%d %H:%M}",
                r.label,
                r.note,
                r.order.serial if r.order_id else "",
            ]
            for r in rows
        ],
        [r.round.get_absolute_url() for r in rows],
    )


def _changes_table(by_kind, site, planned) -> Table:
    """Changes by class: how many, and how each ended."""
    outcomes = [(o.value, o.label) for o in ChangeOutcome] + [("", _("Not finished"))]
    table = {}
    for row in by_kind:
        counts = table.setdefault(row["kind"], {})
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + row["n"]
    kinds = [k for k in ChangeClass if k.value in table]
    return Table(
        "changes_by_kind",
        _("Changes by class and outcome"),
        [_("Class of change"), _("Changes"), *[str(label) for _o, label in outcomes]],
        [
            [
                str(k.label),
                sum(table[k.value].values()),
                *[table[k.value].get(o, 0) for o, _l in outcomes],
            ]
            for k in kinds
        ],
        [
            page_url("machineroom:changes", site, **planned, counted="true", kind=k.value)
            for k in kinds
        ],
    )


def _failed_backups(results, alerts) -> Table:
    failed = list(
        results.exclude(outcome=BackupOutcome.SUCCESS)
        .select_related("job", "site")
        .order_by("day", "job__name")[:LIST_ROWS]
    )
    missing = list(alerts.select_related("job", "site").order_by("day", "job__name")[:LIST_ROWS])
    rows = sorted(
        [(r.day, r.job, r.site, r.get_outcome_display(), r.note) for r in failed]
        + [(m.day, m.job, m.site, m.get_kind_display(), m.detail) for m in missing],
        key=lambda row: (row[0], row[1].name),
    )[:LIST_ROWS]
    return Table(
        "failed_backups",
        _("Backups failed or missing"),
        [_("Day"), _("Site"), _("Backup job"), _("Result"), _("Note")],
        [
            [f"{day:%Y-%m-%d}", s.name, job.name, str(what), note]
            for day, job, s, what, note in rows
        ],
        [job.get_absolute_url() for _d, job, _s, _w, _n in rows],
    )


def _overdue_loans(loans) -> Table:
    rows = list(loans.select_related("site").order_by("due_on", "pk")[:LIST_ROWS])
    return Table(
        "overdue_loans",
        _("Loans back late or still out"),
        [_("Serial"), _("Site"), _("Borrower"), _("Due back on"), _("Brought back at")],
        [
            [
                loan.serial,
                loan.site.name,
                loan.borrower_text,
                f"{loan.due_on:%Y-%m-%d}",
                f"{timezone.localtime(loan.returned_at):%Y-%m-%d %H:%M}"
                if loan.returned_at
                else "",
            ]
            for loan in rows
        ],
        [loan.get_absolute_url() for loan in rows],
    )


def _comparison(scope, counts, links) -> Table:
    """The section's key figures site by site, each site's figure linked to that site's list
    (the figure's own, from ``links``)."""
    counted = [  # heading, the counts and the key they are under, the figure whose list it is
        (_("Rounds not done"), "rounds", "missed", "rounds_missed"),
        (_("Checks that found a fault"), "checks", "failed", "failed_checks"),
        (_("Core-device alarms"), "alarms", "n", "alarms"),
        (_("Alarms answered late"), "alarms", "late", "alarms_late"),
        (_("Backups failed"), "backups", "failed", "backups_failed"),
        (_("Backups missing"), "missing", "n", "backups_missing"),
        (_("Loans overdue"), "loans", "overdue", "loans_overdue"),
    ]
    columns = [
        (_("Rounds on time (%)"), lambda pk: rate(*_round_rate(counts["rounds"].get(pk, {}))), "")
    ] + [
        (label, lambda pk, g=group, k=key: counts[g].get(pk, {}).get(k, 0), figure)
        for label, group, key, figure in counted
    ]
    ordered = sorted(scope.site_ids, key=lambda pk: scope.names.get(pk, ""))

    def link(key, pk) -> str:
        if not key:
            return ""
        route, params = links[key]
        return page_url(route, pk, **params)

    return Table(
        "machine_room_sites",
        _("Machine room by site"),
        [_("Site"), *[label for label, _f, _k in columns]],
        [[scope.names.get(pk, str(pk)), *[f(pk) for _l, f, _k in columns]] for pk in ordered],
        [link("rounds_missed", pk) for pk in ordered],
        [["", *[link(key, pk) for _l, _f, key in columns]] for pk in ordered],
    )


def _round_rate(row: dict) -> tuple[int, int]:
    on_time = row.get("on_time", 0)
    return on_time, on_time + row.get("late", 0) + row.get("missed", 0)


register_section(
    "machine_room",
    gettext_lazy("Machine room"),
    "mr.view",
    collect,
    order=30,
)
