"""Browser journey of duty and closing (MR-1): the information-center head plans the week's roster,
the duty person, on a phone, fills the day's checklist with thumbs (one problem, explained), then
as the last one out checks doors, windows, power and fire equipment and closes the room. Chinese
UI, Debian's Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.machineroom.choices import ClosingItem, DutyItem
from infocenter.machineroom.models import ClosingCheck, DutyCheck, RosterDay
from infocenter.machineroom.services import access as services
from tests.conftest import make_person

from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    return {
        "room": services.add_room(root, site=site, name="信息中心机房"),
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
        "maintainer": make_person(root, "wulei", Role.MR_MAINTAINER, site=site),
        "it": make_person(root, "zhenghao", Role.IT_STAFF, site=site),
    }


def test_mr1_roster_planned_checklist_filled_on_a_phone_and_room_closed(
    browser, live_server, staff, tmp_path
):
    base, room = live_server.url, staff["room"]
    today = timezone.localdate()

    # 信息中心负责人 plans the week: 吴磊 and 郑浩 in turn, 郑浩 on call.
    head = session(browser, base, "zhouming")
    head.goto(f"{base}/machineroom/duty/roster/")
    plan = head.locator("form[action$='/duty/roster/plan/']")
    plan.locator("#id_room").select_option(label="信息中心机房")
    plan.locator("#id_start").fill(today.isoformat())
    plan.locator("#id_end").fill((today + timezone.timedelta(days=6)).isoformat())
    plan.locator(f"input[name='people'][value='{staff['maintainer'].pk}']").check()
    plan.locator(f"input[name='people'][value='{staff['it'].pk}']").check()
    plan.locator(f"input[name='on_call'][value='{staff['it'].pk}']").check()
    plan.locator("button[type=submit]").click()
    expect(head.get_by_test_id("roster")).to_contain_text(str(staff["maintainer"]))
    assert RosterDay.objects.count() == 7
    head.context.close()

    # 吴磊, on duty today, on a phone: every item with one tap, one problem explained.
    phone = session(browser, base, "wulei", phone=True)
    phone.goto(f"{base}/machineroom/duty/")
    card = phone.locator(f"[data-room='{room.name}']")
    expect(card).to_contain_text(str(staff["it"]))  # on call
    for code in DutyItem.values:
        card.locator(f"label[for='d{room.pk}_ok_{code}_{1 if code == 'hygiene' else 0}']").click()
    card.locator(f"#d{room.pk}_note_hygiene").fill("地面有积灰，已清扫")
    card.locator("form[action*='/duty/check/'] button[type=submit]").click()
    card = phone.locator(f"[data-room='{room.name}']")
    expect(card.locator(".badge.text-bg-danger")).to_be_visible()
    check = DutyCheck.objects.get()
    assert check.problems == 1 and check.done_by == staff["maintainer"]

    # The last one out: doors, windows, power and fire equipment, then closed.
    card.locator("details summary.btn-outline-dark").click()
    for code in ClosingItem.values:
        card.locator(f"label[for='c{room.pk}_ok_{code}_0']").click()
    card.locator("form[action$='/duty/closing/'] button[type=submit]").click()
    expect(phone.locator(f"[data-room='{room.name}'] .badge.text-bg-success")).to_be_visible()
    phone.screenshot(path=tmp_path / "duty-375.png", full_page=True)
    phone.context.close()
    assert ClosingCheck.objects.get().done_by == staff["maintainer"]
