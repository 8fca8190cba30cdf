"""IT-2: the endpoint registry's and the differences' filters, shared by the pages, the API and
the Excel export (STYLE 8)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.endpoints import Difference, Endpoint


class EndpointFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    registered = django_filters.BooleanFilter(
        field_name="registered_on", lookup_expr="isnull", exclude=True, label=_("registered")
    )
    retired = django_filters.BooleanFilter(
        field_name="retired_at", lookup_expr="isnull", exclude=True, label=_("retired")
    )

    class Meta:
        model = Endpoint
        fields = ["site", "department", "real_name_bound", "person", "equipment"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user_name__icontains=value)
            | Q(asset_tag__icontains=value)
            | Q(mac__icontains=value.upper())
            | Q(ip__startswith=value)
            | Q(location__icontains=value)
        )


class DifferenceFilter(django_filters.FilterSet):
    class Meta:
        model = Difference
        fields = ["site", "kind", "problem", "state", "owner"]
