"""Browser journey (LOG-4): at intake the processor types the caller's flat as "1-1-201" instead
of choosing it from a list of every flat, picks its resident with the keyboard, and the page
announces the caller (``caller-chosen``) and logs the form for that flat."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Room
from infocenter.servicedesk import services
from infocenter.servicedesk.models import ServiceForm
from tests.browser.test_servicedesk_journey import session
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log4_typing_a_room_at_intake(browser, live_server, org, root):
    site = org["a"]
    processor = make_person(root, "wangfang", Role.PROCESSOR, site=site)
    room = Room.objects.get(unit__building__site=site, number="201")
    zhang = services.add_resident(processor, site=site, name="张三", phone="13800138000", room=room)
    p = session(browser, live_server.url, "wangfang")
    p.goto(f"{live_server.url}/servicedesk/intake/")
    p.evaluate(
        "document.body.addEventListener('caller-chosen', e => { window.chosen = e.detail; })"
    )
    p.locator("#id_room_text").focus()
    p.keyboard.type("1-1-20")
    options = p.locator("#room-options [role=option]")
    expect(options.first).to_have_text("1栋1单元201")
    expect(options.nth(1)).to_contain_text("张三")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("Enter")
    expect(p.locator("#id_room_text")).to_have_value("1栋1单元201")
    expect(p.locator("#id_reporter_name")).to_have_value("张三")
    expect(p.locator("#id_reporter_phone")).to_have_value("13800138000")
    chosen = p.evaluate("window.chosen")
    assert chosen == {"building": room.unit.building_id, "room": room.pk, "resident": zhang.pk}
    p.select_option("#id_category", "repair")
    p.fill("#id_content", "卫生间漏水")
    p.locator("#id_content").press("Control+s")
    p.wait_for_url("**/servicedesk/forms/*/")
    assert ServiceForm.objects.get().room_id == room.pk
