"""One filterset per register list, shared by its page, the API and the exports (STYLE 8): a
page ignores an invalid value, the API and its exports answer 400 naming the field."""

import django_filters
from django.db.models import Q

from infocenter.core.filtersets import period

from . import report
from .models import Contact, Document, Handover, PhoneCall, RegistryEntry


def _narrowed(condition):
    """A yes/no filter by ``condition`` (a Q or an Exists, shared with the report's figure):
    yes keeps the rows that meet it, no those that do not."""

    def method(queryset, name, value):
        if value is None:
            return queryset
        test = condition()
        return queryset.filter(test) if value else queryset.exclude(test)

    return method


class HandoverFilter(django_filters.FilterSet):
    handed_over_after, handed_over_before = period("handed_over_at")
    # LOG-1: taken over after the policy's minutes (the report's figure)
    late = django_filters.BooleanFilter(method=_narrowed(report.accepted_late))

    class Meta:
        model = Handover
        fields = ["site", "state", "outgoing", "incoming"]


class CallFilter(django_filters.FilterSet):
    occurred_after, occurred_before = period("occurred_at")
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith")
    # LOG-2: missed (returned since or not), and returned late or not at all (the report's)
    missed = django_filters.BooleanFilter(
        method=_narrowed(lambda: Q(state__in=report.MISSED_STATES))
    )
    call_back_late = django_filters.BooleanFilter(
        method=_narrowed(lambda: Q(state__in=report.MISSED_STATES) & Q(report.called_back_late()))
    )

    class Meta:
        model = PhoneCall
        fields = ["site", "direction", "state", "taken_by"]


class EntryFilter(django_filters.FilterSet):
    recorded_after, recorded_before = period("recorded_at")

    class Meta:
        model = RegistryEntry
        fields = ["site", "kind", "state", "department", "late", "channel"]


class ContactFilter(django_filters.FilterSet):
    class Meta:
        model = Contact
        fields = ["site", "category"]


class DocumentFilter(django_filters.FilterSet):
    class Meta:
        model = Document
        fields = ["site", "category"]
