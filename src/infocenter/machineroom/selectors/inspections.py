"""Scoped reads of checklists, schedules, rounds and their results (MR-9, MR-10)."""

from django.db.models import QuerySet

from infocenter.core.models import Attachment

from ..choices import RoundState
from ..models import Checklist, InspectionResult, InspectionRound, InspectionSchedule
from .common import get_scoped, viewable


def checklists_for(actor, *, site=None, active: bool | None = None) -> QuerySet:
    """Checklists of the actor's sites (with their room and department)."""
    qs = viewable(Checklist.objects.select_related("room", "department"), actor, site=site)
    return qs.filter(active=active) if active is not None else qs


def get_checklist(actor, pk):
    return get_scoped(checklists_for(actor).select_related("site"), pk)


def schedules_for(actor, *, site=None) -> QuerySet:
    return viewable(InspectionSchedule.objects.select_related("checklist"), actor, site=site)


def get_schedule(actor, pk):
    return get_scoped(schedules_for(actor).select_related("site"), pk)


def rounds_for(actor, *, site=None, state: str | None = None) -> QuerySet:
    """Inspection rounds of the actor's sites, the latest planned first."""
    qs = viewable(InspectionRound.objects.select_related("submitted_by"), actor, site=site)
    return qs.filter(state=state) if state else qs


def get_round(actor, pk):
    return get_scoped(rounds_for(actor).select_related("site", "department"), pk)


def rounds_due(actor, *, site, until) -> list:
    """MR-9: open rounds of ``site`` planned before ``until``, the earliest due first (the home
    panel of the maintainers and the rounds page)."""
    return list(
        rounds_for(actor, site=site, state=RoundState.OPEN)
        .filter(occurs_at__lt=until)
        .order_by("due_at")
    )


def results_for(actor, *, site=None) -> QuerySet:
    """Every item result of the actor's sites' rounds (the Excel export of results)."""
    return viewable(
        InspectionResult.objects.select_related("round", "recorded_by", "form", "order"),
        actor,
        site=site,
        site_field="round__site",
    )


def photos_of(results) -> dict[int, list]:
    """The photos of each of ``results`` (result id → its photos, the oldest first), in one
    query; the caller has read the results in the actor's scope."""
    found = Attachment.objects.filter(
        subject_type=InspectionResult._meta.label_lower,
        subject_id__in=[str(r.pk) for r in results],
        site_id__in={r.site_id for r in results},
    ).order_by("uploaded_at", "pk")
    by_result: dict[int, list] = {}
    for photo in found:
        by_result.setdefault(int(photo.subject_id), []).append(photo)
    return by_result
