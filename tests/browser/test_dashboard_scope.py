"""Browser journey of issue 14, item 6: the branch general manager opens the dashboard on the
whole branch, sees the comparison between the sites, clicks a figure (a number of the table,
then a bar of the chart) and lands on a list of exactly that many rows."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core import worker
from infocenter.core.choices import Role
from tests.browser.test_servicedesk_journey import session
from tests.conftest import make_person
from tests.servicedesk.test_dashboard_scope import _fill, _log

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ux6_x9_gm_compares_the_sites_and_clicks_through(browser, live_server, org, root):
    make_person(root, "gm", Role.BRANCH_GM, branch=org["branch"])
    staff = _fill(root, org["a"], "a")
    _fill(root, org["b"], "b", assigned=False)
    _log(staff[Role.PROCESSOR], org["a"], "complaint", "赵六")  # A: four forms, B: three
    worker.run_once(at=timezone.now() + dt.timedelta(hours=30), echo=lambda _: None)

    page = session(browser, live_server.url, "gm")
    page.goto(f"{live_server.url}/servicedesk/dashboard/")
    table = page.get_by_test_id("comparison")
    expect(table).to_contain_text(org["a"].name)
    expect(table).to_contain_text(org["b"].name)
    expect(page.get_by_test_id("total")).to_have_text("7")

    # a number of the table: site A's forms
    row = table.locator(f'tr[data-site="{org["a"].pk}"]')
    expect(row.get_by_test_id("site-forms")).to_have_text("4")
    row.get_by_test_id("site-forms").click()
    page.wait_for_url("**/servicedesk/forms/**")
    expect(page.get_by_test_id("count")).to_contain_text("4")
    expect(page.get_by_test_id("rows").locator("tbody tr")).to_have_count(4)
    expect(page.get_by_test_id("filters")).to_contain_text(org["a"].name)

    # a bar of the chart: site B's forms (the first series), clicked where ECharts drew it
    page.go_back()
    chart = page.locator("#chart-sites")
    expect(chart.locator("canvas")).to_have_count(1)
    x, y = page.evaluate(
        """(name) => {
          const chart = echarts.getInstanceByDom(document.getElementById("chart-sites"));
          const i = chart.getOption().xAxis[0].data.indexOf(name);
          const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
          return [bar.x + bar.width / 2, bar.y + bar.height / 2];
        }""",
        org["b"].name,
    )
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.move(box["x"] + x + 1, box["y"] + y + 1)
    page.wait_for_timeout(300)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url("**/servicedesk/forms/**")
    expect(page.get_by_test_id("count")).to_contain_text("3")
    expect(page.get_by_test_id("rows").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("filters")).to_contain_text(org["b"].name)


def test_ux6_x9_a_manager_of_two_sites_clicks_a_total_and_sees_only_those_sites(
    browser, live_server, org, root
):
    """A manager of sites A and B who also logs calls at a third site: the total on the
    dashboard counts A and B, and clicking it lists exactly that many forms, of A and B."""
    from infocenter.core import services as core_services
    from tests.servicedesk.test_dashboard_scope import _new_site

    third = _new_site(root, org["branch"], "sc")
    _fill(root, org["a"], "a")
    _fill(root, third, "sc")
    manager = make_person(root, "mgr_ab", Role.CS_MANAGER, site=org["a"])
    core_services.assign_role(root, person=manager, role=Role.CS_MANAGER, site=org["b"])
    core_services.assign_role(root, person=manager, role=Role.PROCESSOR, site=third)

    page = session(browser, live_server.url, "mgr_ab")
    page.goto(f"{live_server.url}/servicedesk/dashboard/")
    expect(page.get_by_test_id("total")).to_have_text("3")
    page.get_by_test_id("total").click()
    page.wait_for_url("**/servicedesk/forms/**")
    expect(page.get_by_test_id("count")).to_contain_text("3")
    expect(page.get_by_test_id("rows").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("rows")).not_to_contain_text(third.name)
    expect(page.get_by_test_id("filters")).to_contain_text(org["a"].name)
    expect(page.get_by_test_id("filters")).to_contain_text(org["b"].name)
