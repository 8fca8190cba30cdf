"""One filterset per register list, shared by its page, the API and the exports (STYLE 8): a
page ignores an invalid value, the API and its exports answer 400 naming the field."""

import django_filters

from .models import Contact, Document, Handover, PhoneCall, RegistryEntry


class HandoverFilter(django_filters.FilterSet):
    handed_over_after = django_filters.IsoDateTimeFilter(
        field_name="handed_over_at", lookup_expr="gte"
    )
    handed_over_before = django_filters.IsoDateTimeFilter(
        field_name="handed_over_at", lookup_expr="lt"
    )

    class Meta:
        model = Handover
        fields = ["site", "state", "outgoing", "incoming"]


class CallFilter(django_filters.FilterSet):
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith")

    class Meta:
        model = PhoneCall
        fields = ["site", "direction", "state", "taken_by"]


class EntryFilter(django_filters.FilterSet):
    recorded_after = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte")
    recorded_before = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="lt")

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
