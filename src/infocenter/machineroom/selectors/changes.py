"""Scoped reads of change requests and the change calendar (MR-7, MR-8)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.models import Deadline
from infocenter.core.search import Query
from infocenter.core.web import url_for_each

from .. import approvals
from ..choices import ChangeClass, ChangeState
from ..models import ChangeRequest
from .common import get_scoped, viewable


def changes_for(actor, *, site=None) -> QuerySet:
    """Change requests of the actor's sites (the information center, the auditor, the branch)."""
    return viewable(
        ChangeRequest.objects.select_related("site", "implementer", "requested_by", "decided_by"),
        actor,
        site=site,
    )


def get_change(actor, pk):
    """One change, the same 404 for missing and out of scope."""
    return get_scoped(
        changes_for(actor).select_related(
            "notice_sent_by", "backup_recorded_by", "confirmed_by", "backup_deleted_by"
        ),
        pk,
    )


def change_clocks(change) -> list:
    """The change's running clocks (notice, approval after the fact, confirmation, backup
    deletion), overdue ones included, for the countdowns of its page (UX 2)."""
    return list(
        Deadline.objects.filter(
            subject_type=change._meta.label_lower,
            subject_id=str(change.pk),
            site_id=change.site_id,
            closed_at__isnull=True,
        ).order_by("due_at")
    )


def changes_between(actor, *, site, since, until) -> QuerySet:
    """Changes planned, or carried out, in [since, until) at ``site``: the change calendar."""
    condition = Q(planned_start__lt=until, planned_end__gte=since) | Q(
        started_at__gte=since, started_at__lt=until
    )
    return changes_for(actor, site=site).filter(condition).order_by("planned_start", "id")


def changes_to_act_on(actor, *, site) -> dict:
    """For the home panel: approved global-impact changes waiting for their notice, changes due
    to start today, central-data changes waiting for their confirmation and backups to delete."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    qs = changes_for(actor, site=site)
    central = qs.filter(central_data=True, backup_deleted_at__isnull=True)
    return {
        "notice": list(
            qs.filter(state=ChangeState.APPROVED, global_impact=True).order_by("planned_start")[:10]
        ),
        "today": list(
            qs.filter(
                state__in=[ChangeState.APPROVED, ChangeState.NOTIFIED],
                planned_start__gte=midnight,
                planned_start__lt=midnight + timezone.timedelta(days=1),
            ).order_by("planned_start")[:10]
        ),
        "confirm": list(
            central.filter(state=ChangeState.DONE, confirmed_at__isnull=True).order_by(
                "finished_at"
            )[:10]
        ),
        "delete": list(central.filter(confirmed_at__isnull=False).order_by("confirmed_at")[:10]),
    }


def _changes_waiting(user):
    qs = permissions.restrict(ChangeRequest.objects.all(), user, "mr.approve")
    waiting = qs.filter(
        Q(state__in=[ChangeState.SUBMITTED, ChangeState.DISCUSSION])
        | Q(
            kind=ChangeClass.EMERGENCY,
            decided_at__isnull=True,
            state__in=[ChangeState.IN_PROGRESS, ChangeState.DONE, ChangeState.ROLLED_BACK],
        )
    )
    url = url_for_each("machineroom:change")
    return [
        approvals.Waiting(
            str(_("Change request")),
            f"{c.serial} {c.title} · {c.get_kind_display()}",
            url(c.pk),
            c.submitted_at or c.requested_at,
            f"{c.system} · {timezone.localtime(c.planned_start):%m-%d %H:%M}",
            urgent=c.kind == ChangeClass.EMERGENCY,
            due=None if c.kind == ChangeClass.EMERGENCY else c.planned_start,
            clock=str(approvals.DECIDE_BY),
            record=c,
        )
        for c in waiting.order_by("submitted_at")[:100]
    ]


approvals.register("changes", _changes_waiting)


def changes_matching(actor, query: Query) -> QuerySet:
    """The search box's changes: an exact serial, or the title or system named."""
    qs = changes_for(actor).order_by("-planned_start")
    if query.serial:
        return qs.filter(serial=query.serial)
    if query.digits:
        return qs.none()
    return qs.filter(Q(title__contains=query.text) | Q(system__contains=query.text))
