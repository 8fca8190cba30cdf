"""The reports' scoped reads (X-9): the scopes a person may read a report of, one scope from its
key, the period asked, and the report itself (every section the person may see, compared)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions, reports
from infocenter.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from infocenter.core.models import Site
from infocenter.core.reports import Figure, Period, ReportScope, Section, SectionData
from infocenter.core.selectors import sites_for
from infocenter.core.web import SANE_YEARS

ACTION = "reports.view"
SCOPE_KINDS = ("company", "branch", "site")


def scopes_for(user) -> list[ReportScope]:
    """The scopes offered to ``user``, the widest first: each company and each branch at every
    site of which the user holds the report action, then each such site. A company of a single
    branch is not offered beside that branch (the two reports would be the same), though its
    key still reads."""
    found = _all_scopes(user)
    branches = {frozenset(s.site_ids) for s in found if s.kind == "branch"}
    return [s for s in found if not (s.kind == "company" and frozenset(s.site_ids) in branches)]


def _all_scopes(user) -> list[ReportScope]:
    """Every scope ``user`` may read. Three queries whatever the number of sites (the user's
    sites, and the sites of their branches and companies counted), kept on the user object for
    the request like the permissions."""
    assigned = permissions.assignments(user)
    kept = getattr(user, "_infocenter_report_scopes", None)
    if kept is None or kept[0] is not assigned:
        kept = user._infocenter_report_scopes = (assigned, _scopes(user))
    return kept[1]


def _scopes(user) -> list[ReportScope]:
    rows = list(
        sites_for(user, ACTION)
        .order_by("branch__company__name", "branch__name", "name")
        .values("pk", "name", "branch_id", "branch__name", "branch__company_id")
        .annotate(company_name=F("branch__company__name"))
    )
    if not rows:
        return []
    branches = _site_counts("branch_id", {r["branch_id"] for r in rows})
    companies = _site_counts("branch__company_id", {r["branch__company_id"] for r in rows})
    found = []
    for kind, field, name, totals in (
        ("company", "branch__company_id", "company_name", companies),
        ("branch", "branch_id", "branch__name", branches),
    ):
        groups: dict[int, list[dict]] = {}
        for r in rows:
            groups.setdefault(r[field], []).append(r)
        found += [
            _scope(kind, pk, members[0][name], members)
            for pk, members in groups.items()
            if len(members) == totals.get(pk)
        ]
    return found + [_scope("site", r["pk"], r["name"], [r]) for r in rows]


def _site_counts(field: str, keys: set[int]) -> dict[int, int]:
    counted = Site.objects.filter(**{f"{field}__in": keys}).values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in counted}


def _scope(kind: str, pk: int, name: str, rows: list[dict]) -> ReportScope:
    return ReportScope(
        kind, pk, name, tuple(r["pk"] for r in rows), {r["pk"]: r["name"] for r in rows}
    )


def get_scope(user, key: str | None) -> ReportScope:
    """The scope ``key`` ("site:3", "branch:1", "company:1"; empty: the user's widest) that
    ``user`` may read. A scope none of whose sites the user can see is not found (404), like a
    missing one; one the user can see but not read in full is refused (403); a key that names
    no kind of scope is bad input (400)."""
    scopes = scopes_for(user)
    if not key:
        if not scopes:
            permissions.check(user, ACTION)  # names the action no role grants
            raise NotFound()
        return scopes[0]
    kind, _colon, pk = key.partition(":")
    if kind not in SCOPE_KINDS or not pk.isdigit():
        raise ValidationFailed(
            field_errors={
                "scope": [
                    _("Not a report scope: %(key)s. Write site:<id>, branch:<id> or company:<id>.")
                    % {"key": key}
                ]
            }
        )
    for scope in _all_scopes(user):
        if scope.key == key:
            return scope
    field = {"site": "pk", "branch": "branch_id", "company": "branch__company_id"}[kind]
    if sites_for(user).filter(**{field: int(pk)}).exists():
        raise PermissionDenied(
            _("Your roles do not allow you to read the report of every site of %(scope)s.")
            % {"scope": key}
        )
    raise NotFound()


def period_from(kind: str | None, text: str | None, *, today: dt.date | None = None) -> Period:
    """The period asked: ``text`` ("2026-W48", "2026-11", "2026-Q4", "2026") of the kind
    ``kind`` when both are given, else the last complete period of ``kind`` (a month when
    neither is). A period that has not begun, of another kind or past believable years is bad
    input (400, naming the field)."""
    today = today or timezone.localdate()
    if kind and kind not in reports.PERIOD_KINDS:
        raise ValidationFailed(
            field_errors={
                "kind": [
                    _("Choose a weekly, monthly, quarterly or annual report (%(kinds)s).")
                    % {"kinds": ", ".join(reports.PERIOD_KINDS)}
                ]
            }
        )
    if not text:
        return Period.last_complete(kind or reports.MONTH, today)
    try:
        period = Period.parse(text)
    except ValueError as exc:
        raise ValidationFailed(field_errors={"period": [str(exc)]}) from None
    if kind and period.kind != kind:
        raise ValidationFailed(
            field_errors={
                "period": [
                    _("%(text)s is not a period of a %(kind)s.")
                    % {"text": period.key, "kind": reports.PERIOD_KINDS[kind]}
                ]
            }
        )
    if period.start > today:
        message = _("%(text)s has not begun yet.") % {"text": period.key}
        raise ValidationFailed(field_errors={"period": [message]})
    if period.start.year <= SANE_YEARS.start:  # compared with a year earlier: from 2001 on
        raise ValidationFailed(field_errors={"period": [_("Choose a period from 2001 on.")]})
    return period


def recent_periods(kind: str, *, today: dt.date | None = None, count: int = 0) -> list[Period]:
    """The periods of ``kind`` to choose from, the newest (the one running today) first."""
    count = count or {reports.WEEK: 26, reports.MONTH: 24, reports.QUARTER: 12}.get(kind, 10)
    found = [Period.containing(kind, today or timezone.localdate())]
    while len(found) < count and found[-1].start.year > SANE_YEARS.start + 1:
        found.append(found[-1].previous())
    return found


def query(period: Period, scope: ReportScope) -> str:
    """The query string that asks for ``scope``'s report for ``period``."""
    return urlencode({"kind": period.kind, "period": period.key, "scope": scope.key})


@dataclass
class Report:
    """A report as read: its scope, its period and each section the reader may see with what
    it counted (figures compared with the previous period and last year)."""

    scope: ReportScope
    period: Period
    sections: list[tuple[Section, SectionData]]

    @property
    def complete(self) -> bool:
        return self.period.end <= timezone.localdate()


def report_for(user, scope: ReportScope, period: Period) -> Report:
    """The report of ``scope`` (read with ``get_scope``) for ``period``, as ``user`` may see it."""
    return Report(scope, period, reports.build(user, scope, period))


@dataclass
class FigureBySite:
    """One figure of a section over a scope of several sites: the scope's own, and each site's
    with the list behind it."""

    section: Section
    total: Figure
    sites: list[tuple[str, Figure]]


def figure_by_site(
    user, scope: ReportScope, period: Period, section_key: str | None, figure_key: str | None
) -> FigureBySite:
    """The figure ``figure_key`` of the section ``section_key`` of ``scope``'s report for
    ``period``, and the same figure at each of its sites (in name order): a section the user
    may not read there, or a figure it does not count, is not found. One count of the section's
    figures per site, and one for the scope."""
    section = next((s for s in reports.sections_for(user, scope) if s.key == section_key), None)
    if section is None:
        raise NotFound()

    def counted(where: ReportScope) -> Figure:
        figures = section.collect(where, period, detail=False).figures
        figure = next((f for f in figures if f.key == figure_key), None)
        if figure is None:
            raise NotFound()
        return figure

    total = counted(scope)
    ordered = sorted(scope.site_ids, key=lambda pk: scope.names.get(pk, ""))
    names = {pk: scope.names.get(pk, str(pk)) for pk in ordered}
    sites = [
        (names[pk], counted(ReportScope("site", pk, names[pk], (pk,), {pk: names[pk]})))
        for pk in ordered
    ]
    return FigureBySite(section, total, sites)
