"""UX 11, issue 14 item 3: a department inbox open in a browser takes in an order dispatched to
the department without a reload, keeps what the head half-typed in its filter, highlights and
announces the new urgent order, and the bell's count follows."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department, Notification, Room
from infocenter.core.outbox import deliver_next
from infocenter.servicedesk import services
from tests.browser.test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Stands in for the browser's notifications: records what would be shown, permission granted;
# announcements switched on as the loudspeaker of the top bar leaves them.
STUB = """
window.__announced = [];
window.Notification = function (title, options) {
  window.__announced.push({title: title, body: (options || {}).body || ""});
};
window.Notification.permission = "granted";
window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
window.localStorage.setItem("infocenter.liveAlerts", "on");
"""


def dispatch(people, site, gc, **fields):
    processor = people[Role.PROCESSOR]
    form = services.log_form(
        processor,
        site=site,
        source="phone",
        reporter_kind="owner",
        reporter_name="李四",
        reporter_phone="13800138001",
        category="repair",
        content="电梯困人",
        room=Room.objects.filter(unit__building__site=site).first(),
        **fields,
    )
    return services.dispatch_order(
        processor, form, version=form.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )


def test_ux3_inbox_takes_in_a_new_urgent_order_without_a_reload(
    browser, live_server, org, people, settings
):
    settings.LIVE_POLL_SECONDS = 1
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    head = people[Role.DEPT_HEAD]
    page = session(browser, live_server.url, head.username)
    page.context.add_init_script(STUB)
    page.goto(f"{live_server.url}/servicedesk/inbox/")
    expect(page.locator("#queue")).to_have_attribute("data-live-interval", "1")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")

    # Half-typed in the filter box, not sent.
    box = page.get_by_test_id("queue-filter").locator('input[name="q"]')
    box.click()
    box.press_sequentially("电梯")

    order = dispatch(people, site, gc, priority="urgent")
    while deliver_next(timezone.now()):  # the worker: in-app messages to the department
        pass
    unread = Notification.objects.filter(recipient=head, read_at__isnull=True).count()
    assert unread >= 1

    row = page.locator("#queue .list-group-item", has_text=order.serial)
    expect(row).to_be_visible(timeout=10000)
    expect(row).to_have_class(re.compile(r"\blive-new-urgent\b"))
    expect(box).to_have_value("电梯")
    expect(box).to_be_focused()
    assert page.url.endswith("/servicedesk/inbox/")  # no reload, no navigation
    announced = page.evaluate("window.__announced")
    assert len(announced) == 1 and order.serial in announced[0]["body"]
    assert announced[0]["title"] == "新的紧急事项"
    expect(page.get_by_test_id("bell-count").first).to_have_text(str(unread), timeout=10000)


HIDDEN = """
window.__visibility = "visible";
Object.defineProperty(document, "visibilityState", {get: function () { return window.__visibility; }});
"""


def test_ux3_polls_pause_while_hidden_or_while_a_field_of_the_queue_is_changed(
    browser, live_server, org, people, settings
):
    settings.LIVE_POLL_SECONDS = 1
    page = session(browser, live_server.url, people[Role.DEPT_HEAD].username)
    page.context.add_init_script(HIDDEN)
    polls = []
    page.on(
        "request",
        lambda r: polls.append(r.url) if r.headers.get("x-live") and "/inbox/" in r.url else None,
    )
    page.goto(f"{live_server.url}/servicedesk/inbox/")
    page.wait_for_timeout(2500)
    assert polls, "an open, visible queue polls"

    page.evaluate("window.__visibility = 'hidden'")
    page.wait_for_timeout(1200)  # a poll already sent may still arrive
    polls.clear()
    page.wait_for_timeout(2500)
    assert polls == []
    page.evaluate(
        "window.__visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange'))"
    )
    page.wait_for_timeout(700)
    assert polls, "shown again, it asks at once"

    # A ticked box inside the queue (a bulk action being prepared) stops the swaps.
    page.evaluate(
        "var box = document.createElement('input'); box.type = 'checkbox'; box.id = 'probe';"
        "document.getElementById('queue').prepend(box); box.checked = true;"
    )
    page.wait_for_timeout(1200)
    polls.clear()
    page.wait_for_timeout(2500)
    assert polls == [] and page.locator("#probe").is_checked()
