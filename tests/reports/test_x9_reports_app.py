"""X-9: the reports app. Who may read the report of which scope (a site, a branch, the
company), the refusals, the comparisons with the previous period and the same period last
year, and the same report on the page, on paper, in Excel and through the API, for the tests'
own calendar section (tests/reports/conftest.py)."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from infocenter.core import services
from infocenter.core.choices import OverrideKind, Role
from infocenter.core.exceptions import NotFound, PermissionDenied
from infocenter.core.reports import Period
from infocenter.reports import selectors
from tests.conftest import make_person

D = dt.date
READERS = {Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD, Role.AUDITOR, Role.SYSADMIN}
HOLIDAY, WORKDAY = OverrideKind.HOLIDAY, OverrideKind.WORKDAY


def declare(root, site, *days):
    for day, kind in days:
        services.add_calendar_override(root, site=site, date=day, kind=kind)


@pytest.fixture
def gm(root, org):
    """The general manager of the branch: every site of it."""
    return make_person(root, "gm_cq", Role.BRANCH_GM, branch=org["branch"])


@pytest.fixture
def days(root, org):
    """November 2026 at site A: 3 holidays and a make-up working day (a Saturday); at site B: one
    holiday. October 2026 at site A: 1 holiday; November 2025 at site A: 2 holidays."""
    a, b = org["a"], org["b"]
    declare(
        root,
        a,
        (D(2026, 11, 2), HOLIDAY),
        (D(2026, 11, 3), HOLIDAY),
        (D(2026, 11, 30), HOLIDAY),
        (D(2026, 11, 28), WORKDAY),
        (D(2026, 10, 9), HOLIDAY),
        (D(2025, 11, 10), HOLIDAY),
        (D(2025, 11, 11), HOLIDAY),
    )
    declare(root, b, (D(2026, 11, 16), HOLIDAY))


def figures(report):
    return {
        section.key: {f.key: (f.value, f.previous, f.last_year) for f in data.figures}
        for section, data in report.sections
    }


# -- scopes and refusals -------------------------------------------------------------------------


def test_x9_each_reader_role_reads_its_own_site_and_no_other_role_reads_any(org, people):
    for role, person in people.items():
        keys = [s.key for s in selectors.scopes_for(person)]
        assert keys == ([f"site:{org['a'].pk}"] if role in READERS else []), role


def test_x9_the_branch_gm_reads_the_branch_and_each_site(org, gm):
    scopes = selectors.scopes_for(gm)
    a, b = org["a"], org["b"]
    assert [s.key for s in scopes] == [
        f"branch:{org['branch'].pk}",
        f"site:{b.pk}",  # 嘉陵商务中心 before 江岸花园, by name
        f"site:{a.pk}",
    ]
    branch = scopes[0]
    assert set(branch.site_ids) == {a.pk, b.pk} and branch.compares_sites
    assert branch.names == {a.pk: a.name, b.pk: b.name}
    assert selectors.get_scope(gm, None) == branch  # the widest by default
    # a company of this one branch is not offered beside it, but its key still reads
    company = selectors.get_scope(gm, f"company:{org['company'].pk}")
    assert company.kind == "company" and set(company.site_ids) == {a.pk, b.pk}


def test_x9_the_company_of_several_branches_is_offered_to_who_reads_them_all(root, org, gm):
    other = services.create_branch(root, company=org["company"], name="成都分公司", code="cd")
    site = services.create_site(root, branch=other, name="锦江苑", code="jj")
    services.assign_role(root, person=gm, role=Role.BRANCH_GM, branch=other)
    keys = [s.key for s in selectors.scopes_for(gm)]
    assert keys[0] == f"company:{org['company'].pk}"
    assert set(keys[1:3]) == {f"branch:{other.pk}", f"branch:{org['branch'].pk}"}
    assert f"site:{site.pk}" in keys
    assert selectors.get_scope(gm, None).kind == "company"


def test_x9_a_branch_is_offered_only_to_who_reaches_every_site_of_it(root, org, people):
    other = services.create_branch(root, company=org["company"], name="成都分公司", code="cd")
    site = services.create_site(root, branch=other, name="锦江苑", code="jj")
    manager = make_person(root, "cs_two", Role.CS_MANAGER, site=org["a"])
    services.assign_role(root, person=manager, role=Role.CS_MANAGER, site=site)
    keys = [s.key for s in selectors.scopes_for(manager)]
    # 锦江苑 is the whole of its branch; 江岸花园 is half of 重庆分公司; the company is not whole
    assert keys == [f"branch:{other.pk}", f"site:{site.pk}", f"site:{org['a'].pk}"]


def test_x9_another_branchs_site_is_not_found_and_a_part_seen_is_refused(root, org, people):
    other = services.create_branch(root, company=org["company"], name="成都分公司", code="cd")
    site = services.create_site(root, branch=other, name="锦江苑", code="jj")
    manager = people[Role.CS_MANAGER]
    with pytest.raises(NotFound):
        selectors.get_scope(manager, f"site:{site.pk}")
    with pytest.raises(NotFound):
        selectors.get_scope(manager, f"branch:{other.pk}")
    with pytest.raises(NotFound):
        selectors.get_scope(manager, "branch:99999")
    # site B is out of sight, but 重庆分公司 and the company are partly seen: refused
    with pytest.raises(NotFound):
        selectors.get_scope(manager, f"site:{org['b'].pk}")
    for key in (f"branch:{org['branch'].pk}", f"company:{org['company'].pk}"):
        with pytest.raises(PermissionDenied):
            selectors.get_scope(manager, key)


def test_x9_refusals_through_every_door(org, people, client_for, api_for):
    head, gm = people[Role.DEPT_HEAD], people[Role.BRANCH_GM]
    doors = [reverse("reports:page"), reverse("reports:print"), reverse("reports:export")]
    api = reverse("reports-report")
    for url in doors:
        assert client_for(head).get(url).status_code == 403  # a department head reads none
        assert client_for(gm).get(url + f"?scope=site:{org['b'].pk}").status_code == 404
        assert client_for(gm).get(url + f"?scope=branch:{org['branch'].pk}").status_code == 403
    assert api_for(head).get(api).status_code == 403
    assert api_for(gm).get(api, {"scope": f"site:{org['b'].pk}"}).status_code == 404
    assert api_for(gm).get(api, {"scope": f"branch:{org['branch'].pk}"}).status_code == 403


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period": "2026-13"}, "period", "不是有效的报表期间：2026-13"),
        ({"kind": "week", "period": "2026-11"}, "period", "2026-11 不是周报的期间"),
        ({"kind": "month", "period": "2027-01"}, "period", "2027-01 尚未开始"),
        ({"period": "1999"}, "period", "请选择 2001 年以后的期间"),
        ({"kind": "day"}, "kind", ""),
        ({"scope": "room:1"}, "scope", ""),
    ],
)
def test_x9_bad_period_text_is_refused_naming_the_field(
    people, client_for, api_for, query, field, message
):
    gm = people[Role.BRANCH_GM]
    response = api_for(gm).get(reverse("reports-report"), query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    if field == "period":
        page = client_for(gm).get(reverse("reports:page"), query, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert page.status_code == 400
        assert message in page.content.decode()
        assert client_for(gm).get(reverse("reports:export"), query).status_code == 400


# -- the figures and their comparisons -----------------------------------------------------------


def test_x9_a_month_is_compared_with_the_one_before_and_last_years(org, people, days):
    gm = people[Role.BRANCH_GM]
    scope = selectors.get_scope(gm, f"site:{org['a'].pk}")
    report = selectors.report_for(gm, scope, Period.parse("2026-11"))
    assert figures(report) == {
        "calendar": {
            "holidays": (3, 1, 2),
            "workdays": (1, 0, 0),
            "share": (25.0, 0.0, 0.0),
            "changed_days": (4, 1, 2),
        },
        "days": {"days": (30, 31, 30)},
    }


def test_x9_a_week_across_the_turn_of_the_month_counts_both_months_days(root, org, people, days):
    declare(root, org["a"], (D(2026, 12, 6), WORKDAY), (D(2026, 12, 7), HOLIDAY))
    gm = people[Role.BRANCH_GM]
    scope = selectors.get_scope(gm, None)
    week = selectors.period_from("week", None)
    assert (week.key, week.start, week.end) == ("2026-W49", D(2026, 11, 30), D(2026, 12, 7))
    counted = figures(selectors.report_for(gm, scope, week))["calendar"]
    # 30 November (a holiday) and 6 December (a make-up working day); 7 December is next week
    assert counted["holidays"][0] == 1 and counted["workdays"][0] == 1
    assert counted["holidays"][1] == 0  # week 48: 28 November is a working day, no holiday
    assert counted["workdays"][1] == 1


def test_x9_a_branch_report_counts_every_site_and_compares_them(org, gm, days):
    scope = selectors.get_scope(gm, f"branch:{org['branch'].pk}")
    report = selectors.report_for(gm, scope, Period.parse("2026-11"))
    (_section, data), *_rest = report.sections
    assert figures(report)["calendar"]["holidays"] == (4, 1, 2)
    (table,) = data.tables
    assert {row[0]: row[1:] for row in table.rows} == {"江岸花园": [3, 1], "嘉陵商务中心": [1, 0]}


def test_x9_each_section_is_shown_only_to_who_holds_its_own_action(org, people):
    scope_of = {role: selectors.get_scope(people[role], None) for role in READERS}
    shown = {
        role: [
            s.key
            for s, _d in selectors.report_for(people[role], scope, Period.parse("2026-11")).sections
        ]
        for role, scope in scope_of.items()
    }
    dashboard = {Role.BRANCH_GM, Role.CS_MANAGER, Role.AUDITOR}
    for role, keys in shown.items():
        assert keys == (["calendar", "days"] if role in dashboard else ["calendar"]), role


# -- the page, the print, the Excel file and the API ---------------------------------------------


def test_x9_the_page_opens_on_last_complete_month_with_figures_changes_and_links(
    org, people, days, client_for
):
    response = client_for(people[Role.BRANCH_GM]).get(
        reverse("reports:page"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "江岸花园 · 2026年11月" in html
    assert 'href="/core/calendar/?from=2026-11-01&amp;to=2026-12-01"' in html
    # 3 holidays against 1 in October: up, and fewer holidays are better, so bad news
    card = html.split('data-figure="holidays"')[1].split('data-figure="workdays"')[0]
    assert 'data-change="up" data-tone="bad"' in card and "+2 (+200%)" in card
    assert "+1 (+50%)" in card  # against 2 in November 2025
    share = html.split('data-figure="share"')[1]
    assert 'data-tone="good"' in share and "+25 个百分点" in share
    assert "?kind=month&amp;period=2026-10&amp;scope=site%3A" in html  # the previous month
    assert "?kind=month&amp;period=2026-12&amp;scope=site%3A" in html  # this month, so far
    assert "report-charts" in html and "chart-calendar-by_site" in html


def test_x9_the_branch_page_compares_the_sites_with_a_link_to_each(org, gm, days, client_for):
    response = client_for(gm).get(
        reverse("reports:page"), {"scope": f"branch:{org['branch'].pk}", "period": "2026-11"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-table="by_site"' in html
    assert f'href="/core/calendar/?site={org["b"].pk}">嘉陵商务中心</a>' in html
    # a bar of the chart opens the same list as its row of the table
    (chart,) = response.context["charts"]
    links = dict(zip(chart["categories"], chart["links"], strict=True))
    assert links["嘉陵商务中心"] == f"/core/calendar/?site={org['b'].pk}"


def test_x9_a_branch_figure_of_one_site_lists_opens_site_by_site(org, gm, days, client_for):
    """A figure whose records a register shows one site at a time opens, over a branch, the
    figure at each site, each linked to that site's list, with the branch's total."""
    query = {"scope": f"branch:{org['branch'].pk}", "period": "2026-11"}
    html = client_for(gm).get(reverse("reports:page"), query).content.decode()
    card = html.split('data-figure="changed_days"')[1].split("</div></div>")[0]
    by_site = reverse("reports:by_site")
    assert f'href="{by_site}?kind=month&amp;period=2026-11&amp;scope=branch%3A' in card
    assert "&amp;section=calendar&amp;figure=changed_days" in card
    response = client_for(gm).get(
        by_site, {**query, "kind": "month", "section": "calendar", "figure": "changed_days"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert [(name, value, link) for name, value, link in response.context["rows"]] == [
        ("嘉陵商务中心", "1", f"/core/calendar/?site={org['b'].pk}&from=2026-11-01"),
        ("江岸花园", "4", f"/core/calendar/?site={org['a'].pk}&from=2026-11-01"),
    ]
    assert '<td class="text-end" data-testid="by-site-total">5</td>' in page
    assert "调整天数" in page and "工作日历" in page


def test_x9_a_figure_site_by_site_refuses_what_the_report_would(org, people, gm, client_for):
    by_site = reverse("reports:by_site")
    branch = {"scope": f"branch:{org['branch'].pk}", "period": "2026-11"}
    asked = {**branch, "section": "calendar", "figure": "changed_days"}
    assert client_for(people[Role.DEPT_HEAD]).get(by_site, asked).status_code == 403
    manager = people[Role.CS_MANAGER]  # site A only: the branch is partly seen
    assert client_for(manager).get(by_site, asked).status_code == 403
    assert client_for(gm).get(by_site, {**asked, "scope": "branch:99999"}).status_code == 404
    assert client_for(gm).get(by_site, {**asked, "section": "nothing"}).status_code == 404
    assert client_for(gm).get(by_site, {**asked, "figure": "nothing"}).status_code == 404
    assert client_for(gm).get(by_site, {**asked, "period": "2026-13"}).status_code == 400
    # a section the reader may not read is not found, as if it did not exist: the head of the
    # information center reads site A's report, but not its service-desk dashboard's section
    site_a = {"scope": f"site:{org['a'].pk}", "period": "2026-11", "figure": "days"}
    head = client_for(people[Role.IC_HEAD])
    assert head.get(by_site, {**site_a, "section": "days"}).status_code == 404
    assert client_for(manager).get(by_site, {**site_a, "section": "days"}).status_code == 200


def test_x9_the_page_costs_the_same_queries_at_two_sites_and_at_eight(root, org, gm, client_for):
    url = reverse("reports:page") + f"?scope=branch:{org['branch'].pk}&kind=year&period=2026"
    client = client_for(gm)
    client.get(url)  # the session and the menu read once

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    two = counted()
    for n in range(6):
        site = services.create_site(root, branch=org["branch"], name=f"新项目{n}", code=f"n{n}")
        declare(root, site, (D(2026, 5, 1), HOLIDAY))
    assert counted() == two
    # the session, the user's roles, the scopes (3), the calendar section for each of the three
    # periods, the menu's badge counts
    assert two <= 12, two


def test_x9_the_print_keeps_the_charts_as_vector_images(org, people, days, client_for):
    response = client_for(people[Role.BRANCH_GM]).get(
        reverse("reports:print"), {"period": "2026-11"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "月报" in html and "2026年11月（2026-11-01 ~ 2026-11-30）" in html
    assert 'id="chart-calendar-by_site"' in html and "echarts.min.js" in html
    assert "infocenter/reports.js" in html and 'id="report-charts"' in html


def test_x9_the_excel_file_has_a_sheet_per_section_with_both_comparisons(
    org, people, days, client_for
):
    response = client_for(people[Role.BRANCH_GM]).get(
        reverse("reports:export"), {"period": "2026-11"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'report-site-{org["a"].pk}-2026-11.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["工作日历", "期间"]
    rows = [list(r) for r in book["工作日历"].iter_rows(values_only=True) if any(r)]
    assert rows[0][0] == "江岸花园 · 月报 · 2026年11月 · 工作日历"
    header = ["指标", "2026年11月", "上期（2026年10月）", "环比", "去年同期（2025年11月）", "同比"]
    assert rows[1][:6] == header
    assert rows[2][:6] == ["假日", 3, 1, 2, 2, 1]
    assert rows[3][:6] == ["调休上班日", 1, 0, 1, 0, 1]
    assert rows[4][:6] == ["上班日占比", 25, 0, 25, 0, 25]
    assert rows[5][:6] == ["调整天数", 4, 1, 3, 2, 2]
    # then the chart's numbers: a row per site, a column per series
    assert rows[6][0] == "各项目调整天数（天）" and rows[7][:3] == [None, "假日", "上班日"]
    assert rows[8][:3] == ["江岸花园", 3, 1]


def test_x9_the_api_gives_every_section_with_its_comparisons(org, gm, days, api_for):
    response = api_for(gm).get(
        reverse("reports-report"),
        {"kind": "month", "period": "2026-11", "scope": f"branch:{org['branch'].pk}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scope"]["key"] == f"branch:{org['branch'].pk}"
    assert {s["name"] for s in body["scope"]["sites"]} == {"江岸花园", "嘉陵商务中心"}
    assert body["period"] == {
        "key": "2026-11",
        "kind": "month",
        "label": body["period"]["label"],
        "start": "2026-11-01",
        "end": "2026-12-01",
    }
    assert body["previous"]["key"] == "2026-10" and body["last_year"]["key"] == "2025-11"
    assert body["complete"] is True
    calendar = body["sections"][0]
    holidays = calendar["figures"][0]
    assert holidays["value"] == 4 and holidays["link"].startswith("/core/calendar/")
    assert holidays["previous"] == {
        "value": 1,
        "delta": 3,
        "per_cent": 300.0,
        "direction": "up",
        "tone": "bad",
    }
    assert holidays["last_year"]["value"] == 2
    assert sorted(calendar["tables"][0]["rows"]) == [["嘉陵商务中心", 1, 0], ["江岸花园", 3, 1]]
    assert calendar["charts"][0]["series"][0]["name"] == "假日"


def test_x9_the_api_is_in_the_openapi_schema(people, client_for):
    schema = client_for(people[Role.BRANCH_GM]).get(reverse("api-schema") + "?format=json")
    body = schema.json()
    operation = body["paths"]["/api/v1/reports/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"kind", "period", "scope"}
    assert "ReportOut" in body["components"]["schemas"]


def test_x9_the_menu_offers_reports_to_readers_only(people, client_for):
    assert "/reports/" in client_for(people[Role.BRANCH_GM]).get("/").content.decode()
    assert 'href="/reports/"' not in client_for(people[Role.DEPT_HEAD]).get("/").content.decode()


# -- the comparisons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "other", "unit", "better", "text", "direction", "tone"),
    [
        (12, 8, "", "lower", "+4 (+50%)", "up", "bad"),
        (8, 12, "", "lower", "−4 (−33.3%)", "down", "good"),
        (5, 0, "", "higher", "+5", "up", "good"),  # from nothing: no per cent
        (95.5, 97.8, "%", "higher", "−2.3 个百分点", "down", "bad"),
        (3, 3, "", "higher", "±0", "same", ""),
        (7, 2, "", None, "+5 (+250%)", "up", ""),  # neither better: no colour
        (None, 4, "%", "higher", "—", "", ""),  # a rate over nothing
        (4, None, "", "higher", "—", "", ""),
        (1234, 1000, "", None, "+234 (+23.4%)", "up", ""),
    ],
)
def test_x9_a_change_says_how_much_which_way_and_whether_it_is_good_news(
    value, other, unit, better, text, direction, tone
):
    from django.utils import translation

    from infocenter.core.reports import Figure
    from infocenter.reports.comparisons import change

    with translation.override("zh-hans"):
        found = change(Figure("x", "x", value, unit, better=better), other)
        assert (found.text, found.direction, found.tone) == (text, direction, tone)
        assert found.other_text == {None: "—", 97.8: "97.8 %", 1000: "1,000"}.get(
            other, f"{other}{' %' if unit else ''}"
        )


def test_x9_an_older_period_reached_by_stepping_back_stays_chosen(people, client_for):
    response = client_for(people[Role.CS_MANAGER]).get(
        reverse("reports:page"), {"kind": "week", "period": "2024-W10"}
    )
    assert response.status_code == 200
    assert '<option value="2024-W10" selected>' in response.content.decode()
    assert [p.key for p in response.context["periods"]][:2] == ["2026-W50", "2026-W49"]
