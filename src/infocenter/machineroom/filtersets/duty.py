"""The filters of the duty roster and its alerts (MR-1): the roster's page, print, Excel export and
API list take the same ``?start=``, ``?end=`` and ``?room=``; the alerts list ``?kind=`` and
``?open=``. A page ignores a value it does not know; the API answers 400 naming the field."""

import django_filters
import django_filters.rest_framework
from django.utils.translation import gettext_lazy as _

from infocenter.core.filtersets import IdFilter

from ..choices import DutyAlertKind
from ..models import DutyAlert, RosterDay

DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD.")}


class RosterFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        field_name="day", lookup_expr="gte", error_messages=DATE_ERRORS
    )
    end = django_filters.DateFilter(field_name="day", lookup_expr="lte", error_messages=DATE_ERRORS)
    room = IdFilter(field_name="room")

    class Meta:
        model = RosterDay
        fields = ["start", "end", "room"]


class DutyAlertFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DutyAlertKind.choices)
    # the API's widget: ``1``/``true`` narrow to the open ones, anything else lists all
    open = django_filters.rest_framework.BooleanFilter(
        method="still_open", help_text="1: only those still missing"
    )

    class Meta:
        model = DutyAlert
        fields = ["kind", "open"]

    def still_open(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=True) if value else queryset
