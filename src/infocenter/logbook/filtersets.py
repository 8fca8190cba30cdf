"""One filterset per register list, shared by its page, the API and the exports (STYLE 8): a
page ignores an invalid value, the API and its exports answer 400 naming the field."""

import django_filters

from infocenter.core.filtersets import period

from .models import Contact, Document, Handover, PhoneCall, RegistryEntry


class HandoverFilter(django_filters.FilterSet):
    handed_over_after, handed_over_before = period("handed_over_at")

    class Meta:
        model = Handover
        fields = ["site", "state", "outgoing", "incoming"]


class CallFilter(django_filters.FilterSet):
    occurred_after, occurred_before = period("occurred_at")
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith")

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
