"""Scoped reads of the equipment ledger, procurement and reports (MR-13, MR-10)."""

from django.db.models import Count, Q, QuerySet

from infocenter.core.search import Query

from ..models import Equipment, EquipmentReport, Procurement
from .common import get_scoped, viewable


def equipment_for(actor, *, site=None, status: str = "") -> QuerySet:
    """Ledger lines the actor may see (of ``site``, in ``status``); the lists narrow them with
    ``filtersets.equipment.EquipmentFilter``."""
    qs = viewable(Equipment.objects.select_related("room", "custodian"), actor, site=site)
    return qs.filter(status=status) if status else qs


def equipment_counts(actor, *, site) -> dict[str, int]:
    """How many ledger lines of the site are in each status (one grouped query)."""
    rows = equipment_for(actor, site=site).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def get_equipment(actor, pk):
    return get_scoped(equipment_for(actor).select_related("site"), pk)


def procurements_for(actor, *, site=None) -> QuerySet:
    return viewable(
        Procurement.objects.select_related("received_by", "recorded_by"), actor, site=site
    )


def get_procurement(actor, pk):
    return get_scoped(procurements_for(actor).select_related("site"), pk)


def equipment_reports_for(actor, *, site=None) -> QuerySet:
    return viewable(
        EquipmentReport.objects.select_related("equipment", "responsible", "reported_by", "loan"),
        actor,
        site=site,
    )


def get_equipment_report(actor, pk):
    return get_scoped(equipment_reports_for(actor), pk)


def equipment_matching(actor, query: Query) -> QuerySet:
    """The search box's ledger lines: the maker's serial number exactly, or the name or model."""
    qs = equipment_for(actor)
    if query.digits and not query.is_full_phone:
        return qs.filter(serial=query.text)
    return qs.filter(
        Q(serial=query.text) | Q(name__contains=query.text) | Q(model__contains=query.text)
    )
