"""Reports by calendar period (X-9): the periods, the scopes a report covers and the registry
through which each area offers its sections (as the handover's sections and the approvals
inbox do). Pure; the ``reports`` app draws, prints, exports and sends what is built here.

A section is a function of a ``ReportScope`` (the sites it counts) and a ``Period`` (local
calendar days, in the installation's time zone) that returns a ``SectionData``: named figures
(each with the address of the records behind it), tables and chart series. ``build`` asks each
section the user may see for the period, the previous period and the same period a year
earlier, and pairs the figures by key for the comparisons."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from . import permissions
from .texts import Text

WEEK, MONTH, QUARTER, YEAR = "week", "month", "quarter", "year"
PERIOD_KINDS = {
    WEEK: gettext_lazy("Weekly report"),
    MONTH: gettext_lazy("Monthly report"),
    QUARTER: gettext_lazy("Quarterly report"),
    YEAR: gettext_lazy("Annual report"),
}
_PATTERNS = [
    (WEEK, re.compile(r"^(\d{4})-W(\d{1,2})$")),
    (MONTH, re.compile(r"^(\d{4})-(\d{1,2})$")),
    (QUARTER, re.compile(r"^(\d{4})-Q([1-4])$")),
    (YEAR, re.compile(r"^(\d{4})$")),
]


@dataclass(frozen=True, order=True)
class Period:
    """Calendar days ``start`` (included) to ``end`` (excluded): an ISO week (Monday to
    Sunday), a month, a quarter or a year."""

    start: dt.date
    end: dt.date
    kind: str

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        if kind == WEEK:
            start = day - dt.timedelta(days=day.weekday())
            return cls(start, start + dt.timedelta(days=7), WEEK)
        if kind == MONTH:
            start = day.replace(day=1)
            return cls(start, _add_months(start, 1), MONTH)
        if kind == QUARTER:
            start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            return cls(start, _add_months(start, 3), QUARTER)
        if kind == YEAR:
            return cls(dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1), YEAR)
        raise ValueError(_("Unknown kind of report: %(kind)s.") % {"kind": kind})

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026`` (``key`` gives them back)."""
        text = (text or "").strip().upper()
        for kind, pattern in _PATTERNS:
            found = pattern.match(text)
            if not found:
                continue
            year, number = int(found.group(1)), int(found.groups()[-1])
            try:
                if kind == WEEK:
                    return cls.containing(WEEK, dt.date.fromisocalendar(year, number, 1))
                if kind == MONTH:
                    return cls.containing(MONTH, dt.date(year, number, 1))
                if kind == QUARTER:
                    return cls.containing(QUARTER, dt.date(year, 3 * number - 2, 1))
                return cls.containing(YEAR, dt.date(year, 1, 1))
            except ValueError:
                break
        raise ValueError(
            _(
                "Not a report period: %(text)s. Write a week as 2026-W48, a month as 2026-11, "
                "a quarter as 2026-Q4 or a year as 2026."
            )
            % {"text": text}
        )

    @classmethod
    def last_complete(cls, kind: str, today: dt.date | None = None) -> Period:
        """The latest period of ``kind`` that has ended (last week, last month …)."""
        today = today or timezone.localdate()
        return cls.containing(kind, today).previous()

    @property
    def key(self) -> str:
        if self.kind == WEEK:
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def label(self) -> str:
        """How people name it: 2026年第48周, 2026年11月, 2026年第4季度, 2026年."""
        return self.label_text.render()

    @property
    def label_text(self) -> Text:
        """The label kept as its source, for messages shown in their reader's language."""
        if self.kind == WEEK:
            year, week, _day = self.start.isocalendar()
            return Text(N_("week %(week)d of %(year)d"), week=week, year=year)
        if self.kind == MONTH:
            return Text(N_("%(month)d/%(year)d"), month=self.start.month, year=self.start.year)
        if self.kind == QUARTER:
            quarter = (self.start.month - 1) // 3 + 1
            return Text(N_("Q%(quarter)d %(year)d"), quarter=quarter, year=self.start.year)
        return Text(N_("year %(year)d"), year=self.start.year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    def following(self) -> Period:
        return Period.containing(self.kind, self.end)

    def last_year(self) -> Period:
        """The same period a year earlier: the same ISO week number (week 53 of a year that has
        none becomes week 52), month, quarter or year."""
        if self.kind == WEEK:
            year, week, _day = self.start.isocalendar()
            weeks = dt.date(year - 1, 12, 28).isocalendar()[1]
            return Period.containing(WEEK, dt.date.fromisocalendar(year - 1, min(week, weeks), 1))
        return Period.containing(self.kind, self.start.replace(year=self.start.year - 1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware date-times: local midnight of ``start`` and of ``end``."""
        zone = timezone.get_current_timezone()
        return (
            timezone.make_aware(dt.datetime.combine(self.start, dt.time()), zone),
            timezone.make_aware(dt.datetime.combine(self.end, dt.time()), zone),
        )

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ReportScope:
    """What a report counts: one site, a branch (all its sites, compared between them) or the
    company (every site). ``site_ids`` are the sites counted, ``names`` their names."""

    kind: str  # "site", "branch" or "company"
    pk: int | None
    name: str
    site_ids: tuple[int, ...]
    names: dict[int, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return self.kind if self.pk is None else f"{self.kind}:{self.pk}"

    @property
    def compares_sites(self) -> bool:
        return self.kind != "site" and len(self.site_ids) > 1


@dataclass
class Figure:
    """One number of a section. ``value`` is a count or a rate in per cent (``unit`` "%");
    None when there is nothing to count (a rate over nothing). ``link`` is the list of the
    records behind it. ``previous`` and ``last_year`` are filled by ``build``."""

    key: str
    label: str | Text  # a Text where the label is put together, so a message can translate it
    value: float | int | None
    unit: str = ""
    link: str = ""
    # a higher value is better (a compliance rate) or worse (a count of breaches); None: neither
    better: str | None = None
    previous: float | int | None = None
    last_year: float | int | None = None
    # over several sites whose registers show one site at a time (no ``link``): the figure has
    # a list at each site, and the report offers it site by site, each site to its list
    by_site: bool = False


@dataclass
class Table:
    """Rows with their columns' headings; a cell is text or a number, ``links`` (optional) the
    address of each row's record or list, ``cell_links`` (optional, row by row) the list behind
    each further cell: a comparison between sites links every site's figure to that site's
    register, which shows one site at a time."""

    key: str
    title: str
    columns: list[str]
    rows: list[list]
    links: list[str] = field(default_factory=list)
    cell_links: list[list[str]] = field(default_factory=list)

    def cells(self, i: int) -> list[tuple[object, str]]:
        """Row ``i``'s cells with the address each opens ("" for none), the first cell's being
        the row's link."""
        row = self.rows[i]
        links = self.cell_links[i] if i < len(self.cell_links) else []
        first = self.links[i] if i < len(self.links) else ""
        return [
            (value, first if j == 0 else (links[j] if j < len(links) else ""))
            for j, value in enumerate(row)
        ]


@dataclass
class Chart:
    """A bar or line chart: ``categories`` on the x axis, one or more named ``series``."""

    key: str
    title: str
    kind: str  # "bar" or "line"
    categories: list[str]
    series: list[dict]  # {"name": str, "data": [numbers]}
    unit: str = ""  # what the values count, named on the value axis and in the tooltip


@dataclass
class SectionData:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    action: str  # the permission that shows it, at every site of the scope
    collect: Callable[..., SectionData]  # (scope, period, *, detail=True)
    order: int


SECTIONS: dict[str, Section] = {}


def register_section(
    key: str,
    title,
    action: str,
    collect: Callable[..., SectionData],
    *,
    order: int,
) -> None:
    """Let an area add a section to the reports; sections are shown by ``order``, each to
    those who hold ``action`` at every site of the report's scope. ``collect(scope, period,
    *, detail=True)`` counts the figures and, with ``detail``, the tables and charts: the
    comparisons with the previous period and last year ask for the figures only."""
    SECTIONS[key] = Section(key, title, action, collect, order)


def sections_for(user, scope: ReportScope) -> list[Section]:
    return [
        s
        for s in sorted(SECTIONS.values(), key=lambda s: s.order)
        if all(permissions.can(user, s.action, site_id=pk) for pk in scope.site_ids)
    ]


def build(user, scope: ReportScope, period: Period) -> list[tuple[Section, SectionData]]:
    """Each section the user may see, for ``period``, its figures compared with the previous
    period and the same period last year."""
    return build_sections(sections_for(user, scope), scope, period)


def build_sections(
    sections: list[Section], scope: ReportScope, period: Period
) -> list[tuple[Section, SectionData]]:
    """``sections`` for ``period``, compared (``build`` for sections chosen by other means)."""
    built = []
    for section in sections:
        data = section.collect(scope, period)
        before = section.collect(scope, period.previous(), detail=False).figures
        year_ago = section.collect(scope, period.last_year(), detail=False).figures
        before = {f.key: f.value for f in before}
        year_ago = {f.key: f.value for f in year_ago}
        for figure in data.figures:
            figure.previous = before.get(figure.key)
            figure.last_year = year_ago.get(figure.key)
        built.append((section, data))
    return built


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in per cent, one decimal; None over nothing."""
    return round(100 * part / whole, 1) if whole else None
