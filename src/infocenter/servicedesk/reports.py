"""Figures for the managers' dashboard (X-9): volumes by category, source and department, SLA
compliance per clock, daily volumes, the overdue list and the comparison between the sites of a
scope. Aggregations in the database, grouped by site: the cost does not grow with the number
of sites. Each figure counts what the lists behind it show (``filtersets``, ``figure_url``)."""

import datetime as dt
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, TruncDate
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.calendar import days_span
from infocenter.core.choices import DeadlineState
from infocenter.core.models import Building, Deadline, Department, Site

from . import rollup
from .archive import NO_CALLBACK_NEEDED
from .choices import CallbackOutcome, Category, FormState, Source
from .models import Callback, ServiceForm, WorkOrder
from .workflows import OPEN_ORDER_STATES

# each clock with its rule (for the API) and the name people know it by (for the pages)
CLOCKS = [
    ("sd.dispatch", "SD-6", _("dispatch time limit")),
    ("sd.arrange", "SD-7", _("arrangement time limit")),
    ("sd.report", "SD-8", _("feedback time limit")),
    ("sd.finish", "SD-14", _("completion time limit")),
]
CLOCK_KINDS = [kind for kind, _rule, _name in CLOCKS]
FORM_CLOCKS = ("sd.dispatch",)  # timed on the form; the others on the work order
FORM_LABEL, ORDER_LABEL = "servicedesk.serviceform", "servicedesk.workorder"


def clock_exists(label: str, *, kinds, states, open_only: bool = False) -> Exists:
    """Whether the outer form or order (``label``) has a clock of one of ``kinds`` in one of
    ``states`` (only clocks still running, when ``open_only``). Shared by the figures and the
    filters of the lists behind them, so the two always count alike."""
    clocks = Deadline.objects.filter(
        subject_type=label,
        subject_id=Cast(OuterRef("pk"), CharField()),
        site_id=OuterRef("site_id"),  # the record's and its clocks' site
        kind__in=kinds,
        state__in=states,
    )
    return Exists(clocks.filter(closed_at__isnull=True) if open_only else clocks)


def overdue_exists(label: str) -> Exists:
    """Overdue now: a named clock breached and still running."""
    return clock_exists(label, kinds=CLOCK_KINDS, states=[DeadlineState.BREACHED], open_only=True)


def callback_exists(outcome: str | None = None) -> Exists:
    callbacks = Callback.objects.filter(form=OuterRef("pk"), site_id=OuterRef("site_id"))
    return Exists(callbacks.filter(outcome=outcome) if outcome else callbacks)


def period_of(days: int) -> tuple[dt.datetime, dt.datetime]:
    """The last ``days`` days up to the end of today (local time)."""
    end = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    return end - dt.timedelta(days=days), end


def this_month() -> tuple[dt.datetime, dt.datetime]:
    today = timezone.localdate()
    start = today.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    aware = [timezone.make_aware(dt.datetime.combine(d, dt.time())) for d in (start, following)]
    return aware[0], aware[1]


def figure_url(kind: str, **params) -> str:
    """The list behind a figure: ``kind`` "forms" or "orders", with the filters in the URL
    (ISO date-times for the period; empty values left out; a list, such as the sites of a
    figure over several, repeated: ``site=1&site=2``)."""
    query = {
        k: (v.isoformat() if isinstance(v, dt.datetime) else v)
        for k, v in params.items()
        if v not in (None, "")
    }
    return _list_path(kind, get_script_prefix()) + (
        "?" + urlencode(query, doseq=True) if query else ""
    )


@lru_cache(maxsize=16)
def _list_path(kind: str, prefix: str) -> str:
    """The address of a list, reversed once per script prefix (a report or a dashboard over
    many sites makes hundreds of these links)."""
    return reverse(f"servicedesk:{kind}")


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# a clock's outcome → the deadline states it covers ("open": still running, not yet late)
STATE_GROUPS = {
    DeadlineState.MET: [DeadlineState.MET],
    DeadlineState.BREACHED: [DeadlineState.BREACHED],
    "open": [DeadlineState.SCHEDULED, DeadlineState.WARNED],
}


def _clock_counts(label: str, kinds, subjects, site_ids) -> dict[int, dict[str, int]]:
    """By site, how many of ``subjects`` (forms or orders) have a clock of each of ``kinds`` in
    each outcome (``STATE_GROUPS``), as ``{"<kind>:<outcome>": n}``: one grouped query that
    finds each subject's clocks through their index, rather than a test per subject, kind and
    outcome. Counts what ``clock_exists`` filters: a subject with two clocks of a kind in one
    outcome counts once. The clocks are read with the subjects' sites, ``site_ids``."""
    outcome = Case(
        When(state__in=STATE_GROUPS["open"], then=Value("open")),
        default=F("state"),
        output_field=CharField(),
    )
    rows = (
        Deadline.objects.filter(
            site_id__in=site_ids,
            subject_type=label,
            subject_id__in=subjects.annotate(key=Cast("pk", CharField())).values("key"),
            kind__in=kinds,
            state__in=[state for states in STATE_GROUPS.values() for state in states],
        )
        .order_by()
        .annotate(outcome=outcome)
        .values("site", "kind", "outcome")
        .annotate(n=Count("subject_id", distinct=True))
    )
    found: dict[int, dict[str, int]] = {}
    for r in rows:
        found.setdefault(r["site"], {})[f"{r['kind']}:{r['outcome']}"] = r["n"]
    return found


def comparison(
    site_ids, start: dt.datetime, end: dt.datetime, *, overdue_now: bool = True
) -> list[dict]:
    """One row per site: volumes, each clock's compliance, what is overdue now (unless
    ``overdue_now`` is False: a report of a past period leaves it out) and the callbacks.
    The settled days' counts are read from their rows (``rollup``), the others counted in six
    grouped queries at most, whatever the number of sites; each figure comes with the URL of
    the list that shows it."""
    site_ids = list(site_ids)
    counted = rollup.period_counts(site_ids, start, end, live=live_counts)
    overdue = _overdue_by_site(site_ids) if overdue_now else {}
    sites = Site.objects.filter(pk__in=site_ids).order_by("name")
    return [
        _site_row(
            site,
            counted.get(site.pk, {}),
            overdue,
            start,
            end,
            where={"site": site.pk},
        )
        for site in sites
    ]


def live_counts(site_ids, forms_when: Q, orders_when: Q) -> dict[int, dict[str, int]]:
    """By site, what the comparison counts of the forms received and the orders issued when
    ``forms_when`` and ``orders_when`` say (conditions on ``received_at`` and
    ``dispatched_at``), read from the records: six grouped queries whatever the number of
    sites."""
    forms = ServiceForm.objects.filter(site__in=site_ids).filter(forms_when).order_by()
    due = ~Q(category__in=NO_CALLBACK_NEEDED) & ~Q(state=FormState.VOIDED)
    found: dict[int, dict[str, int]] = {}
    for r in forms.values("site").annotate(
        forms=Count("pk"),
        callback_due=Count("pk", filter=due),
        called_back=Count("pk", filter=Q(callback_exists())),
        satisfied=Count("pk", filter=Q(callback_exists(CallbackOutcome.SATISFIED))),
        unsatisfied=Count("pk", filter=Q(callback_exists(CallbackOutcome.UNSATISFIED))),
        major=Count("pk", filter=Q(major=True)),
    ):
        found.setdefault(r.pop("site"), {}).update(r)
    for site, counts in _clock_counts(FORM_LABEL, FORM_CLOCKS, forms, site_ids).items():
        found.setdefault(site, {}).update(counts)
    orders = WorkOrder.objects.filter(site__in=site_ids).filter(orders_when).order_by()
    order_kinds = [k for k in CLOCK_KINDS if k not in FORM_CLOCKS]
    for r in orders.values("site").annotate(
        orders=Count("pk", filter=Q(reissue_of=None)),
        reissued=Count("pk", filter=Q(reissue_of__isnull=False)),
    ):
        found.setdefault(r.pop("site"), {}).update(r)
    for site, counts in _clock_counts(ORDER_LABEL, order_kinds, orders, site_ids).items():
        found.setdefault(site, {}).update(counts)
    return found


def day_counts(site_ids, forms_when: Q, orders_when: Q) -> dict[int, dict[str, int]]:
    """What a settled day keeps (``rollup.settle``): the comparison's counts and the volumes."""
    found = live_counts(site_ids, forms_when, orders_when)
    for pk, counts in live_dimensions(site_ids, forms_when, orders_when).items():
        found.setdefault(pk, {}).update(counts)
    return found


def settle(site_id: int, days, *, today: dt.date | None = None) -> int:
    """Settle ``days`` of ``site_id`` (``rollup.settle``) with what the reports count."""
    return rollup.settle(site_id, days, live=day_counts, today=today)


def settle_site(site, now: dt.datetime) -> int:
    """The nightly pass of ``site`` (``rollup.settle_site``)."""
    return rollup.settle_site(site, now, live=day_counts)


def _overdue_by_site(site_ids) -> dict:
    """Subjects overdue now, by (site, subject type): one grouped query."""
    return {
        (r["site"], r["subject_type"]): r["n"]
        for r in Deadline.objects.filter(
            site__in=site_ids,
            kind__in=CLOCK_KINDS,
            state=DeadlineState.BREACHED,
            closed_at__isnull=True,
        )
        .order_by()
        .values("site", "subject_type")
        .annotate(n=Count("subject_id", distinct=True))
    }


def _site_row(site, counts: dict, overdue: dict, start, end, *, where: dict) -> dict:
    """One row of figures, its lists' URLs narrowed to ``where`` (the sites it counts)."""
    period = dict(where)
    forms = {**period, "received_after": start, "received_before": end}
    orders = {**period, "dispatched_after": start, "dispatched_before": end}
    row = {
        "site": site,
        "forms": counts.get("forms", 0),
        "forms_url": figure_url("forms", **forms),
        "orders": counts.get("orders", 0),
        "orders_url": figure_url("orders", **orders, reissued="false"),
        "overdue_forms": overdue.get((site.pk, FORM_LABEL), 0),
        "overdue_forms_url": figure_url("forms", **period, overdue="true"),
        "overdue_orders": overdue.get((site.pk, ORDER_LABEL), 0),
        "overdue_orders_url": figure_url("orders", **period, overdue="true"),
        "callback_due": counts.get("callback_due", 0),
        "called_back": counts.get("called_back", 0),
        "called_back_url": figure_url("forms", **forms, called_back="true"),
        "satisfied": counts.get("satisfied", 0),
        "satisfied_url": figure_url("forms", **forms, callback=CallbackOutcome.SATISFIED),
        "unsatisfied": counts.get("unsatisfied", 0),
        "unsatisfied_url": figure_url("forms", **forms, callback=CallbackOutcome.UNSATISFIED),
        "major": counts.get("major", 0),
        "reissued": counts.get("reissued", 0),
        "clocks": [],
    }
    row["callback_rate"] = _rate(row["called_back"], row["callback_due"])
    row["satisfaction"] = _rate(row["satisfied"], row["called_back"])
    for kind, rule, name in CLOCKS:
        params, target = (forms, "forms") if kind in FORM_CLOCKS else (orders, "orders")
        met = counts.get(f"{kind}:{DeadlineState.MET}", 0)
        late = counts.get(f"{kind}:{DeadlineState.BREACHED}", 0)
        running = counts.get(f"{kind}:open", 0)
        url = lambda state, p=params, t=target, k=kind: figure_url(  # noqa: E731
            t, **p, clock=k, clock_state=state
        )
        row["clocks"].append(
            {
                "kind": kind,
                "rule": rule,
                "name": str(name),
                "label": name,  # lazy: translated where it is shown
                "met": met,
                "breached": late,
                "open": running,
                "rate": _rate(met, met + late),
                "met_url": url(DeadlineState.MET),
                "breached_url": url(DeadlineState.BREACHED),
            }
        )
    return row


def totals(rows: list[dict], scope: dict, start, end) -> dict:
    """The sum of the sites' rows, with the URLs of the lists over the whole scope
    (``scope``: ``{"site": [pk, …]}``, exactly the sites summed, so that a list opened from
    a total shows what the total counts, even to a person who sees more sites)."""
    total = {
        key: sum(r[key] for r in rows)
        for key in (
            "forms",
            "orders",
            "overdue_forms",
            "overdue_orders",
            "callback_due",
            "called_back",
            "satisfied",
            "unsatisfied",
            "major",
            "reissued",
        )
    }
    row = _site_row(Site(), {}, {}, start, end, where=scope)  # only the URLs
    total = {**{k: v for k, v in row.items() if k.endswith("_url")}, **total}
    total["callback_rate"] = _rate(total["called_back"], total["callback_due"])
    total["satisfaction"] = _rate(total["satisfied"], total["called_back"])
    total["clocks"] = []
    for i, clock in enumerate(row["clocks"]):
        met = sum(r["clocks"][i]["met"] for r in rows)
        late = sum(r["clocks"][i]["breached"] for r in rows)
        running = sum(r["clocks"][i]["open"] for r in rows)
        total["clocks"].append(
            clock | {"met": met, "breached": late, "open": running, "rate": _rate(met, met + late)}
        )
    return total


def dashboard(site_ids, start: dt.datetime, end: dt.datetime) -> dict:
    """The dashboard of the sites ``site_ids`` over [start, end): the comparison between the
    sites, their totals, volumes by category, source, department and day, and the overdue
    clocks. Every list it links to is narrowed to exactly these sites."""
    site_ids = sorted(site_ids)
    scope = {"site": site_ids}
    forms, _orders = received_and_dispatched(site_ids, start, end)
    rows = comparison(site_ids, start, end)
    total = totals(rows, scope, start, end)
    tz = timezone.get_current_timezone()
    first = start.astimezone(tz).date()
    days = [first + dt.timedelta(days=i) for i in range((end - start).days)]
    daily = daily_counts(forms, "received_at")
    overdue = list(
        Deadline.objects.filter(
            site__in=site_ids,
            kind__in=CLOCK_KINDS,
            state=DeadlineState.BREACHED,
            closed_at__isnull=True,
        )
        .select_related("site")
        .order_by("due_at")[:50]
    )
    return {
        "sites": rows,
        "all": total,
        "total": total["forms"],
        "orders": total["orders"],
        **volumes(site_ids, start, end),
        "daily": [(d.strftime("%m-%d"), daily.get(d, 0), _day_url(scope, d)) for d in days],
        "sla": total["clocks"],
        "overdue": overdue,
    }


def received_and_dispatched(site_ids, start: dt.datetime, end: dt.datetime) -> tuple:
    """The forms received and the work orders first issued (re-issues left out) at the sites
    ``site_ids`` in [start, end): what the volumes count."""
    forms = ServiceForm.objects.filter(
        site__in=site_ids, received_at__gte=start, received_at__lt=end
    ).order_by()
    # "not (re-issue is not null)": the same rows as "re-issue is null", which SQLite would
    # otherwise read through the unique index of re-issues instead of (site, dispatched_at)
    orders = (
        WorkOrder.objects.filter(site__in=site_ids, dispatched_at__gte=start, dispatched_at__lt=end)
        .exclude(reissue_of__isnull=False)
        .order_by()
    )
    return forms, orders


def live_dimensions(site_ids, forms_when: Q, orders_when: Q) -> dict[int, dict[str, int]]:
    """By site, the forms received when ``forms_when`` says by category, by source and by the
    building of their flat (``building:-``: not at a flat), and the orders first issued when
    ``orders_when`` says by department, as ``{"category:repair": n, …}``: four grouped
    queries. What the volumes count, kept in the settled days (``rollup``)."""
    forms = ServiceForm.objects.filter(site__in=site_ids).filter(forms_when).order_by()
    # "not (re-issue is not null)", as ``received_and_dispatched`` reads first issues
    orders = (
        WorkOrder.objects.filter(site__in=site_ids)
        .filter(orders_when)
        .exclude(reissue_of__isnull=False)
        .order_by()
    )
    found: dict[int, dict[str, int]] = {}
    for prefix, queryset, field in (
        ("category", forms, "category"),
        ("source", forms, "source"),
        ("building", forms, "room__unit__building"),
        ("department", orders, "department"),
    ):
        for r in queryset.values("site", field).annotate(n=Count("pk")):
            value = "-" if r[field] is None else r[field]
            found.setdefault(r["site"], {})[f"{prefix}:{value}"] = r["n"]
    return found


def volumes(site_ids, start: dt.datetime, end: dt.datetime) -> dict:
    """Forms received by category and by source, first-issued orders by department, each as
    rows of (label, count, URL of the list that shows them), and the forms by building
    (``buildings``: id, name, site's name and count, the most first; ``not_at_flat``). The
    settled days are read from their rows (``rollup``), the others counted in four grouped
    queries."""
    site_ids = sorted(site_ids)
    counted: dict[str, int] = {}
    for counts in rollup.period_counts(site_ids, start, end, live=live_dimensions).values():
        for key, n in counts.items():
            if ":" in key and key.split(":", 1)[0] in DIMENSIONS:
                counted[key] = counted.get(key, 0) + n
    found: dict[str, list[tuple[str, int]]] = {d: [] for d in DIMENSIONS}
    for key, n in counted.items():
        if n:
            prefix, value = key.split(":", 1)
            found[prefix].append((value, n))
    form_period = {"site": site_ids, "received_after": start, "received_before": end}
    order_period = {"site": site_ids, "dispatched_after": start, "dispatched_before": end}
    labels_cat, labels_src = dict(Category.choices), dict(Source.choices)
    by_category = [
        (str(labels_cat.get(code, code)), n, figure_url("forms", **form_period, category=code))
        for code, n in sorted(found["category"], key=lambda r: (-r[1], r[0]))
    ]
    by_source = [
        (str(labels_src.get(code, code)), n, figure_url("forms", **form_period, source=code))
        for code, n in sorted(found["source"], key=lambda r: (-r[1], r[0]))
    ]
    several = len(site_ids) > 1
    departments = {
        r["pk"]: r
        for r in Department.objects.filter(pk__in=[int(v) for v, _n in found["department"]]).values(
            "pk", "name", "site__name"
        )
    }
    by_department = []
    for value, n in sorted(found["department"], key=lambda r: (-r[1], int(r[0]))):
        d = departments[int(value)]
        by_department.append(
            (
                f"{d['site__name']} · {d['name']}" if several else d["name"],
                n,
                figure_url("orders", **order_period, reissued="false", department=d["pk"]),
            )
        )
    buildings = {
        r["pk"]: r
        for r in Building.objects.filter(
            pk__in=[int(v) for v, _n in found["building"] if v != "-"]
        ).values("pk", "name", "site__name")
    }
    by_building = sorted(
        (
            {"building": pk, "name": b["name"], "site_name": b["site__name"], "n": n}
            for value, n in found["building"]
            if value != "-"
            for pk, b in ((int(value), buildings[int(value)]),)
        ),
        key=lambda r: (-r["n"], r["site_name"], r["name"]),
    )
    return {
        "by_category": by_category,
        "by_source": by_source,
        "by_department": by_department,
        "buildings": by_building,
        "not_at_flat": dict(found["building"]).get("-", 0),
    }


DIMENSIONS = ("category", "source", "building", "department")


def live_buckets(site_ids, parts: list[tuple[int, list]]) -> dict[int, dict[str, int]]:
    """For each (bucket, spans of days) of ``parts``, the forms received and the orders first
    issued on those days at ``site_ids``: one query of conditional counts each, over the
    spans' own range (``bucket_counts``)."""
    if not parts:
        return {}
    days = [day for _i, spans in parts for span in spans for day in span]
    since, until = days_span(min(days), max(days))
    forms, orders = received_and_dispatched(site_ids, since, until)
    wanted = {i: rollup.when(spans) for i, spans in parts}
    counted = {}
    for key, queryset, side in (("forms", forms, 0), ("orders", orders, 1)):
        found = queryset.aggregate(
            **{f"b{i}": Count("pk", filter=conditions[side]) for i, conditions in wanted.items()}
        )
        for i in wanted:
            counted.setdefault(i, {})[key] = found[f"b{i}"] or 0
    return counted


def daily_counts(queryset, field: str) -> dict[dt.date, int]:
    """How many rows of ``queryset`` fall on each local day by the date-time ``field``: one
    grouped query (a year is at most 366 rows)."""
    tz = timezone.get_current_timezone()
    return {
        r["day"]: r["n"]
        for r in queryset.annotate(day=TruncDate(field, tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    }


def bucket_counts(queryset, field: str, buckets: list[tuple[dt.datetime, dt.datetime]]) -> list:
    """How many rows of ``queryset`` fall in each [start, end) of ``buckets`` by the date-time
    ``field``: one query of conditional counts over the rows' own range, with no function
    applied to each row's date-time (SQLite would call Python once per row)."""
    if not buckets:
        return []
    found = queryset.filter(
        **{f"{field}__gte": buckets[0][0], f"{field}__lt": buckets[-1][1]}
    ).aggregate(
        **{
            f"b{i}": Count("pk", filter=Q(**{f"{field}__gte": start, f"{field}__lt": end}))
            for i, (start, end) in enumerate(buckets)
        }
    )
    return [found[f"b{i}"] or 0 for i in range(len(buckets))]


def counted_complaint() -> Q:
    """A complaint as the repeat complaints count it: not voided, and not reopened by an
    unsatisfied callback (the same complaint, not a new one)."""
    # "not (reopened from is not null)", as ``received_and_dispatched`` does for re-issues
    return (
        Q(category=Category.COMPLAINT)
        & ~Q(reopened_from__isnull=False)
        & ~Q(state=FormState.VOIDED)
    )


def repeat_complaint(start: dt.datetime | None, end: dt.datetime | None) -> Q:
    """A complaint from a flat, or from a resident when no flat is named, that complained at
    least once more in [start, end) (either bound may be open). Voided forms and the forms an
    unsatisfied callback reopened (the same complaint, not a new one) are left out on both
    sides. Shared by the report's figure and the forms list's ``repeat`` filter."""
    complaints = counted_complaint()
    others = ServiceForm.objects.filter(complaints)
    if start is not None:
        others = others.filter(received_at__gte=start)
    if end is not None:
        others = others.filter(received_at__lt=end)
    others = others.exclude(pk=OuterRef("pk")).filter(site_id=OuterRef("site_id"))  # a flat's site
    same_flat = Q(room__isnull=False) & Q(Exists(others.filter(room=OuterRef("room"))))
    same_resident = (
        Q(room__isnull=True)
        & Q(resident__isnull=False)
        & Q(Exists(others.filter(room__isnull=True, resident=OuterRef("resident"))))
    )
    return complaints & (same_flat | same_resident)


def _day_url(scope: dict, day: dt.date) -> str:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    return figure_url(
        "forms", **scope, received_after=start, received_before=start + dt.timedelta(days=1)
    )


def overdue_subjects(deadlines) -> dict:
    """The form or order of each overdue clock of ``dashboard`` (two queries), by clock id."""
    ids = {FORM_LABEL: set(), ORDER_LABEL: set()}
    for d in deadlines:
        ids.setdefault(d.subject_type, set()).add(int(d.subject_id))
    sites = sorted({d.site_id for d in deadlines})  # a clock's site is its record's
    forms = ServiceForm.objects.filter(pk__in=ids[FORM_LABEL], site_id__in=sites)
    found = {(FORM_LABEL, f.pk): f for f in forms}
    orders = WorkOrder.objects.filter(pk__in=ids[ORDER_LABEL], site_id__in=sites)
    found |= {(ORDER_LABEL, o.pk): o for o in orders.select_related("department")}
    return {d.pk: found.get((d.subject_type, int(d.subject_id))) for d in deadlines}


def chart_data(figures: dict) -> dict:
    """What the page's charts draw: rows of [label, value, URL of the list behind the bar]."""
    data = {k: [list(r) for r in figures[k]] for k in ("by_category", "by_source", "by_department")}
    data["daily"] = [list(r) for r in figures["daily"]]
    data["sla"] = [[c["name"], c["rate"] or 0, c["breached_url"]] for c in figures["sla"]]
    data["sites"] = {
        "formsLabel": str(_("Customer service forms")),
        "formsUnit": str(_("forms")),
        "names": [r["site"].name for r in figures["sites"]],
        "forms": [[r["forms"], r["forms_url"]] for r in figures["sites"]],
        "clocks": [
            {
                "name": clock["name"],
                "rows": [
                    [r["clocks"][i]["rate"], r["clocks"][i]["breached_url"]]
                    for r in figures["sites"]
                ],
            }
            for i, clock in enumerate(figures["sla"])
        ],
    }
    return data


def home_figures(site_ids) -> dict:
    """The key figures of the general manager's home page, per site and in all: forms
    received today, open work orders, what is overdue now and the completion time limit's
    on-time rate this month. Five grouped queries, whatever the number of sites."""
    site_ids = list(site_ids)
    today = period_of(1)
    month = this_month()
    rows = comparison(site_ids, *month)
    received = _by_site(
        ServiceForm.objects.filter(
            site__in=site_ids, received_at__gte=today[0], received_at__lt=today[1]
        )
    )
    running = _by_site(WorkOrder.objects.filter(site__in=site_ids, state__in=OPEN_ORDER_STATES))
    for row in rows:
        pk = row["site"].pk
        row |= _home_row({"site": pk}, received.get(pk, 0), running.get(pk, 0), today)
        row["finish"] = row["clocks"][CLOCK_KINDS.index("sd.finish")]
    scope = {"site": sorted(site_ids)}
    total = totals(rows, scope, *month)
    total |= _home_row(scope, sum(received.values()), sum(running.values()), today)
    total["finish"] = total["clocks"][CLOCK_KINDS.index("sd.finish")]
    return {"sites": rows, "all": total}


def _by_site(queryset) -> dict[int, int]:
    return {r["site"]: r["n"] for r in queryset.order_by().values("site").annotate(n=Count("pk"))}


def _home_row(scope: dict, received: int, running: int, today) -> dict:
    return {
        "today": received,
        "today_url": figure_url(
            "forms", **scope, received_after=today[0], received_before=today[1]
        ),
        "running": running,
        "running_url": figure_url("orders", **scope, open="true"),
    }
