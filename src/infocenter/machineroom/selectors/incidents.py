"""Scoped reads of core-device alarms and network faults (MR-9)."""

from django.db.models import QuerySet

from ..models import CoreAlarm, NetworkFault
from .common import get_scoped, viewable


def alarms_for(actor, *, site=None) -> QuerySet:
    return viewable(
        CoreAlarm.objects.select_related("room", "logged_by", "responded_by", "closed_by"),
        actor,
        site=site,
    )


def get_alarm(actor, pk):
    return get_scoped(alarms_for(actor).select_related("site"), pk)


def faults_for(actor, *, site=None) -> QuerySet:
    return viewable(
        NetworkFault.objects.select_related("logged_by", "checked_by", "closed_by"),
        actor,
        site=site,
    )


def get_fault(actor, pk):
    return get_scoped(faults_for(actor).select_related("site"), pk)
