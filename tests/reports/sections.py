"""A report section of the tests' own: the working calendar's overrides of the scope's sites
(holidays and make-up working days), counted per site in one query, so each figure can be
counted by hand from the days a test declares; and a second section for the service-desk
dashboard's readers only."""

from django.db.models import Count

from infocenter.core import reports
from infocenter.core.models import CalendarOverride
from infocenter.core.reports import Chart, Figure, SectionData, Table, rate


def calendar_section(scope, period, *, detail=True) -> SectionData:
    counted = (
        CalendarOverride.objects.filter(
            site__in=scope.site_ids, date__gte=period.start, date__lt=period.end
        )
        .values("site", "kind")
        .annotate(n=Count("pk"))
    )
    per_site = {pk: {"holiday": 0, "workday": 0} for pk in scope.site_ids}
    for row in counted:
        per_site[row["site"]][row["kind"]] += row["n"]
    holidays = sum(s["holiday"] for s in per_site.values())
    workdays = sum(s["workday"] for s in per_site.values())
    link = f"/core/calendar/?from={period.start}&to={period.end}"
    data = SectionData(
        figures=[
            Figure("holidays", "假日", holidays, link=link, better="lower"),
            Figure("workdays", "调休上班日", workdays, link=link + "&kind=workday"),
            Figure(
                "share", "上班日占比", rate(workdays, holidays + workdays), "%", better="higher"
            ),
            # a figure whose list shows one site at a time, as the registers do: over several
            # sites, offered site by site
            Figure(
                "changed_days",
                "调整天数",
                holidays + workdays,
                link=""
                if len(scope.site_ids) > 1
                else f"/core/calendar/?site={scope.site_ids[0]}&from={period.start}",
                by_site=len(scope.site_ids) > 1,
            ),
        ],
        charts=[
            Chart(
                "by_site",
                "各项目调整天数（天）",
                "bar",
                [scope.names[pk] for pk in scope.site_ids],
                [
                    {"name": "假日", "data": [per_site[pk]["holiday"] for pk in scope.site_ids]},
                    {"name": "上班日", "data": [per_site[pk]["workday"] for pk in scope.site_ids]},
                ],
            )
        ],
    )
    if scope.compares_sites:
        data.tables.append(
            Table(
                "by_site",
                "项目对比",
                ["项目", "假日", "调休上班日"],
                [
                    [scope.names[pk], per_site[pk]["holiday"], per_site[pk]["workday"]]
                    for pk in scope.site_ids
                ],
                [f"/core/calendar/?site={pk}" for pk in scope.site_ids],
            )
        )
    return data


def dashboard_section(scope, period, *, detail=True) -> SectionData:
    return SectionData(figures=[Figure("days", "天数", period.days)])


def register(monkeypatch) -> dict:
    """Only these sections are registered while a test runs: the calendar (everyone may read
    the calendar) and one for the service-desk dashboard's readers."""
    monkeypatch.setattr(reports, "SECTIONS", {})
    reports.register_section("calendar", "工作日历", "calendar.view", calendar_section, order=1)
    reports.register_section("days", "期间", "sd.dashboard", dashboard_section, order=2)
    return reports.SECTIONS
