"""Writes of messages (X-4): the departments' chat-group robots, messages between people and
notifications marked as read."""

from django.db import transaction
from django.utils import timezone

from .. import outbox, permissions
from ..audit import record_event
from ..models import (
    Department,
    DepartmentWebhook,
    Notification,
    Site,
    User,
)
from .records import validated


def add_department_webhook(
    actor,
    *,
    department: Department,
    channel: str,
    url: str,
    note: str = "",
    reports: bool = False,
):
    """Connect a WeCom, DingTalk or Feishu group robot to a department's notifications, and
    with ``reports`` to the summaries of the scheduled reports (X-9)."""
    permissions.check(actor, "org.manage", site=department.site_id)
    with transaction.atomic(durable=True):
        hook = DepartmentWebhook(
            department=department, channel=channel, url=url.strip(), note=note, reports=reports
        )
        validated(hook)
        hook.save()
        record_event(
            actor=actor,
            subject=department,
            kind="department.robot_added",
            data={"channel": channel, "address": hook.masked_url, "reports": reports},
        )
        return hook


def remove_department_webhook(actor, hook) -> None:
    permissions.check(actor, "org.manage", site=hook.department.site_id)
    with transaction.atomic(durable=True):
        record_event(
            actor=actor,
            subject=hook.department,
            kind="department.robot_removed",
            data={"channel": hook.channel, "address": hook.masked_url},
        )
        hook.delete()


def mark_notifications_read(actor, *, ids: list[int] | None = None) -> int:
    """Mark the actor's own notifications (all, or the given ones) as read."""
    with transaction.atomic(durable=True):
        rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        return rows.update(read_at=timezone.now())


def send_message(
    actor,
    *,
    recipients: list[User],
    subject: str,
    body: str = "",
    link: str = "",
    site: Site | None = None,
) -> int:
    """Send an in-app (and e-mail) message to people, through the outbox."""
    if site is not None:
        permissions.check(actor, "people.manage", site=site)
    elif actor is not None and not actor.is_superuser:
        raise permissions.PermissionDenied()
    with transaction.atomic(durable=True):
        messages = outbox.notify(recipients, subject=subject, body=body, link=link, site=site)
        for person in recipients:
            record_event(
                actor=actor,
                subject=person,
                kind="message.queued",
                site=site,
                data={"subject": subject},
            )
        return len(messages)
