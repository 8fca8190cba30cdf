"""What filtersets of every app share."""

import django_filters


def period(field_name: str) -> tuple[django_filters.Filter, django_filters.Filter]:
    """The two filters of a list by a moment: from (``>=``) and before (``<``), ISO date-times:
    ``occurred_after, occurred_before = period("occurred_at")``."""
    return (
        django_filters.IsoDateTimeFilter(field_name=field_name, lookup_expr="gte"),
        django_filters.IsoDateTimeFilter(field_name=field_name, lookup_expr="lt"),
    )
