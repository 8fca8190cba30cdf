"""Issue 14, item 4: a message is shown in the reader's language. A reminder written while the
sender's language is Simplified Chinese is read in Chinese, then in English once the reader
switches the language, then in Traditional Chinese; the state it names follows the reader too."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop as N_
from playwright.sync_api import expect

from infocenter.core import outbox, worker
from infocenter.core.choices import Role
from infocenter.core.models import Notification
from infocenter.core.texts import Text
from infocenter.servicedesk.choices import FormState
from tests.conftest import make_person

from .test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader(org, root):
    person = make_person(root, "wangfang", Role.PROCESSOR, site=org["a"])
    with translation.override("zh-hans"), transaction.atomic():
        outbox.notify(
            [person],
            subject=Text(
                N_("%(serial)s is not finished yet (%(state)s): follow it up"),
                {"serial": "SA-KF-2026-00042", "state": FormState.PENDING},
            ),
            link="/core/notifications/",
            site=org["a"],
        )
    worker.run_once(echo=lambda _: None)
    return person


def switch_language(page, code):
    """The language menu in the top bar (its labels are in the current language)."""
    menu = page.locator('select[name="language"]').first
    with page.expect_navigation():
        menu.select_option(value=code)


def test_ux4_notification_is_shown_in_the_readers_language(page, live_server, reader):
    written = Notification.objects.get(recipient=reader)
    assert written.subject == "SA-KF-2026-00042 尚未处理完毕（挂起待办）：请跟进督促"
    log_in(page, live_server.url, "wangfang")
    page.wait_for_url(f"{live_server.url}/")
    panel = page.locator('[data-panel="notifications"]')
    expect(panel).to_contain_text("SA-KF-2026-00042 尚未处理完毕（挂起待办）：请跟进督促")

    switch_language(page, "en")
    page.goto(f"{live_server.url}/core/notifications/")
    main = page.locator("main")
    expect(main).to_contain_text("SA-KF-2026-00042 is not finished yet (Pending): follow it up")
    assert "尚未" not in main.inner_text()
    page.goto(f"{live_server.url}/")
    expect(page.locator('[data-panel="notifications"]')).to_contain_text(
        "is not finished yet (Pending)"
    )

    switch_language(page, "zh-hant")
    page.goto(f"{live_server.url}/core/notifications/")
    expect(page.locator("main")).to_contain_text(
        "SA-KF-2026-00042 尚未處理完畢（掛起待辦）：請跟進督促"
    )
