"""Browser journey of X-9 for the reports app: the branch general manager opens last month's
report (the tests' calendar section, tests/reports/sections.py), sees its charts drawn, clicks a
figure, a figure site by site and a bar of a chart through to the records behind them, prints the report to PDF from Chromium with the charts
in it, and downloads the Excel file."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from infocenter.core import services
from infocenter.core.choices import OverrideKind, Role
from infocenter.core.reports import MONTH, Period
from tests.browser.test_servicedesk_journey import session
from tests.conftest import make_person
from tests.reports.sections import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_x9_gm_reads_prints_and_downloads_last_months_report(
    browser, live_server, org, root, monkeypatch, tmp_path
):
    register(monkeypatch)
    make_person(root, "gm", Role.BRANCH_GM, branch=org["branch"])
    month = Period.last_complete(MONTH)
    for site, days in ((org["a"], (1, 2, 3)), (org["b"], (4,))):
        for day in days:
            services.add_calendar_override(
                root,
                site=site,
                date=month.start + dt.timedelta(days=day),
                kind=OverrideKind.HOLIDAY,
            )

    page = session(browser, live_server.url, "gm")
    page.get_by_role("link", name="报表").first.click()
    page.wait_for_url("**/reports/")
    expect(page.get_by_test_id("report-title")).to_contain_text(month.label)
    page.select_option("#r-scope", f"branch:{org['branch'].pk}")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/reports/?*")
    holidays = page.locator('[data-figure="holidays"]').get_by_test_id("figure-value")
    expect(holidays).to_have_text("4")
    chart = page.locator("#chart-calendar-by_site svg")
    expect(chart).to_have_count(1)
    expect(page.locator('table[data-table="by_site"]')).to_contain_text(org["b"].name)

    holidays.click()
    page.wait_for_url(f"**/core/calendar/?from={month.start}*")
    page.go_back()

    # a bar of the chart (site B's holidays) opens the list of its row of the table
    box = page.locator("#chart-calendar-by_site")
    box.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(name) => {
          const chart = echarts.getInstanceByDom(document.getElementById("chart-calendar-by_site"));
          const i = chart.getOption().xAxis[0].data.indexOf(name);
          const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
          // just above the baseline: the bar is there while it still grows (a page drawn anew
          // on going back animates its bars, one restored from the cache does not)
          return [bar.x + bar.width / 2, Math.max(bar.y, bar.y + bar.height) - 4];
        }""",
        org["b"].name,
    )
    where = box.bounding_box()
    page.mouse.move(where["x"] + x, where["y"] + y)  # ECharts finds its bar on the way in
    page.mouse.move(where["x"] + x + 1, where["y"] + y + 1)
    page.wait_for_timeout(300)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url(f"**/core/calendar/?site={org['b'].pk}")
    page.go_back()

    # a figure whose list shows one site at a time opens site by site, each to its list
    page.locator('[data-figure="changed_days"]').get_by_test_id("figure-value").click()
    page.wait_for_url("**/reports/by-site/?*")
    expect(page.get_by_test_id("by-site-total")).to_have_text("4")
    page.get_by_test_id("by-site").get_by_role("link", name="3").click()
    page.wait_for_url(f"**/core/calendar/?site={org['a'].pk}&from={month.start}")
    page.go_back()
    page.go_back()

    print_url = page.get_by_test_id("print").get_attribute("href")
    paper = page.context.new_page()
    paper.goto(f"{live_server.url}{print_url}")
    bars = paper.locator("#chart-calendar-by_site svg path")
    expect(bars.first).to_be_attached()
    pdf = paper.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert (
        paper.evaluate(
            "() => document.querySelector('#chart-calendar-by_site svg').getBoundingClientRect().height"
        )
        > 100
    )
    paper.close()

    # long work shows progress: the link turns busy, with a spinner and a word, until saved
    page.evaluate(
        """() => {
          const link = document.querySelector("[data-testid=export]");
          window.exportSeen = [];
          new MutationObserver(() => window.exportSeen.push([
            link.getAttribute("aria-busy"),
            link.querySelectorAll(".spinner-border").length,
            document.querySelector("[data-download-status]").textContent,
          ])).observe(link.parentNode, {attributes: true, childList: true, subtree: true,
                                        characterData: true});
        }"""
    )
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    expect(page.get_by_test_id("export")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_test_id("export").locator(".spinner-border")).to_have_count(0)
    seen = page.evaluate("window.exportSeen")
    assert any(
        busy == "true" and spinners == 1 and "Excel" in words for busy, spinners, words in seen
    )
    assert download.value.suggested_filename.endswith(f"-{month.key}.xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert book.sheetnames == ["工作日历", "期间"]
