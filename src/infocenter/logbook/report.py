"""The control room's section of the reports (X-9): the information registry's entries and the
late ones by department, the phone log's calls, missed calls and their call-backs, and the
shift handovers with those taken over late or not at all. Each count is one grouped query over
the scope's sites, whatever their number; each figure links to the register page filtered to
exactly the records it counts (a register page shows one site: a figure over several sites
links through the comparison table's rows)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from infocenter.core.models import Department
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

from .choices import CallDirection, CallState, HandoverState
from .models import Handover, PhoneCall, RegistryEntry
from .services.calls import K_CALL_BACK
from .services.handovers import K_ACCEPT

MISSED_STATES = (CallState.MISSED, CallState.CALLED_BACK)
LATE_ROWS = 50  # the late entries listed; the figure links to all of them


def accepted_late() -> Exists:
    """LOG-1: a handover the incoming processor did not accept within the policy's minutes."""
    return clock_breached("logbook.handover", K_ACCEPT)


def called_back_late() -> Exists:
    """LOG-2: a missed call not returned within the policy's minutes."""
    return clock_breached("logbook.phonecall", K_CALL_BACK)


def _only_site(scope: ReportScope) -> int | None:
    return scope.site_ids[0] if len(scope.site_ids) == 1 else None


def _by_site(queryset, **counts) -> dict[int, dict]:
    return {r["site"]: r for r in queryset.order_by().values("site").annotate(**counts)}


def _total(rows: dict[int, dict], key: str) -> int:
    return sum(r.get(key) or 0 for r in rows.values())


def collect(scope: ReportScope, period: Period, *, detail: bool = True) -> SectionData:
    """The section's figures, and with ``detail`` its tables and charts."""
    since, until = period.bounds()
    site = _only_site(scope)
    sites = list(scope.site_ids)
    recorded = {"recorded_after": since, "recorded_before": until}
    days = {"start": period.start, "end": period.end - dt.timedelta(days=1)}
    handed = {"handed_over_after": since, "handed_over_before": until}

    entries = RegistryEntry.objects.filter(
        site__in=sites, recorded_at__gte=since, recorded_at__lt=until
    )
    by_entry = _by_site(entries, n=Count("pk"), late=Count("pk", filter=Q(late=True)))
    calls = PhoneCall.objects.filter(
        site__in=sites,
        direction=CallDirection.INCOMING,
        occurred_at__gte=since,
        occurred_at__lt=until,
    )
    missed = Q(state__in=MISSED_STATES)
    by_call = _by_site(
        calls,
        n=Count("pk"),
        missed=Count("pk", filter=missed),
        called_back=Count("pk", filter=Q(state=CallState.CALLED_BACK)),
        late=Count("pk", filter=missed & Q(called_back_late())),
    )
    handovers = Handover.objects.filter(
        site__in=sites, handed_over_at__gte=since, handed_over_at__lt=until
    )
    by_handover = _by_site(
        handovers,
        n=Count("pk"),
        late=Count("pk", filter=Q(accepted_late())),
        waiting=Count("pk", filter=Q(state=HandoverState.HANDED_OVER)),
    )
    n_entries, n_late = _total(by_entry, "n"), _total(by_entry, "late")
    n_missed, n_back = _total(by_call, "missed"), _total(by_call, "called_back")
    returned = calls.filter(state=CallState.CALLED_BACK, returned_by__isnull=False)
    to_call_back = median_minutes(
        returned,
        F("returned_by__occurred_at") - F("occurred_at"),
        n_back,
    )
    n_handovers = _total(by_handover, "n")
    figures = [
        Figure(
            "entries",
            _("Registry entries"),
            n_entries,
            **site_list("logbook:registry", site, **recorded),
        ),
        Figure(
            "late_entries",
            _("Reported late"),
            n_late,
            **site_list("logbook:registry", site, **recorded, late="true"),
            better="lower",
        ),
        Figure(
            "late_entry_rate",
            _("Share reported late"),
            rate(n_late, n_entries),
            "%",
            better="lower",
        ),
        Figure(
            "calls",
            _("Incoming calls"),
            _total(by_call, "n"),
            **site_list("logbook:calls", site, **days, direction=CallDirection.INCOMING),
        ),
        Figure(
            "missed_calls",
            _("Missed calls"),
            n_missed,
            **site_list("logbook:calls", site, **days, missed="true"),
            better="lower",
        ),
        Figure(
            "called_back",
            _("Missed calls returned"),
            n_back,
            **site_list("logbook:calls", site, **days, state=CallState.CALLED_BACK),
        ),
        Figure("call_back_rate", _("Call-back rate"), rate(n_back, n_missed), "%", better="higher"),
        Figure(
            "call_back_late",
            _("Returned after the time limit or not at all"),
            _total(by_call, "late"),
            **site_list("logbook:calls", site, **days, call_back_late="true"),
            better="lower",
        ),
        Figure(
            "call_back_minutes",
            _("Median time to call back"),
            to_call_back,
            _("min"),
            better="lower",
        ),
        Figure(
            "handovers",
            _("Shift handovers"),
            n_handovers,
            **site_list("logbook:handovers", site, **handed),
        ),
        Figure(
            "handovers_late",
            _("Taken over after the time limit"),
            _total(by_handover, "late"),
            **site_list("logbook:handovers", site, **handed, late="true"),
            better="lower",
        ),
        Figure(
            "handovers_waiting",
            _("Not taken over"),
            _total(by_handover, "waiting"),
            **site_list("logbook:handovers", site, **handed, state=HandoverState.HANDED_OVER),
            better="lower",
        ),
    ]
    if not detail:
        return SectionData(figures)
    tables = [
        _by_department(entries, recorded),
        _late_entries(entries),
    ]
    if scope.compares_sites:
        tables.append(_comparison(scope, by_entry, by_call, by_handover, recorded, days, handed))
    categories, series = trend(
        period,
        [
            (_("Registry entries"), daily(entries, "recorded_at")),
            (_("Missed calls"), daily(calls.filter(missed), "occurred_at")),
        ],
    )
    charts = [
        Chart(
            "control_room_trend",
            _("Entries and missed calls"),
            "bar",
            categories,
            series,
            pgettext("unit of a chart", "times"),
        )
    ]
    return SectionData(figures, tables, charts)


def _by_department(entries, recorded) -> Table:
    """Entries and the late ones by reporting department (a department is a site's)."""
    rows = list(
        entries.order_by()
        .values("department")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late=True)))
        .order_by("-n", "department")
    )
    departments = {
        pk: (name, site_id)
        for pk, name, site_id in Department.objects.filter(
            pk__in=[r["department"] for r in rows]
        ).values_list("pk", "name", "site_id")
    }
    return Table(
        "entries_by_department",
        _("Registry entries by department"),
        [_("Department"), _("Entries"), _("Reported late"), _("Share late (%)")],
        [
            [departments[r["department"]][0], r["n"], r["late"], rate(r["late"], r["n"])]
            for r in rows
        ],
        [
            page_url(
                "logbook:registry",
                departments[r["department"]][1],
                **recorded,
                department=r["department"],
            )
            for r in rows
        ],
    )


def _late_entries(entries) -> Table:
    rows = list(
        entries.filter(late=True)
        .select_related("department", "site")
        .order_by("-late_minutes", "pk")[:LATE_ROWS]
    )
    return Table(
        "late_entries",
        _("Entries reported late"),
        [_("Serial"), _("Site"), _("Department"), _("Title"), _("Recorded at"), _("Minutes late")],
        [
            [
                e.serial,
                e.site.name,
                e.department.name,
                e.title,
                f"{timezone.localtime(e.recorded_at):%Y-%m-%d %H:%M}",
                e.late_minutes,
            ]
            for e in rows
        ],
        [e.get_absolute_url() for e in rows],
    )


def _comparison(scope, by_entry, by_call, by_handover, recorded, days, handed) -> Table:
    """The section's figures site by site, each site's figure linked to that site's list."""
    columns = [
        (_("Registry entries"), lambda e, c, h: e.get("n", 0), ("logbook:registry", recorded)),
        (
            _("Reported late"),
            lambda e, c, h: e.get("late", 0),
            ("logbook:registry", {**recorded, "late": "true"}),
        ),
        (_("Share late (%)"), lambda e, c, h: rate(e.get("late", 0), e.get("n", 0)), None),
        (
            _("Missed calls"),
            lambda e, c, h: c.get("missed", 0),
            ("logbook:calls", {**days, "missed": "true"}),
        ),
        (
            _("Call-back rate (%)"),
            lambda e, c, h: rate(c.get("called_back", 0), c.get("missed", 0)),
            None,
        ),
        (_("Shift handovers"), lambda e, c, h: h.get("n", 0), ("logbook:handovers", handed)),
        (
            _("Taken over late"),
            lambda e, c, h: h.get("late", 0),
            ("logbook:handovers", {**handed, "late": "true"}),
        ),
    ]
    rows, links, cell_links = [], [], []
    for pk in sorted(scope.site_ids, key=lambda pk: scope.names.get(pk, "")):
        e, c, h = by_entry.get(pk, {}), by_call.get(pk, {}), by_handover.get(pk, {})
        rows.append([scope.names.get(pk, str(pk)), *[f(e, c, h) for _l, f, _to in columns]])
        links.append(page_url("logbook:registry", pk, **recorded))
        cell_links.append(
            ["", *[page_url(to[0], pk, **to[1]) if to else "" for _l, _f, to in columns]]
        )
    return Table(
        "control_room_sites",
        _("Control room by site"),
        [_("Site"), *[label for label, _f, _to in columns]],
        rows,
        links,
        cell_links,
    )


register_section(
    "control_room",
    gettext_lazy("Control room"),
    "lb.view",
    collect,
    order=20,
)
