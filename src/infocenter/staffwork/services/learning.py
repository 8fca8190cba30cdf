"""Writes of learning (IT-3): the yearly plan by the four channels (set again at the version
read, audited before and after), learning records, courses and certificates with their
attachments. Only the person keeps their own plan and records (``sw.own``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.attachments import store_document
from infocenter.core.audit import diff, record_event
from infocenter.core.models import Site
from infocenter.core.services import lock_for_change, save_new_version, stale_edit
from infocenter.core.validators import FieldErrors

from ..models import Channel, Course, CourseKind, LearningPlan, LearningRecord, PlanTarget
from .worklog import require_owner

RULE = "IT-3"


@dataclass(frozen=True)
class Target:
    """The plan's aim in one channel: hours, items (books, talks) and what is planned."""

    hours: Decimal = Decimal(0)
    items: int = 0
    note: str = ""


def _check_year(errors: FieldErrors, year: int) -> None:
    this_year = timezone.localdate().year
    if not this_year - 10 <= year <= this_year + 1:
        errors.add("year", _("Plan this year or next year (or correct a recent one)."))


def set_learning_plan(
    actor,
    *,
    site: Site,
    year: int,
    targets: dict[str, Target],
    note: str = "",
    version: int | None = None,
) -> LearningPlan:
    """IT-3: the actor's learning plan for ``year``, its target in each of the four channels.
    A plan that exists is replaced only at the version read (``version``); the audit keeps the
    targets before and after."""
    permissions.check(actor, "sw.own", site=site)
    errors = FieldErrors()
    _check_year(errors, year)
    for channel, target in targets.items():
        errors.choice("targets", channel, Channel)
        if Decimal(target.hours) < 0 or Decimal(target.hours) > 2000 or target.items < 0:
            errors.add(channel, _("Enter a target between 0 and 2000 hours."))
    if not any(Decimal(t.hours) > 0 or t.items > 0 for t in targets.values()):
        errors.add("targets", _("Set a target in at least one channel."))
    errors.raise_any(rule=RULE)
    with transaction.atomic(durable=True):
        plan = LearningPlan.objects.select_for_update().filter(person=actor, year=year).first()
        if plan is not None and plan.version != version:
            raise stale_edit(plan)
        before = _plan_data(plan) if plan else {}
        if plan is None:
            plan = LearningPlan.objects.create(
                site=site, person=actor, year=year, note=note.strip(), updated_at=timezone.now()
            )
        else:
            plan.note, plan.updated_at = note.strip(), timezone.now()
            save_new_version(plan, "note", "updated_at")
            plan.targets.all().delete()
        PlanTarget.objects.bulk_create(
            PlanTarget(
                site_id=plan.site_id,
                plan=plan,
                channel=c,
                hours=Decimal(t.hours),
                items=t.items,
                note=t.note.strip(),
            )
            for c, t in targets.items()
        )
        after = _plan_data(plan)
        record_event(
            actor=actor,
            subject=plan,
            kind="learning.plan_set",
            data={"year": year, "changes": diff(before, after)},
        )
        return plan


def _plan_data(plan: LearningPlan) -> dict:
    data = {"note": plan.note}
    for t in plan.targets.all():
        data[t.channel] = f"{t.hours}h/{t.items}: {t.note}"
    return data


def _check_record(day: dt.date, channel: str, hours, items: int) -> None:
    errors = FieldErrors()
    errors.choice("channel", channel, Channel)
    if day > timezone.localdate():
        errors.add("day", _("The day cannot be in the future."))
    if day.year < 2000:
        errors.add("day", _("Enter a day of this century."))
    if Decimal(hours) < 0 or Decimal(hours) > 24:
        errors.add("hours", _("Enter the hours, from 0 to 24."))
    if items < 0:
        errors.add("items", _("Enter 0 or more."))
    if Decimal(hours) == 0 and items == 0:
        errors.add("hours", _("Enter the hours spent or the items (e.g. a book read)."))
    errors.raise_any(rule=RULE)


def add_learning_record(
    actor,
    *,
    site: Site,
    day: dt.date,
    channel: str,
    hours: Decimal,
    items: int = 0,
    notes: str = "",
) -> LearningRecord:
    """IT-3: learning the actor did on a day in one channel."""
    permissions.check(actor, "sw.own", site=site)
    _check_record(day, channel, hours, items)
    with transaction.atomic(durable=True):
        record = LearningRecord.objects.create(
            site=site,
            person=actor,
            day=day,
            channel=channel,
            hours=Decimal(hours),
            items=items,
            notes=notes.strip(),
            created_at=timezone.now(),
        )
        record_event(
            actor=actor,
            subject=record,
            kind="learning.record_added",
            data={"day": day, "channel": channel, "hours": str(hours), "items": items},
        )
        return record


def remove_learning_record(actor, record: LearningRecord, *, version: int) -> None:
    """IT-3: the person removes their learning record, at the version read; audited."""
    require_owner(actor, record, _("learning records"))
    with transaction.atomic(durable=True):
        row = lock_for_change(LearningRecord, record, version)
        record_event(
            actor=actor,
            subject=row,
            kind="learning.record_removed",
            data={"day": row.day, "channel": row.channel, "hours": str(row.hours)},
        )
        row.delete()


def add_course(
    actor,
    *,
    site: Site,
    kind: str,
    name: str,
    completed_on: dt.date,
    provider: str = "",
    hours: Decimal = Decimal(0),
    note: str = "",
    files: list = (),
) -> Course:
    """IT-3: a course the actor took or a certificate obtained, with its papers (PDF, Word,
    Excel: ``core.attachments``)."""
    permissions.check(actor, "sw.own", site=site)
    errors = FieldErrors()
    errors.choice("kind", kind, CourseKind)
    errors.required(name=name)
    if completed_on > timezone.localdate():
        errors.add("completed_on", _("The day cannot be in the future."))
    if Decimal(hours) < 0 or Decimal(hours) > 2000:
        errors.add("hours", _("Enter the hours, from 0 to 2000."))
    errors.raise_any(rule=RULE)
    with transaction.atomic(durable=True):
        course = Course.objects.create(
            site=site,
            person=actor,
            kind=kind,
            name=name.strip(),
            provider=provider.strip(),
            completed_on=completed_on,
            hours=Decimal(hours),
            note=note.strip(),
            created_at=timezone.now(),
        )
        stored = [
            store_document(actor=actor, subject=course, site=site, upload=f, field="files")
            for f in files
        ]
        record_event(
            actor=actor,
            subject=course,
            kind="learning.course_added",
            data={
                "kind": kind,
                "name": course.name,
                "completed_on": completed_on,
                "files": [a.original_name for a in stored],
            },
        )
        return course
