"""Browser journey of a staff submission (SD-17): a technician files a 客户服务单 with photos from a
375 px phone, follows it under 我的提交, and the processor confirms its receipt from the home page;
at intake the registry shows what is in force at the caller's building (LOG-3).
Chinese UI, Debian's Chromium."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Building, Department, Room
from infocenter.logbook import services as lb_services
from infocenter.servicedesk.models import ServiceForm
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_sd17_technician_files_from_a_phone_and_the_processor_confirms(
    browser, live_server, org, root
):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    processor = make_person(root, "wangfang", Role.PROCESSOR, site=site)
    make_person(root, "zhaoqiang", Role.DEPT_STAFF, site=site, department=gc)
    base = live_server.url

    # 维修技工 on a 375 px phone: the form fits the screen, a photo from the camera roll
    phone = session(browser, base, "zhaoqiang", phone=True)
    phone.goto(f"{base}/servicedesk/submit/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.locator("#id_category").select_option("repair")
    phone.locator("#id_content").fill("2栋地下车库B区照明灯有三盏不亮")
    phone.locator("#id_location").fill("地下车库B区")
    # the one Chinese photo control, several photos at once, the browser's input hidden
    expect(phone.get_by_test_id("photo-pick")).to_have_text("拍照或选择照片")
    assert phone.locator("#id_photos").bounding_box()["width"] <= 1
    phone.locator("#id_photos").set_input_files(
        [
            {"name": "lamp.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()},
            {"name": "lamp-2.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()},
        ]
    )
    expect(phone.get_by_test_id("photo-count")).to_have_text("已选择 2 张照片")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_role("button", name="提交中控室").click()
    expect(phone).to_have_url(f"{base}/servicedesk/mine/")
    form = ServiceForm.objects.get(filed_by__username="zhaoqiang")
    mine = phone.get_by_test_id("mine")
    expect(mine).to_contain_text(form.serial)
    expect(mine).to_contain_text("待签收")

    # 信息处理员: the form waits on her home page; she confirms its receipt
    desk = session(browser, base, "wangfang")
    desk.get_by_role("link", name=form.serial, exact=False).first.click()
    expect(desk.get_by_test_id("filer")).to_contain_text("尚未签收")
    expect(desk.locator("img[alt='照片']")).to_have_count(2)
    step(desk, "confirm_receipt").get_by_role("button").click()
    expect(desk.get_by_test_id("filer")).to_contain_text("签收人")
    form.refresh_from_db()
    assert form.state == "logged" and form.receipt_confirmed_by.username == "wangfang"

    # the technician sees it received
    phone.goto(f"{base}/servicedesk/mine/")
    expect(phone.get_by_test_id("mine")).not_to_contain_text("待签收")

    # LOG-3: at intake, choosing the caller's room shows what is in force at the building, and
    # so does a caller chosen elsewhere on the page (the "caller-chosen" event)
    now = timezone.now()
    building = Building.objects.get(site=site)
    lb_services.record_entry(
        processor,
        site=site,
        department=gc,
        kind="water_outage",
        title="1栋停水检修",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=3),
        changed_at=now - dt.timedelta(hours=1),
        channel="phone",
        reported_by="张伟",
        buildings=[building],
    )
    desk.goto(f"{base}/servicedesk/intake/")
    room = Room.objects.filter(unit__building=building).order_by("number").first()
    desk.locator("#id_room_text").focus()
    desk.keyboard.type(f"1-1-{room.number}")
    expect(desk.locator("#room-options [role=option]").first).to_contain_text(room.number)
    desk.keyboard.press("Enter")
    expect(desk.get_by_test_id("in-force")).to_contain_text("1栋停水检修")
    desk.goto(f"{base}/servicedesk/intake/")
    expect(desk.get_by_test_id("in-force")).to_have_count(0)
    desk.evaluate(
        "b => document.body.dispatchEvent(new CustomEvent('caller-chosen', "
        "{detail: {building: b, room: null, resident: null}}))",
        building.pk,
    )
    expect(desk.get_by_test_id("in-force")).to_contain_text("1栋停水检修")
