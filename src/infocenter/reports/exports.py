"""A report as an Excel file (X-9): one sheet per section, its figures with the previous period
and the same period last year, then each of its tables and the numbers of its charts."""

from django.utils.translation import gettext as _

from infocenter.core.excel import Bold, workbook_of_sheets
from infocenter.core.reports import PERIOD_KINDS, Chart, Table

from .comparisons import compared
from .selectors import Report


def report_workbook(report: Report) -> bytes:
    """The .xlsx file's bytes; a report with no section gives one sheet that says so."""
    sheets = [
        (str(section.title), _sheet(report, section, data)) for section, data in report.sections
    ]
    if not sheets:
        sheets = [
            (_("Reports"), [[_title(report)], [_("No section of this report is yours to read.")]])
        ]
    return workbook_of_sheets(sheets)


def _title(report: Report) -> str:
    kind = PERIOD_KINDS[report.period.kind]
    return f"{report.scope.name} · {kind} · {report.period.label}"


def _sheet(report: Report, section, data) -> list[list]:
    period, previous, last_year = report.period, report.period.previous(), report.period.last_year()
    rows: list[list] = [Bold([f"{_title(report)} · {section.title}"]), []]
    if data.figures:
        rows.append(
            Bold(
                [
                    _("Figure"),
                    period.label,
                    _("Previous period (%(period)s)") % {"period": previous.label},
                    _("Change on the previous period"),
                    _("Same period last year (%(period)s)") % {"period": last_year.label},
                    _("Change on last year"),
                    _("Unit"),
                ]
            )
        )
        for c in compared(data.figures):
            f = c.figure
            rows.append(
                [
                    str(f.label),
                    f.value,
                    f.previous,
                    c.previous.delta,
                    f.last_year,
                    c.last_year.delta,
                    str(f.unit),
                ]
            )
    for table in data.tables:
        rows += [[], *_table(table)]
    for chart in data.charts:
        rows += [[], *_table(_chart_table(chart))]
    return rows


def _table(table: Table) -> list[list]:
    return [
        Bold([str(table.title)]),
        Bold([str(c) for c in table.columns]),
        *[[_cell(v) for v in row] for row in table.rows],
    ]


def _chart_table(chart: Chart) -> Table:
    """A chart's numbers as a table: a row per category, a column per series."""
    names = [str(s["name"]) for s in chart.series]
    rows = [
        [str(category), *(s["data"][i] if i < len(s["data"]) else None for s in chart.series)]
        for i, category in enumerate(chart.categories)
    ]
    return Table(chart.key, str(chart.title), ["", *names], rows)


def _cell(value):
    return value if isinstance(value, int | float) or value is None else str(value)
