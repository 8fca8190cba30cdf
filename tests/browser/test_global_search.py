"""Browser journey (issue 14 item 5, UX 12): the processor types a resident's initials in the
top bar's search box, sees the suggestions grouped by kind, walks them with the arrow keys; then
types a work order's serial and Enter opens the order."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk import services
from tests.browser.test_servicedesk_journey import session
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ux5_top_bar_search_suggests_by_kind_and_opens_a_serial(browser, live_server, org, root):
    site = org["a"]
    processor = make_person(root, "wangfang", Role.PROCESSOR, site=site)
    assistant = make_person(root, "zhuren", Role.CS_ASSISTANT, site=site)
    room = Room.objects.get(unit__building__site=site, number="201")
    liu = services.add_resident(processor, site=site, name="刘德华", phone="13712345678", room=room)
    form = services.log_form(
        processor,
        site=site,
        source="phone",
        reporter_kind="owner",
        reporter_name="刘德华",
        reporter_phone="13712345678",
        category="repair",
        content="卫生间漏水",
        room=room,
        resident=liu,
    )
    order = services.dispatch_order(
        processor,
        form,
        version=form.version,
        department=Department.objects.get(site=site, code="gc"),
        assistant=assistant,
    )
    p = session(browser, live_server.url, "wangfang")
    box = p.get_by_test_id("search-box")
    box.click()
    box.type("ldh")
    suggestions = p.locator("#search-suggest")
    expect(suggestions).to_be_visible()
    headers = suggestions.locator(".dropdown-header")
    expect(headers).to_have_text(["客户服务单", "派工单", "业户名册"])
    expect(suggestions.locator("[role=option]").first).to_contain_text(form.serial)
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(suggestions.locator("[role=option].active")).to_contain_text(order.serial)
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    box.fill(order.serial.lower())
    box.press("Enter")
    p.wait_for_url(f"**/servicedesk/orders/{order.pk}/")
    expect(p.locator("main")).to_contain_text(order.serial)
    p.context.close()
