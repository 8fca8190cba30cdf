"""What the areas' report sections share (X-9): whether a record broke its clock, the register
page a figure links to, a median and daily counts computed in the database, and a period's
chart points. Each area's ``report.py`` builds its section from these."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import CharField, Count, Exists, OuterRef
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone

from .choices import DeadlineState
from .models import Deadline
from .reports import Period


def clock_breached(label: str, kind: str) -> Exists:
    """Whether the outer record (model ``label``) broke its clock ``kind``: late, met since or
    not. Shared by the figures and the register filters, so the two count alike."""
    return Exists(
        Deadline.objects.filter(
            subject_type=label,
            subject_id=Cast(OuterRef("pk"), CharField()),
            site_id=OuterRef("site_id"),  # the record's and its clocks' site
            kind=kind,
            state=DeadlineState.BREACHED,
        )
    )


def site_list(route: str, site_id: int | None, **params) -> dict:
    """A figure's ``link`` and ``by_site`` (``Figure(…, **site_list(…))``): the register page of
    its one site, or, over several sites, none and the report's offer of the figure site by
    site, each site to that page (a register shows one site at a time)."""
    return {"link": page_url(route, site_id, **params), "by_site": site_id is None}


def page_url(route: str, site_id: int | None, **params) -> str:
    """A register page of one site filtered by ``params`` (date-times as ISO text); "" for a
    figure over several sites, which no register page shows at once."""
    if site_id is None:
        return ""
    query = {"site": site_id} | {
        k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
        for k, v in params.items()
        if v not in (None, "")
    }
    return reverse(route) + "?" + urlencode(query)


def median_minutes(queryset, delay, n: int) -> float | None:
    """The median of ``delay`` (a duration expression) over the ``n`` rows of ``queryset``, in
    minutes: one query for the middle row or two, whatever ``n``."""
    if not n:
        return None
    middle = (n - 1) // 2
    values = list(
        queryset.annotate(delay=delay)
        .order_by("delay", "pk")
        .values_list("delay", flat=True)[middle : middle + (1 if n % 2 else 2)]
    )
    seconds = sum(v.total_seconds() for v in values) / len(values)
    return round(seconds / 60, 1)


def daily(queryset, field: str) -> dict[dt.date, int]:
    """How many rows of ``queryset`` fall on each local day by ``field``: one grouped query."""
    tz = timezone.get_current_timezone()
    return {
        r["day"]: r["n"]
        for r in queryset.annotate(day=TruncDate(field, tzinfo=tz))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    }


def trend(period: Period, series: list[tuple[str, dict[dt.date, int]]]) -> tuple[list, list]:
    """Chart categories and series: a point a day for a week or a month, a point a month for a
    quarter or a year (the days summed)."""
    days = period.dates()
    if period.days <= 31:
        categories = [f"{d:%m-%d}" for d in days]
        bucket = {d: i for i, d in enumerate(days)}
    else:
        months = sorted({(d.year, d.month) for d in days})
        categories = [f"{y}-{m:02d}" for y, m in months]
        index = {ym: i for i, ym in enumerate(months)}
        bucket = {d: index[(d.year, d.month)] for d in days}
    out = []
    for name, counts in series:
        data = [0] * len(categories)
        for day, n in counts.items():
            if day in bucket:
                data[bucket[day]] += n
        out.append({"name": name, "data": data})
    return categories, out
