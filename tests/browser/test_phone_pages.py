"""Browser checks of issue 14, item 7 on a 375×740 phone: the technician's work-order page has
no horizontal scroll (the signature pad, the photos, long words stay inside), calls the customer
with one tap, has one Chinese photo control taking several photos; a register reads as cards."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department, User
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import Category, ReporterKind, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
WIDTH = "document.documentElement.scrollWidth"


def phone_session(browser, base, user):
    """A 375×740 touch browser logged in as ``user`` (session made on the server)."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 140, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def in_progress(org, people):
    """An order the technician is handling: the report form with the signature pad is open."""
    site = org["a"]
    form = services.log_form(
        people[Role.PROCESSOR],
        site=site,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="欧阳娜娜",
        reporter_phone="13800138000",
        category=Category.REPAIR,
        content="厨房水管漏水，"
        + "请尽快上门处理" * 12
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2,
        location="3栋2单元电梯厅旁边的公共卫生间",
    )
    gc = Department.objects.get(site=site, code="gc")
    order = services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=gc,
        assistant=people[Role.CS_ASSISTANT],
    )
    order = services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    return services.start_order(people[Role.DEPT_STAFF], order, version=order.version)


def test_ux7_technician_order_page_fits_a_375px_phone(browser, live_server, people, in_progress):
    page = phone_session(browser, live_server.url, people[Role.DEPT_STAFF])
    page.goto(live_server.url + reverse("servicedesk:order", args=[in_progress.pk]))
    expect(page.locator("canvas.signature-pad")).to_be_visible()
    assert page.evaluate(WIDTH) <= 375
    # The primary action comes before the details on a phone.
    actions = page.get_by_test_id("actions").bounding_box()
    details = page.locator("dl").first.bounding_box()
    assert actions["y"] < details["y"]
    call = page.get_by_test_id("customer-phone")
    expect(call).to_have_attribute("href", "tel:13800138000")
    expect(page.get_by_test_id("customer")).to_contain_text("欧阳娜娜")
    # One photo control, in Chinese: the file input itself is hidden behind it.
    pick = page.get_by_test_id("photo-pick")
    expect(pick).to_have_text("拍照或选择照片")
    expect(pick).to_be_visible()
    field = page.locator("input[type=file][data-photo-input]")
    assert field.get_attribute("multiple") is not None
    assert field.get_attribute("capture") == "environment"
    assert field.bounding_box()["width"] <= 1
    field.set_input_files(
        [
            {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": jpeg()},
            {"name": "b.jpg", "mimeType": "image/jpeg", "buffer": jpeg()},
        ]
    )
    expect(page.get_by_test_id("photo-count")).to_have_text("已选择 2 张照片")
    expect(page.locator(".photo-preview img")).to_have_count(2)
    assert page.evaluate(WIDTH) <= 375
    with page.expect_navigation():
        page.get_by_role("button", name="上传照片").click()
    expect(page.locator(".alert")).to_contain_text("已添加照片 2 张。")
    expect(page.locator("figure img")).to_have_count(2)
    assert page.evaluate(WIDTH) <= 375


def test_ux7_register_reads_as_cards_on_a_phone(browser, live_server, people, in_progress):
    page = phone_session(browser, live_server.url, people[Role.PROCESSOR])
    page.goto(live_server.url + reverse("servicedesk:register"))
    table = page.locator("table.table-cards").first
    expect(table).to_be_visible()
    row = table.locator("tbody tr").first
    expect(row).to_contain_text(in_progress.form.serial)
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    assert table.locator("thead").evaluate("h => h.getBoundingClientRect().height") <= 1
    cell = row.locator("td[data-label]").first
    label = cell.get_attribute("data-label")
    assert label and cell.evaluate("c => getComputedStyle(c, '::before').content") == f'"{label}"'
    assert page.evaluate(WIDTH) <= 375
