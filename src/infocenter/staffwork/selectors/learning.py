"""Scoped reads of learning (IT-3): plans, records, courses and the progress of a year against
its plan, channel by channel. Seen as the work log is (``selectors.worklog.visible``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from infocenter.core.attachments import attachments_of
from infocenter.core.exceptions import NotFound
from infocenter.core.models import Attachment, User

from ..models import Channel, Course, LearningPlan, LearningRecord
from .worklog import visible


def plans_for(actor, *, person: User | None = None) -> QuerySet[LearningPlan]:
    qs = visible(LearningPlan.objects.select_related("person"), actor).prefetch_related("targets")
    return qs.filter(person=person) if person is not None else qs


def plan_of(actor, *, person: User, year: int) -> LearningPlan | None:
    return plans_for(actor, person=person).filter(year=year).first()


def records_for(actor, *, person: User | None = None, year: int | None = None) -> QuerySet:
    qs = visible(LearningRecord.objects.select_related("person"), actor)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.filter(day__year=year) if year is not None else qs


def get_record(actor, pk) -> LearningRecord:
    try:
        return records_for(actor).get(pk=pk)
    except (LearningRecord.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def courses_for(actor, *, person: User | None = None, year: int | None = None) -> QuerySet:
    qs = visible(Course.objects.select_related("person"), actor)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.filter(completed_on__year=year) if year is not None else qs


def files_of(courses) -> dict[int, list[Attachment]]:
    """The attachments of ``courses``, by course id, in one query."""
    ids = [str(c.pk) for c in courses]
    found: dict[int, list[Attachment]] = {}
    sites = {c.site_id for c in courses}
    for a in Attachment.objects.filter(
        subject_type="staffwork.course", subject_id__in=ids, site_id__in=sites
    ):
        found.setdefault(int(a.subject_id), []).append(a)
    return found


def course_file(actor, pk, attachment) -> Attachment:
    """One paper of a course ``actor`` may see (the same 404 for anything else)."""
    found = attachments_of(get_course(actor, pk)).filter(pk=attachment).first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class ChannelProgress:
    """One channel of a year: what was planned and what was done (hours and items), and the
    share done (the larger of hours and items where both are planned; None without a plan)."""

    channel: str
    label: str
    target_hours: Decimal
    target_items: int
    plan_note: str
    hours: Decimal
    items: int

    @property
    def planned(self) -> bool:
        return self.target_hours > 0 or self.target_items > 0

    @property
    def percent(self) -> int | None:
        shares = []
        if self.target_hours > 0:
            shares.append(self.hours / self.target_hours)
        if self.target_items > 0:
            shares.append(Decimal(self.items) / self.target_items)
        return int(min(max(shares), Decimal(1)) * 100) if shares else None

    @property
    def under_plan(self) -> bool:
        return self.planned and (self.percent or 0) < 100


def progress(actor, *, person: User, year: int) -> list[ChannelProgress]:
    """IT-3: per channel, the year's plan against the learning records of that year."""
    plan = plan_of(actor, person=person, year=year)
    targets = {t.channel: t for t in plan.targets.all()} if plan else {}
    done = {
        r["channel"]: r
        for r in records_for(actor, person=person, year=year)
        .order_by()
        .values("channel")
        .annotate(hours=Sum("hours"), items=Sum("items"))
    }
    rows = []
    for channel, label in Channel.choices:
        t, d = targets.get(channel), done.get(channel, {})
        rows.append(
            ChannelProgress(
                channel,
                str(label),
                t.hours if t else Decimal(0),
                t.items if t else 0,
                t.note if t else "",
                d.get("hours") or Decimal(0),
                d.get("items") or 0,
            )
        )
    return rows


def get_course(actor, pk) -> Course:
    try:
        return courses_for(actor).get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
