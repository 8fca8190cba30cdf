"""One filterset per list, shared by pages, API and exports (STYLE 8): the register page and
its Excel export (page and API) narrow the register with ``FormFilter`` as the form list of the
API does; a page ignores an invalid value, the API answers 400 naming the field."""

import django_filters
from django.db.models import Q

from infocenter.core.filtersets import period

from .choices import Priority
from .models import BatchProblem, Resident, ServiceForm, WorkOrder


class FormFilter(django_filters.FilterSet):
    received_after, received_before = period("received_at")
    phone = django_filters.CharFilter(field_name="reporter_phone", lookup_expr="startswith")

    class Meta:
        model = ServiceForm
        fields = ["site", "state", "category", "source", "major", "room"]


class OrderFilter(django_filters.FilterSet):
    dispatched_after, dispatched_before = period("dispatched_at")

    class Meta:
        model = WorkOrder
        fields = ["site", "state", "department", "assignee", "assistant", "form"]


class QueueFilter(django_filters.FilterSet):
    """The order queues (inbox, follow-up): by state and department, and urgent or major
    matters only (``urgent=true``)."""

    urgent = django_filters.BooleanFilter(method="_urgent")

    class Meta:
        model = WorkOrder
        fields = ["state", "department"]

    def _urgent(self, queryset, name, value):
        urgent = Q(form__priority=Priority.URGENT) | Q(form__major=True)
        if value is None:
            return queryset
        return queryset.filter(urgent) if value else queryset.exclude(urgent)


class ResidentFilter(django_filters.FilterSet):
    building = django_filters.NumberFilter(field_name="room__unit__building")

    class Meta:
        model = Resident
        fields = ["site", "kind", "room", "state"]


class MajorEventFilter(django_filters.FilterSet):
    """Major events (SD-15): by site and state, and by whether the written report and the
    leaders' instructions exist yet."""

    reported = django_filters.BooleanFilter(method="_has", field_name="major_report")
    instructed = django_filters.BooleanFilter(method="_has", field_name="instructions")

    class Meta:
        model = ServiceForm
        fields = ["site", "state"]

    def _has(self, queryset, name, value):
        return queryset.exclude(**{name: ""}) if value else queryset.filter(**{name: ""})


class ProblemFilter(django_filters.FilterSet):
    """SD-12: the corrections queue; ``mine`` keeps the reader's own problems."""

    mine = django_filters.BooleanFilter(method="_mine")

    class Meta:
        model = BatchProblem
        fields = ["site", "state", "batch", "form", "responsible"]

    def _mine(self, queryset, name, value):
        user = self.request.user if self.request else None
        if value is None or user is None:
            return queryset
        return queryset.filter(responsible=user) if value else queryset.exclude(responsible=user)
