"""What filtersets of every app share."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

ID_MAX = 2**63 - 1  # the largest id either database holds (a bigint)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A record's id in a query: a whole number from 1 to the largest id, or a clear 400 (a
    number past what the database holds would otherwise fail inside it)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


def period(field_name: str) -> tuple[django_filters.Filter, django_filters.Filter]:
    """The two filters of a list by a moment: from (``>=``) and before (``<``), ISO date-times:
    ``occurred_after, occurred_before = period("occurred_at")``."""
    return (
        django_filters.IsoDateTimeFilter(field_name=field_name, lookup_expr="gte"),
        django_filters.IsoDateTimeFilter(field_name=field_name, lookup_expr="lt"),
    )
