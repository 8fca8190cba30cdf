"""X-4 and DESIGN rule 5: notifications leave through the outbox after commit, in-app and by
e-mail and chat-group robot webhooks; a channel that fails is retried with back-off and the
message is never lost. Webhooks are delivered to a real HTTP server on 127.0.0.1."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from infocenter.core import outbox, services, worker
from infocenter.core.choices import Channel, MessageState, Role
from infocenter.core.models import Notification, OutboxMessage


def send(channel, **kw):
    with transaction.atomic():
        return outbox.enqueue(channel=channel, subject="停水通知", body="3栋 14:00-16:00", **kw)


def test_x4_in_app_and_email_delivery(people):
    person = people[Role.PROCESSOR]
    person.email = "wangfang@example.com"
    with transaction.atomic():
        messages = outbox.notify([person], subject="新派工单", body="请处理", link="/orders/1/")
    assert {m.channel for m in messages} == {Channel.IN_APP, Channel.EMAIL}
    assert worker.run_once(echo=lambda _: None) == 2
    notification = Notification.objects.get(recipient=person)
    assert (notification.subject, notification.link) == ("新派工单", "/orders/1/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wangfang@example.com"]
    assert "/orders/1/" in mail.outbox[0].body
    assert not OutboxMessage.objects.filter(state=MessageState.PENDING).exists()
    assert worker.run_once(echo=lambda _: None) == 0  # nothing is sent twice
    assert Notification.objects.filter(recipient=person).count() == 1


def test_x4_message_of_a_rolled_back_change_never_leaves(people):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.notify([people[Role.PROCESSOR]], subject="never")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (Channel.WECOM, {"msgtype": "text", "text": {"content": "停水通知\n3栋 14:00-16:00"}}),
        (Channel.DINGTALK, {"msgtype": "text", "text": {"content": "停水通知\n3栋 14:00-16:00"}}),
        (Channel.FEISHU, {"msg_type": "text", "content": {"text": "停水通知\n3栋 14:00-16:00"}}),
    ],
)
def test_x4_robot_webhook_payloads_are_delivered(db, robot, channel, expected):
    url, server = robot
    message = send(channel, address=url)
    assert worker.run_once(echo=lambda _: None) == 1
    assert server.received == [expected]
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.attempts == 1


def test_x4_failing_webhook_is_retried_with_backoff_and_nothing_is_lost(db, robot):
    url, server = robot
    server.answers = [
        (500, {"error": "down"}),
        (200, {"errcode": 310000, "errmsg": "keywords not in content"}),
    ]
    message = send(Channel.WECOM, address=url)
    now = timezone.now()
    lines: list[str] = []
    worker.run_once(at=now, echo=lines.append)
    message.refresh_from_db()
    assert message.state == MessageState.PENDING and message.attempts == 1
    assert "HTTP Error 500" in message.last_error
    assert message.next_attempt_at == now + dt.timedelta(seconds=30)
    assert worker.run_once(at=now + dt.timedelta(seconds=29), echo=lines.append) == 0  # backing off
    worker.run_once(at=now + dt.timedelta(seconds=30), echo=lines.append)
    message.refresh_from_db()
    assert message.attempts == 2 and "310000" in message.last_error
    assert message.next_attempt_at == now + dt.timedelta(seconds=90)
    worker.run_once(at=now + dt.timedelta(seconds=90), echo=lines.append)
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.attempts == 3
    assert len(server.received) == 1
    assert [line.split()[2] for line in lines] == ["retry", "retry", "sent"]


def test_x4_unreachable_webhook_stays_pending(db, closed_port):
    message = send(Channel.DINGTALK, address=f"http://127.0.0.1:{closed_port}/unreachable")
    worker.run_once(echo=lambda _: None)
    message.refresh_from_db()
    assert message.state == MessageState.PENDING
    assert "webhook unreachable" in message.last_error


def test_x4_backoff_is_capped(settings):
    settings.OUTBOX_MAX_BACKOFF_SECONDS = 600
    assert outbox.backoff(1) == dt.timedelta(seconds=30)
    assert outbox.backoff(3) == dt.timedelta(seconds=120)
    assert outbox.backoff(50) == dt.timedelta(seconds=600)


def test_x4_send_message_service_checks_permission(people, org):
    from infocenter.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.send_message(
            people[Role.PROCESSOR], recipients=[people[Role.AUDITOR]], subject="x", site=org["a"]
        )
    assert (
        services.send_message(
            people[Role.SYSADMIN], recipients=[people[Role.AUDITOR]], subject="x", site=org["a"]
        )
        == 1
    )
