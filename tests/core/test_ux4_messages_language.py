"""Issue 14, item 4 (UX principle 14): a notification is kept as what happened and its
parameters and shown in the reader's language: the messages page, the home panel and the API in
the request's language, e-mail in the site's (zh-hans). A state it names is kept as its code.
Messages from before keep showing as they were written."""

from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox, worker
from infocenter.core.choices import Channel, Role
from infocenter.core.models import Notification, OutboxMessage
from infocenter.core.texts import Text, choice_code
from infocenter.servicedesk.choices import FormState

MSGID = "%(serial)s is not finished yet (%(state)s): follow it up"
EN = "SA-KF-2026-00042 is not finished yet (Pending): follow it up"
HANS = "SA-KF-2026-00042 尚未处理完毕（挂起待办）：请跟进督促"
HANT = "SA-KF-2026-00042 尚未處理完畢（掛起待辦）：請跟進督促"


def reminder(person, *, language="zh-hans"):
    with translation.override(language), transaction.atomic():
        outbox.notify(
            [person],
            subject=Text(N_(MSGID), {"serial": "SA-KF-2026-00042", "state": FormState.PENDING}),
            body=Text(N_("Weekend: hand this week's records to the data manager")),
            link="/core/notifications/",
        )
    worker.run_once(echo=lambda _: None)
    return Notification.objects.get(recipient=person)


def test_ux4_text_keeps_its_source_and_codes():
    text = Text(N_(MSGID), {"serial": "SA-KF-2026-00042", "state": FormState.PENDING})
    assert text.as_json() == {
        "id": MSGID,
        "params": {
            "serial": "SA-KF-2026-00042",
            "state": {"choice": "infocenter.servicedesk.choices.FormState", "value": "pending"},
        },
    }
    for language, expected in (("en", EN), ("zh-hans", HANS), ("zh-hant", HANT)):
        with translation.override(language):
            assert str(Text.from_json(text.as_json())) == expected


def test_ux4_choice_code_of_a_record_is_translated_when_shown(people):
    message = reminder(people[Role.PROCESSOR]).message
    stored = Text("%(what)s", {"what": choice_code(message, "channel")}).as_json()
    assert stored["params"]["what"] == {"field": "core.outboxmessage.channel", "value": "in_app"}
    for language in ("en", "zh-hans", "zh-hant"):
        with translation.override(language):
            assert str(Text.from_json(stored)) == str(Channel.IN_APP.label)


def test_ux4_notification_is_read_in_each_readers_language(people, client_for, api_for):
    person = people[Role.PROCESSOR]
    person.email = "wangfang@example.com"
    person.save(update_fields=["email"])
    notification = reminder(person)
    assert notification.subject == HANS  # as written, for the logs and for rows from before
    with translation.override("en"):
        assert notification.subject_text == EN
    client = client_for(person)
    client.cookies["infocenter_language"] = "en"
    page = client.get(reverse("core:notifications")).content.decode()
    assert EN in page and "Weekend: hand this week&#x27;s records to the data manager" in page
    assert HANS not in page
    home = client.get(reverse("home")).content.decode()
    assert EN in home
    api = api_for(person).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hant").json()
    assert api["results"][0]["subject"] == HANT
    # e-mail goes out in the site's language, whatever the sender's was
    assert mail.outbox[0].subject == HANS


def test_ux4_email_is_in_the_sites_language_when_written_in_english(people):
    person = people[Role.PROCESSOR]
    person.email = "wangfang@example.com"
    person.save(update_fields=["email"])
    reminder(person, language="en")
    assert mail.outbox[0].subject == HANS
    assert "周末" in mail.outbox[0].body


def test_ux4_messages_from_before_show_as_written(people, client_for):
    person = people[Role.PROCESSOR]
    with transaction.atomic():
        outbox.notify([person], subject="停水通知", body="3栋 14:00-16:00")
    worker.run_once(echo=lambda _: None)
    assert OutboxMessage.objects.get().source == {}
    client = client_for(person)
    client.cookies["infocenter_language"] = "en"
    page = client.get(reverse("core:notifications")).content.decode()
    assert "停水通知" in page and "3栋 14:00-16:00" in page
