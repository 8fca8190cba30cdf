"""What the work log (IT-1) and learning (IT-3) give the annual assessment (IT-4): hours and
entries by kind of work, projects and go-lives (年度工作回顾), learning done against the plan
(年度工作回顾, and 主要不足 where a channel stayed under plan), next year's plan (今后工作打算)."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from . import figures
from .figures import PLANS, REVIEW, SHORTCOMINGS, Figure
from .models import Channel, LearningPlan, LearningRecord, Project, WorkEntry, WorkKind
from .selectors.learning import ChannelProgress


def _hours(value) -> str:
    value = Decimal(value or 0).normalize()
    return f"{value:f}"


def _worklog(person, year: int) -> list[Figure]:
    rows = {
        r["kind"]: r
        for r in WorkEntry.objects.filter(person=person, day__year=year)
        .order_by()
        .values("kind")
        .annotate(hours=Sum("hours"), n=Count("id"))
    }
    url = reverse("staffwork:worklog") + f"?person={person.pk}&start={year}-01-01&end={year}-12-31"
    found = []
    for kind, label in WorkKind.choices:
        if kind not in rows:
            continue
        r = rows[kind]
        found.append(
            Figure(
                str(label),
                _("%(hours)s h · %(n)s entries") % {"hours": _hours(r["hours"]), "n": r["n"]},
                _("%(kind)s: %(n)s entries, %(hours)s hours.")
                % {"kind": label, "n": r["n"], "hours": _hours(r["hours"])},
                REVIEW,
                url,
            )
        )
    return found


def _projects(person, year: int) -> list[Figure]:
    projects = list(
        Project.objects.filter(person=person, created_at__year__lte=year).prefetch_related(
            "milestones"
        )
    )
    live = [p for p in projects if p.go_live_on and p.go_live_on.year == year]
    active = [
        p
        for p in projects
        if p in live
        or any(
            m.planned_on.year == year or (m.done_on and m.done_on.year == year)
            for m in p.milestones.all()
        )
    ]
    if not active:
        return []
    names = "、".join(f"{p.name}（{p.role}）" for p in active)
    text = _("Took part in %(n)s projects: %(names)s.") % {"n": len(active), "names": names}
    if live:
        text += _("Went live: %(names)s.") % {
            "names": "、".join(f"{p.name} {p.go_live_on:%Y-%m-%d}" for p in live)
        }
    return [
        Figure(
            _("Projects and go-lives"),
            _("%(projects)s projects · %(go_lives)s went live")
            % {"projects": len(active), "go_lives": len(live)},
            text,
            REVIEW,
            reverse("staffwork:worklog_projects") + f"?person={person.pk}",
        )
    ]


def _learning(person, year: int) -> list[Figure]:
    plan = LearningPlan.objects.filter(person=person, year=year).prefetch_related("targets").first()
    done = {
        r["channel"]: r
        for r in LearningRecord.objects.filter(person=person, day__year=year)
        .order_by()
        .values("channel")
        .annotate(hours=Sum("hours"), items=Sum("items"))
    }
    if plan is None and not done:
        return []
    url = reverse("staffwork:learning") + f"?person={person.pk}&year={year}"
    targets = {t.channel: t for t in plan.targets.all()} if plan else {}
    found, under = [], []
    for channel, label in Channel.choices:
        t, d = targets.get(channel), done.get(channel, {})
        hours, items = d.get("hours") or Decimal(0), d.get("items") or 0
        if t is None and not d:
            continue
        text = _("%(channel)s: %(hours)s hours, %(items)s items") % {
            "channel": label,
            "hours": _hours(hours),
            "items": items,
        }
        if t is not None:
            text += _(" (planned %(hours)s hours, %(items)s items)") % {
                "hours": _hours(t.hours),
                "items": t.items,
            }
            reached = ChannelProgress(channel, str(label), t.hours, t.items, t.note, hours, items)
            if reached.under_plan:  # the learning page's own measure of the plan
                under.append(str(label))
        found.append(
            Figure(
                str(label),
                _("%(hours)s h · %(items)s items") % {"hours": _hours(hours), "items": items},
                text + "。",
                REVIEW,
                url,
            )
        )
    if under:
        found.append(
            Figure(
                _("Learning under plan"),
                "、".join(under),
                _("Learning stayed under plan in: %(channels)s.") % {"channels": "、".join(under)},
                SHORTCOMINGS,
                url,
            )
        )
    return found


def _next_plan(person, year: int) -> list[Figure]:
    plan = (
        LearningPlan.objects.filter(person=person, year=year + 1)
        .prefetch_related("targets")
        .first()
    )
    if plan is None:
        return []
    parts = [
        f"{t.get_channel_display()} {_hours(t.hours)}h"
        + (f"/{t.items}" if t.items else "")
        + (f"（{t.note}）" if t.note else "")
        for t in plan.targets.all()
    ]
    return [
        Figure(
            _("Learning plan for %(year)s") % {"year": year + 1},
            _("%(hours)s h planned") % {"hours": _hours(sum(t.hours for t in plan.targets.all()))},
            _("Learning plan for %(year)s: %(targets)s.")
            % {"year": year + 1, "targets": "；".join(parts)},
            PLANS,
            reverse("staffwork:learning") + f"?person={person.pk}&year={year + 1}",
        )
    ]


def provider(person, *, year: int) -> list[Figure]:
    """IT-4: the work log's and learning's figures of ``person`` in ``year``."""
    return [
        *_worklog(person, year),
        *_projects(person, year),
        *_learning(person, year),
        *_next_plan(person, year),
    ]


figures.register("worklog", provider)
