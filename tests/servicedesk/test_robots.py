"""X-4 (issue: service desk, acceptance 5): a department's chat-group robots receive its new
work orders through the outbox; a robot that fails is retried and nothing is lost. A real HTTP
server on 127.0.0.1 plays the robot."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from infocenter.core import services as core_services
from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import PermissionDenied
from infocenter.core.models import DepartmentWebhook, OutboxMessage
from infocenter.servicedesk import services


def test_x4_department_robot_gets_new_orders_with_retry(robot, form, people, gc):
    url, server = robot
    core_services.add_department_webhook(
        people[Role.SYSADMIN], department=gc, channel="wecom", url=url, note="工程部值班群"
    )
    server.answers = [(502, {"error": "bad gateway"})]
    order = services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=gc,
        assistant=people[Role.CS_ASSISTANT],
    )
    message = OutboxMessage.objects.get(channel="wecom")
    now = timezone.now()
    worker.run_once(at=now, echo=lambda _: None)
    message.refresh_from_db()
    assert message.state == "pending" and "502" in message.last_error and server.received == []
    worker.run_once(at=now + dt.timedelta(minutes=1), echo=lambda _: None)
    message.refresh_from_db()
    assert message.state == "sent"
    # the message's id travels with it, the same on the retry, for a receiver to tell repeats
    assert server.keys == [f"infocenter-outbox-{message.pk}"]
    text = server.received[0]["text"]["content"]
    assert (
        order.serial in text and "卫生间漏水" in text and f"/servicedesk/orders/{order.pk}/" in text
    )


def test_x4_only_site_administrators_connect_robots(people, gc, client_for, org):
    with pytest.raises(PermissionDenied):
        core_services.add_department_webhook(
            people[Role.DEPT_HEAD],
            department=gc,
            channel="dingtalk",
            url="https://oapi.dingtalk.com/robot/send?access_token=x",
        )
    client = client_for(people[Role.SYSADMIN])
    client.post(
        reverse("core:webhook_add", args=[org["a"].pk]),
        {
            "department": gc.pk,
            "channel": "feishu",
            "url": "https://open.feishu.cn/open-apis/bot/v2/hook/secret-token",
        },
    )
    hook = DepartmentWebhook.objects.get()
    page = client.get(reverse("core:site", args=[org["a"].pk])).content.decode()
    assert "secret-token" not in page and hook.masked_url in page
    assert (
        "secret-token"
        not in client_for(people[Role.PROCESSOR])
        .get(reverse("core:site", args=[org["a"].pk]))
        .content.decode()
    )
    client.post(reverse("core:webhook_remove", args=[hook.pk]))
    assert not DepartmentWebhook.objects.exists()
