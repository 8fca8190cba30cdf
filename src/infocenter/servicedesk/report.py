"""The service desk's section of the reports (X-9): volumes by category, source, department and
building; each clock's compliance with the items that breached it; returns with their reasons;
re-issues; callbacks and satisfaction; repeat complaints; major events; the sites compared; and
the volumes over the period. Everything is counted in the database, grouped, in the same number
of queries whatever the number of sites or rows; each figure links to the list of exactly what
it counts (``reports.figure_url`` and the lists' ``filtersets``)."""

import datetime as dt

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.utils.translation import gettext_noop as N_

from infocenter.core.choices import DeadlineState
from infocenter.core.models import Deadline
from infocenter.core.reports import (
    MONTH,
    QUARTER,
    WEEK,
    Chart,
    Figure,
    Period,
    ReportScope,
    SectionData,
    Table,
    register_section,
)
from infocenter.core.texts import Text

from . import reports, rollup
from .choices import CallbackOutcome, Category
from .models import Callback, ServiceForm, WorkOrder

LIMIT = 100  # rows of a table of items; its figure's link lists them all
HIGHER, LOWER = "higher", "lower"


def collect(scope: ReportScope, period: Period, *, detail: bool = True) -> SectionData:
    """The section's figures, and with ``detail`` its tables and charts (the comparisons with
    other periods read only the figures)."""
    start, end = period.bounds()
    site_ids = sorted(scope.site_ids)
    where = {"site": site_ids}
    form_period = {**where, "received_after": start, "received_before": end}
    order_period = {**where, "dispatched_after": start, "dispatched_before": end}
    rows = reports.comparison(site_ids, start, end, overdue_now=False)
    total = reports.totals(rows, where, start, end)
    forms = reports.received_and_dispatched(site_ids, start, end)[0]
    orders = WorkOrder.objects.filter(
        site__in=site_ids, dispatched_at__gte=start, dispatched_at__lt=end
    ).order_by()

    data = SectionData()
    data.figures += [
        Figure("forms", _("Forms received"), total["forms"], link=total["forms_url"]),
        Figure("orders", _("Work orders issued"), total["orders"], link=total["orders_url"]),
    ]
    _add_clocks(data, total, site_ids, start, end, detail)
    _add_returns(data, site_ids, start, end, where, detail)
    _add_escalations(data, total, orders, order_period, detail)
    _add_callbacks(data, total, forms, detail)
    _add_repeat_complaints(data, forms, form_period, detail)
    _add_major_events(data, total, forms, form_period, detail)
    if not detail:
        return data
    volumes = reports.volumes(site_ids, start, end)
    data.tables[:0] = [
        _breakdown("by_category", _("Forms by category"), _("Category"), volumes["by_category"]),
        _breakdown("by_source", _("Forms by source"), _("Source"), volumes["by_source"]),
        _breakdown(
            "by_department",
            _("Work orders by department"),
            _("Department"),
            volumes["by_department"],
            _("Work orders"),
        ),
        _breakdown(
            "by_building",
            _("Forms by building"),
            _("Building"),
            _by_building(volumes, form_period),
        ),
    ]
    if scope.compares_sites:
        data.tables.append(_comparison(rows))
    data.charts += [
        _volume_chart(period, site_ids),
        Chart(
            "by_category_chart",
            _("Forms by category"),
            "bar",
            [r[0] for r in volumes["by_category"]],
            [{"name": _("Forms"), "data": [r[1] for r in volumes["by_category"]]}],
            pgettext("unit of a chart", "pcs"),
        ),
    ]
    return data


def _breakdown(key, title, heading, rows, counted=None) -> Table:
    return Table(
        key,
        title,
        [heading, counted or _("Forms")],
        [[label, n] for label, n, _url in rows],
        [url for _label, _n, url in rows],
    )


def _by_building(volumes: dict, form_period: dict) -> list[tuple]:
    """Forms by the building of their flat (its site named when the scope has several), then
    those received about a place that is not a flat."""
    several = len(form_period["site"]) > 1
    rows, elsewhere = [], volumes["not_at_flat"]
    for r in volumes["buildings"]:
        rows.append(
            (
                f"{r['site_name']} · {r['name']}" if several else r["name"],
                r["n"],
                reports.figure_url("forms", **form_period, building=r["building"]),
            )
        )
    if elsewhere:
        rows.append(
            (
                _("Not at a flat"),
                elsewhere,
                reports.figure_url("forms", **form_period, flat="false"),
            )
        )
    return rows


# -- time limits ----------------------------------------------------------------------------------


def _add_clocks(data: SectionData, total: dict, site_ids, start, end, detail: bool) -> None:
    """Each clock's compliance (met, breached, the share met of those decided) over the forms
    received and the orders issued in the period, and the items that breached one."""
    table = Table(
        "sla",
        _("Time limits"),
        [_("Time limit"), _("Met"), _("Breached"), _("Compliance (%)")],
        [],
    )
    for clock in total["clocks"]:
        name = clock["name"]
        data.figures += [
            Figure(
                f"{clock['kind']}.rate",
                Text(N_("%(clock)s: compliance"), clock=clock["label"]),
                clock["rate"],
                "%",
                clock["met_url"],
                HIGHER,
            ),
            Figure(
                f"{clock['kind']}.breached",
                Text(N_("%(clock)s: breached"), clock=clock["label"]),
                clock["breached"],
                link=clock["breached_url"],
                better=LOWER,
            ),
        ]
        table.rows.append([name, clock["met"], clock["breached"], clock["rate"]])
        table.links.append(clock["breached_url"])
    if detail:
        data.tables += [table, _breached_items(site_ids, start, end)]


def _breached_items(site_ids, start, end) -> Table:
    """The breached clocks of the period's forms and orders, earliest due first (two queries,
    the subject's serial read in each), how late each was: until it was met, or until now. The
    clocks are read in the order they fell due from the period's start (a clock falls due after
    its form was received or its order issued), each kept if its subject is the period's, so
    the first hundred come from an index rather than from every subject of the period."""
    names = {kind: str(name) for kind, _rule, name in reports.CLOCKS}
    order_kinds = [k for k in reports.CLOCK_KINDS if k not in reports.FORM_CLOCKS]
    found = []
    for label, model, kinds, anchor, page in (
        (reports.FORM_LABEL, ServiceForm, reports.FORM_CLOCKS, "received_at", "servicedesk:form"),
        (reports.ORDER_LABEL, WorkOrder, order_kinds, "dispatched_at", "servicedesk:order"),
    ):
        subject = model.objects.filter(
            pk=Cast(OuterRef("subject_id"), IntegerField()), site_id=OuterRef("site_id")
        )
        of_period = subject.filter(
            site__in=site_ids, **{f"{anchor}__gte": start, f"{anchor}__lt": end}
        )
        clocks = (
            Deadline.objects.filter(
                site__in=site_ids,
                state=DeadlineState.BREACHED,
                subject_type=label,
                kind__in=kinds,
                due_at__gte=start,
            )
            .filter(Exists(of_period))
            .annotate(serial=Subquery(subject.values("serial")[:1]), site_name=F("site__name"))
            .order_by("due_at", "pk")
            .values("kind", "subject_id", "due_at", "closed_at", "serial", "site_name")[:LIMIT]
        )
        found += [(c, page) for c in clocks]
    found.sort(key=lambda item: item[0]["due_at"])
    now = timezone.now()
    rows, links = [], []
    for clock, page in found[:LIMIT]:
        rows.append(
            [
                clock["serial"],
                clock["site_name"],
                names[clock["kind"]],
                _moment(clock["due_at"]),
                _lateness((clock["closed_at"] or now) - clock["due_at"])
                + ("" if clock["closed_at"] else " " + _("(still open)")),
            ]
        )
        links.append(reverse(page, args=[int(clock["subject_id"])]))
    return Table(
        "breached",
        _("Breached items"),
        [_("Serial"), _("Site"), _("Time limit"), _("Due"), _("How late")],
        rows,
        links,
    )


def _moment(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _lateness(delta: dt.timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}


# -- returns and re-issues ----------------------------------------------------------------------


def _add_returns(data: SectionData, site_ids, start, end, where: dict, detail: bool) -> None:
    """Orders returned in the period (by when they were returned), with the reasons."""
    returned = WorkOrder.objects.filter(
        site__in=site_ids, returned_at__gte=start, returned_at__lt=end
    ).order_by()
    link = reports.figure_url("orders", **where, returned_after=start, returned_before=end)
    data.figures.append(
        Figure("returns", _("Work orders returned"), returned.count(), link=link, better=LOWER)
    )
    if not detail:
        return
    items = returned.values(
        "pk", "serial", "site__name", "department__name", "returned_at", "return_reason"
    ).order_by("returned_at", "pk")[:LIMIT]
    data.tables.append(
        Table(
            "returns",
            _("Returned work orders"),
            [_("Serial"), _("Site"), _("Department"), _("Returned at"), _("Reason")],
            [
                [
                    r["serial"],
                    r["site__name"],
                    r["department__name"],
                    _moment(r["returned_at"]),
                    r["return_reason"],
                ]
                for r in items
            ],
            [reverse("servicedesk:order", args=[r["pk"]]) for r in items],
        )
    )


def _add_escalations(
    data: SectionData, total: dict, orders, order_period: dict, detail: bool
) -> None:
    """Orders re-issued one level up in the period (an order neither finished nor returned in
    time), each with the order it took over and to whom it went."""
    reissued = orders.filter(reissue_of__isnull=False)
    link = reports.figure_url("orders", **order_period, reissued="true")
    data.figures.append(
        Figure(
            "escalations", _("Work orders re-issued"), total["reissued"], link=link, better=LOWER
        )
    )
    if not detail:
        return
    items = reissued.values(
        "pk",
        "serial",
        "reissue_of__serial",
        "site__name",
        "department__name",
        "dispatched_at",
        "receiver__full_name",
    ).order_by("dispatched_at", "pk")[:LIMIT]
    data.tables.append(
        Table(
            "escalations",
            _("Re-issued work orders"),
            [
                _("Serial"),
                _("Re-issue of"),
                _("Site"),
                _("Department"),
                _("Re-issued at"),
                _("Sent to"),
            ],
            [
                [
                    r["serial"],
                    r["reissue_of__serial"],
                    r["site__name"],
                    r["department__name"],
                    _moment(r["dispatched_at"]),
                    r["receiver__full_name"] or "",
                ]
                for r in items
            ],
            [reverse("servicedesk:order", args=[r["pk"]]) for r in items],
        )
    )


# -- callbacks, repeat complaints, major events -------------------------------------------------


def _add_callbacks(data: SectionData, total: dict, forms, detail: bool) -> None:
    """The share of the period's forms that needed a callback and had one, the share of those
    called back who were satisfied, and the forms of unsatisfied customers with the notes."""
    data.figures += [
        Figure(
            "callback_rate",
            _("Callback rate"),
            total["callback_rate"],
            "%",
            total["called_back_url"],
            HIGHER,
        ),
        Figure(
            "satisfaction",
            _("Satisfaction"),
            total["satisfaction"],
            "%",
            total["satisfied_url"],
            HIGHER,
        ),
        Figure(
            "unsatisfied",
            _("Unsatisfied callbacks"),
            total["unsatisfied"],
            link=total["unsatisfied_url"],
            better=LOWER,
        ),
    ]
    if not detail:
        return
    unsatisfied = Callback.objects.filter(
        form=OuterRef("pk"), site_id=OuterRef("site_id"), outcome=CallbackOutcome.UNSATISFIED
    ).order_by("-called_at")
    items = (
        forms.filter(reports.callback_exists(CallbackOutcome.UNSATISFIED))
        .annotate(
            called_at=Subquery(unsatisfied.values("called_at")[:1]),
            notes=Subquery(unsatisfied.values("notes")[:1]),
        )
        .values("pk", "serial", "site__name", "category", "called_at", "notes")
        .order_by("received_at", "pk")[:LIMIT]
    )
    categories = dict(Category.choices)
    data.tables.append(
        Table(
            "unsatisfied",
            _("Unsatisfied callbacks"),
            [_("Serial"), _("Site"), _("Category"), _("Called at"), _("Notes")],
            [
                [
                    r["serial"],
                    r["site__name"],
                    str(categories.get(r["category"], r["category"])),
                    _moment(r["called_at"]),
                    r["notes"],
                ]
                for r in items
            ],
            [reverse("servicedesk:form", args=[r["pk"]]) for r in items],
        )
    )


def _add_repeat_complaints(data: SectionData, forms, form_period: dict, detail: bool) -> None:
    """Complaints from a flat (or, without a flat, a resident) that complained more than once
    in the period: the figure counts the complaints, the table names the flats and residents.
    Counted by grouping the period's complaints by flat and by resident (what the forms list's
    ``repeat`` filter finds complaint by complaint)."""
    complaints = forms.filter(reports.counted_complaint())
    by_flat = complaints.filter(room__isnull=False)
    by_resident = complaints.filter(room__isnull=True, resident__isnull=False)

    def repeated(queryset, key: str, *columns: str):
        return (
            queryset.values(key, *columns)
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .order_by("-n", key)
        )

    link = reports.figure_url("forms", **form_period, repeat="true")
    counted = sum(repeated(by_flat, "room").values_list("n", flat=True)) + sum(
        repeated(by_resident, "resident").values_list("n", flat=True)
    )
    data.figures.append(
        Figure("repeat_complaints", _("Repeat complaints"), counted, link=link, better=LOWER)
    )
    if not detail:
        return
    flats = repeated(
        by_flat,
        "room",
        "site__name",
        "room__unit__building__name",
        "room__unit__name",
        "room__number",
    )[:LIMIT]
    residents = repeated(by_resident, "resident", "site__name", "resident__name")[:LIMIT]
    rows, links = [], []
    for r in flats:
        flat = f"{r['room__unit__building__name']}{r['room__unit__name']}{r['room__number']}"
        rows.append([flat, r["site__name"], r["n"]])
        links.append(reports.figure_url("forms", **form_period, repeat="true", room=r["room"]))
    for r in residents:
        rows.append([r["resident__name"], r["site__name"], r["n"]])
        links.append(
            reports.figure_url("forms", **form_period, repeat="true", resident=r["resident"])
        )
    data.tables.append(
        Table(
            "repeat_complaints",
            _("Repeat complaints"),
            [_("Flat or resident"), _("Site"), _("Complaints")],
            rows,
            links,
        )
    )


def _add_major_events(
    data: SectionData, total: dict, forms, form_period: dict, detail: bool
) -> None:
    """Major events received in the period, with whether the written report and the leaders'
    instructions are in."""
    major = forms.filter(major=True)
    link = reports.figure_url("forms", **form_period, major="true")
    data.figures.append(Figure("major_events", _("Major events"), total["major"], link=link))
    if not detail:
        return
    items = major.values(
        "pk", "serial", "site__name", "received_at", "major_reported_at", "instructed_at"
    ).order_by("received_at", "pk")[:LIMIT]
    data.tables.append(
        Table(
            "major_events",
            _("Major events"),
            [_("Serial"), _("Site"), _("Received at"), _("Written report"), _("Instructions")],
            [
                [
                    r["serial"],
                    r["site__name"],
                    _moment(r["received_at"]),
                    _moment(r["major_reported_at"]) or _("not yet"),
                    _moment(r["instructed_at"]) or _("not yet"),
                ]
                for r in items
            ],
            [reverse("servicedesk:form", args=[r["pk"]]) for r in items],
        )
    )


# -- the sites compared, the volumes over time -------------------------------------------------


def _comparison(rows: list[dict]) -> Table:
    """One row per site (``reports.comparison``): volumes, each clock's compliance and the
    callbacks."""
    clocks = [c["name"] for c in rows[0]["clocks"]] if rows else []
    return Table(
        "sites",
        _("Sites compared"),
        [
            _("Site"),
            _("Forms"),
            _("Work orders"),
            *[_("%(clock)s (%%)") % {"clock": name} for name in clocks],
            _("Callback rate (%)"),
            _("Satisfaction (%)"),
        ],
        [
            [
                r["site"].name,
                r["forms"],
                r["orders"],
                *[c["rate"] for c in r["clocks"]],
                r["callback_rate"],
                r["satisfaction"],
            ]
            for r in rows
        ],
        [r["forms_url"] for r in rows],
    )


def _volume_chart(period: Period, site_ids) -> Chart:
    """Forms received and orders first issued by day (a week or a month), by week (a quarter)
    or by month (a year): the settled days' rows summed, the others counted in one query of
    conditional counts for each."""
    buckets = _buckets(period)
    counted = rollup.bucket_totals(
        site_ids, [days for _label, days in buckets], live=reports.live_buckets
    )
    return Chart(
        "volume",
        _("Volumes by day") if period.kind in (WEEK, MONTH) else _("Volumes over the period"),
        "bar",
        [label for label, _days in buckets],
        [
            {"name": _("Forms received"), "data": [c.get("forms", 0) for c in counted]},
            {"name": _("Work orders issued"), "data": [c.get("orders", 0) for c in counted]},
        ],
        pgettext("unit of a chart", "pcs"),
    )


def _buckets(period: Period) -> list[tuple[str, list[dt.date]]]:
    """The period's days in the chart's bars: each day of a week or month, each ISO week of a
    quarter (cut at the quarter's ends), each month of a year."""
    days = period.dates()
    if period.kind in (WEEK, MONTH):
        return [(d.strftime("%m-%d"), [d]) for d in days]
    found: dict[str, list[dt.date]] = {}
    for d in days:
        if period.kind == QUARTER:
            label = _("W%(week)d") % {"week": d.isocalendar()[1]}
        else:
            label = _("%(month)d/%(year)d") % {"month": d.month, "year": d.year}
        found.setdefault(label, []).append(d)
    return list(found.items())


register_section(
    "servicedesk",
    gettext_lazy("Service desk"),
    "sd.dashboard",
    collect,
    order=10,
)
