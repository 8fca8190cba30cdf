"""The filters of the equipment ledger and its reports (MR-13): the ledger page, its print, its
Excel export and the API's list and export take the same ``?status=``, ``?category=``,
``?room=`` and ``?q=`` (name, model or serial); the reports page and the API's list the same
``?kind=``. A page ignores a value it does not know; the API answers 400 naming the field."""

import django_filters
from django.db.models import Q

from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus
from ..models import Equipment, EquipmentReport, MachineRoom
from ..selectors import rooms_for
from .common import choices_filter


def _rooms(request):
    """The rooms the caller may see (another's room is not a choice)."""
    return rooms_for(request.user) if request is not None else MachineRoom.objects.none()


class EquipmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=EquipmentStatus.choices)
    category = django_filters.ChoiceFilter(choices=EquipmentCategory.choices)
    room = django_filters.ModelChoiceFilter(queryset=_rooms)
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = Equipment
        fields = ["status", "category", "room", "q"]

    def search(self, queryset, name, value):
        """Name, model or serial number containing ``value``."""
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(model__icontains=value) | Q(serial__icontains=value)
        )


EquipmentReportFilter = choices_filter(
    "EquipmentReportFilter", EquipmentReport, kind=EquipmentReportKind
)
