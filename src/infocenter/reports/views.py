"""The report pages (X-9): a scope's report for a calendar period on screen, on A4 paper and as
an Excel file. Each reads the same three parameters, ``kind``, ``period`` and ``scope``."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.reports import PERIOD_KINDS
from infocenter.core.web import render_page, xlsx_response

from . import selectors
from .comparisons import compared, value_text
from .exports import report_workbook


def _asked(request):
    """The scope and period of the request, refused in the order a reader can act on: no
    report at all (403), a scope out of reach (404/403), a period that is no period (400)."""
    permissions.check(request.user, selectors.ACTION)
    scope = selectors.get_scope(request.user, request.GET.get("scope"))
    period = selectors.period_from(request.GET.get("kind"), request.GET.get("period"))
    return scope, period


@login_required
def page(request):
    """A report on screen: figures with their changes, tables and charts of every section."""
    try:
        scope, period = _asked(request)
    except ValidationFailed as refused:
        scope = selectors.get_scope(request.user, None)
        return render_page(
            request, "reports/page.html", _choices(request, scope, None, refused), status=400
        )
    report = selectors.report_for(request.user, scope, period)
    return render_page(request, "reports/page.html", _context(request, report))


@login_required
def print_view(request):
    """The same report on A4 paper, its charts drawn as vector images so they print."""
    report = selectors.report_for(request.user, *_asked(request))
    return render_page(request, "reports/print.html", _context(request, report))


@login_required
def export(request):
    """The same report as an Excel file: one sheet per section."""
    report = selectors.report_for(request.user, *_asked(request))
    key = report.scope.key.replace(":", "-")
    return xlsx_response(report_workbook(report), f"report-{key}-{report.period.key}")


@login_required
def by_site(request):
    """One figure of a report over several sites, site by site, each site's value opening the
    list behind it at that site (a register shows one site at a time)."""
    scope, period = _asked(request)
    found = selectors.figure_by_site(
        request.user, scope, period, request.GET.get("section"), request.GET.get("figure")
    )
    return render_page(
        request,
        "reports/by_site.html",
        {
            "scope": scope,
            "period": period,
            "last_day": period.end - dt.timedelta(days=1),
            "found": found,
            "total": value_text(found.total.value, found.total.unit),
            "rows": [(name, value_text(f.value, f.unit), f.link) for name, f in found.sites],
            "report_url": f"{reverse('reports:page')}?{selectors.query(period, scope)}",
        },
    )


def _context(request, report) -> dict:
    period, scope = report.period, report.scope
    today = timezone.localdate()
    following = period.following()
    here = reverse("reports:page")
    return {
        **_choices(request, scope, period),
        "report": report,
        "last_day": period.end - dt.timedelta(days=1),
        "report_kind": PERIOD_KINDS[period.kind],
        "sections": [_section(section, data) for section, data in report.sections],
        "charts": [c for s, d in report.sections for c in _charts(s, d)],
        "previous_url": f"{here}?{selectors.query(period.previous(), scope)}",
        "next_url": f"{here}?{selectors.query(following, scope)}"
        if following.start <= today
        else "",
        "print_url": f"{reverse('reports:print')}?{selectors.query(period, scope)}",
        "export_url": f"{reverse('reports:export')}?{selectors.query(period, scope)}",
        "by_site_url": f"{reverse('reports:by_site')}?{selectors.query(period, scope)}",
    }


def _choices(request, scope, period, refused=None) -> dict:
    """What the page offers to choose: the kinds, the periods of the kind and the scopes."""
    kind = period.kind if period else request.GET.get("kind")
    kind = kind if kind in PERIOD_KINDS else "month"
    here = reverse("reports:page")
    return {
        "scope": scope,
        "period": period,
        "kind": kind,
        "kinds": [
            (key, label, f"{here}?{urlencode({'kind': key, 'scope': scope.key})}")
            for key, label in PERIOD_KINDS.items()
        ],
        "periods": _periods(kind, period),
        "scopes": selectors.scopes_for(request.user),
        "errors": refused.field_errors if refused else {},
    }


def _periods(kind: str, chosen) -> list:
    """The recent periods of ``kind``, and the one chosen when it is older (reached by stepping
    back), so that the choice shows it."""
    periods = selectors.recent_periods(kind)
    if chosen is not None and chosen not in periods:
        periods.append(chosen)
    return periods


def _section(section, data) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "figures": compared(data.figures),
        "tables": [
            {
                "table": t,
                "rows": [
                    (row, t.links[i] if i < len(t.links) else "") for i, row in enumerate(t.rows)
                ],
                "cells": [t.cells(i) for i in range(len(t.rows))],
            }
            for t in data.tables
        ],
        "charts": [(f"chart-{section.key}-{c.key}", c.title) for c in _drawn(data)],
    }


def _charts(section, data) -> list[dict]:
    """Each chart's data for the page's script; a bar or point opens the list of its category
    where the section has a table of the same key with a linked row for it."""
    return [
        {
            "id": f"chart-{section.key}-{c.key}",
            "kind": c.kind,
            "unit": str(c.unit),
            "categories": [str(x) for x in c.categories],
            "series": [{"name": str(s["name"]), "data": list(s["data"])} for s in c.series],
            "links": _links(c, data.tables),
        }
        for c in _drawn(data)
    ]


def _drawn(data) -> list:
    """The charts with something to draw (an empty one is left out; its table says so)."""
    return [c for c in data.charts if c.categories]


def _links(chart, tables) -> list[str]:
    table = next((t for t in tables if t.key == chart.key and t.links), None)
    if table is None:
        return []
    by_name = {str(row[0]): link for row, link in zip(table.rows, table.links, strict=False)}
    return [by_name.get(str(c), "") for c in chart.categories]
