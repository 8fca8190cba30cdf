"""Scoped reads of core-device alarms and network faults (MR-9)."""

from django.db.models import QuerySet

from infocenter.core import permissions

from ..models import CoreAlarm, NetworkFault
from .common import get_scoped


def alarms_for(actor, *, site=None) -> QuerySet:
    qs = permissions.restrict(
        CoreAlarm.objects.select_related("room", "logged_by", "responded_by", "closed_by"),
        actor,
        "mr.view",
    )
    return qs.filter(site=site) if site is not None else qs


def get_alarm(actor, pk):
    return get_scoped(alarms_for(actor).select_related("site"), pk)


def faults_for(actor, *, site=None) -> QuerySet:
    qs = permissions.restrict(
        NetworkFault.objects.select_related("logged_by", "checked_by", "closed_by"),
        actor,
        "mr.view",
    )
    return qs.filter(site=site) if site is not None else qs


def get_fault(actor, pk):
    return get_scoped(faults_for(actor).select_related("site"), pk)
