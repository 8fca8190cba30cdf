"""The one outbox for every notification (X-4, DESIGN rule 5).

Services call ``tell`` (people, about a record, with its link), ``tell_department`` (its chat-group
robots) or ``enqueue`` inside their transaction; the message leaves only if
the change commits. A subject or body given as a ``core.texts.Text`` is kept as its source and
parameters and shown in each reader's language (UX principle 14), and in the site's language
(zh-hans) by e-mail and chat robots; ``subject`` and ``body`` keep it as written, for rows from
before and for the logs. The worker calls ``deliver_next``; a channel that fails keeps the message
pending with a growing back-off (capped by ``OUTBOX_MAX_BACKOFF_SECONDS``): a message is
delayed, never lost.
"""

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .choices import Channel, MessageState
from .models import DepartmentWebhook, Notification, OutboxMessage, Site, User
from .texts import Text, stored

Words = str | Text

BASE_BACKOFF_SECONDS = 30

_as_of: ContextVar[dt.datetime | None] = ContextVar("outbox_as_of", default=None)


@contextmanager
def as_of(moment: dt.datetime | None):
    """Messages enqueued inside are written as of ``moment`` (the worker's ``--at``), so the
    same pass delivers what its deadlines raise; ``None`` keeps the real clock."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


# Messages enqueued inside ``sent_together()``, waiting to be inserted at its end.
_held: ContextVar[list | None] = ContextVar("outbox_held", default=None)


@contextmanager
def sent_together():
    """Messages enqueued inside are inserted together when the block ends (one insert): a
    service that does several steps in one transaction writes its outbox rows at once. Must sit
    inside the service's transaction; nothing is written if the block fails. Inside another
    such block, they join the outer one."""
    if _held.get() is not None:
        yield
        return
    held: list[OutboxMessage] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    OutboxMessage.objects.bulk_create(held)


class DeliveryError(Exception):
    """The channel did not accept the message; it will be retried."""


def enqueue(
    *,
    channel: str,
    subject: Words,
    body: Words = "",
    recipient: User | None = None,
    address: str = "",
    link: str = "",
    site: Site | None = None,
) -> OutboxMessage:
    """Write one message to the outbox. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue must be called inside the service's transaction")
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    now = _as_of.get() or timezone.now()
    source = {k: v for k, v in (("subject", stored(subject)), ("body", stored(body))) if v}
    subject, body = str(subject), str(body)
    message = OutboxMessage(
        site=site,
        channel=channel,
        recipient=recipient,
        address=address,
        subject=subject[:200],
        body=body,
        link=link,
        source=source,
        created_at=now,
        next_attempt_at=now,
    )
    held = _held.get()
    if held is not None:
        held.append(message)
    else:
        message.save(force_insert=True)
    return message


def notify(
    users: Iterable[User],
    *,
    subject: Words,
    body: Words = "",
    link: str = "",
    site: Site | None = None,
) -> list[OutboxMessage]:
    """Tell people in the app, and by e-mail when they have an address."""
    messages = []
    for user in {u.pk: u for u in users if u is not None}.values():
        messages.append(
            enqueue(
                channel=Channel.IN_APP,
                recipient=user,
                subject=subject,
                body=body,
                link=link,
                site=site,
            )
        )
        if user.email:
            messages.append(
                enqueue(
                    channel=Channel.EMAIL,
                    recipient=user,
                    address=user.email,
                    subject=subject,
                    body=body,
                    link=link,
                    site=site,
                )
            )
    return messages


def tell(
    users: Iterable[User | None], record, subject: Words, body: Words = ""
) -> list[OutboxMessage]:
    """Tell people about ``record``: the message links to the record's page
    (``get_absolute_url``) and belongs to its site. Empty places in ``users`` are skipped and
    each person is told once."""
    return notify(
        users, subject=subject, body=body, link=record.get_absolute_url(), site=record.site
    )


def tell_department(department, record, subject: Words, body: Words = "") -> list[OutboxMessage]:
    """Post about ``record`` to ``department``'s chat-group robots, linking to its page."""
    return notify_department(department, subject=subject, body=body, link=record.get_absolute_url())


def notify_department(
    department, *, subject: Words, body: Words = "", link: str = ""
) -> list[OutboxMessage]:
    """Post to the department's chat-group robots (X-4), through the outbox."""

    return [
        enqueue(
            channel=hook.channel,
            address=hook.url,
            subject=subject,
            body=body,
            link=link,
            site=department.site,
        )
        for hook in DepartmentWebhook.objects.filter(department=department, active=True)
    ]


# -- channels ---------------------------------------------------------------------------------


def _send_in_app(message: OutboxMessage) -> None:
    if message.recipient_id is None:
        raise DeliveryError("in-app message without a recipient")
    Notification.objects.get_or_create(
        message=message,
        defaults={
            "recipient_id": message.recipient_id,
            "site_id": message.site_id,
            "subject": message.subject,
            "body": message.body,
            "link": message.link,
            "source": message.source,
            "created_at": message.created_at,
        },
    )


def in_site_language(message: OutboxMessage) -> tuple[str, str]:
    """The subject and body for e-mail and chat robots: in the site's language (zh-hans),
    whatever language was active when the message was written."""
    with translation.override(settings.LANGUAGE_CODE):
        return message.subject_text[:200], message.body_text


def _send_email(message: OutboxMessage) -> None:
    address = message.address or (message.recipient.email if message.recipient else "")
    if not address:
        raise DeliveryError("no e-mail address")
    subject, body = in_site_language(message)
    body += f"\n\n{message.link}" if message.link else ""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


def robot_payload(channel: str, message: OutboxMessage) -> dict:
    """The JSON body each chat-group robot expects for a plain text message."""
    subject, body = in_site_language(message)
    text = subject + (f"\n{body}" if body else "")
    if message.link:
        text += f"\n{message.link}"
    if channel == Channel.FEISHU:
        return {"msg_type": "text", "content": {"text": text}}
    return {"msgtype": "text", "text": {"content": text}}


def message_key(message: OutboxMessage) -> str:
    """The ``Idempotency-Key`` header a robot message carries: one per outbox message."""
    return f"infocenter-outbox-{message.pk}"


def _send_robot(message: OutboxMessage) -> None:
    if not message.address:
        raise DeliveryError("no webhook address")
    data = json.dumps(robot_payload(message.channel, message), ensure_ascii=False).encode()
    request = urllib.request.Request(
        message.address,
        data=data,
        method="POST",
        # the message's own id, the same on every attempt: a receiver that may see a retry of
        # a message it already took (the worker stopped between its answer and the commit)
        # can tell the two apart
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message_key(message),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            raw = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"webhook unreachable: {exc}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    # WeCom and DingTalk answer errcode, Feishu code (or StatusCode); 0 means accepted.
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, "0", None):
        raise DeliveryError(f"webhook refused the message: {answer}")


SENDERS: dict[str, Callable[[OutboxMessage], None]] = {
    Channel.IN_APP: _send_in_app,
    Channel.EMAIL: _send_email,
    Channel.WECOM: _send_robot,
    Channel.DINGTALK: _send_robot,
    Channel.FEISHU: _send_robot,
}


def backoff(attempts: int) -> dt.timedelta:
    seconds = BASE_BACKOFF_SECONDS * 2 ** min(attempts - 1, 20)
    return dt.timedelta(seconds=min(seconds, settings.OUTBOX_MAX_BACKOFF_SECONDS))


def deliver_next(now: dt.datetime) -> str | None:
    """Deliver the oldest due message that no other worker holds. Returns a line describing
    the attempt, or None when nothing is due."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(state=MessageState.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            with transaction.atomic():
                SENDERS[message.channel](message)
        except Exception as exc:  # any failure: keep it, retry later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = now + backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            return (
                f"{_fmt(now)} retry   {message.channel} #{message.pk} "
                f"at {_fmt(message.next_attempt_at)}: {message.last_error}"
            )
        message.state, message.sent_at, message.last_error = MessageState.SENT, now, ""
        message.save(update_fields=["state", "sent_at", "attempts", "last_error"])
        to = message.recipient or message.address
        return f"{_fmt(now)} sent    {message.channel} #{message.pk} to {to}: {message.subject}"


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
