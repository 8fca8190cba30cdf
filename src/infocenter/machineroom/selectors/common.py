"""What the machine room's selectors share."""

from django.db.models import QuerySet

from infocenter.core.exceptions import NotFound


def get_scoped(queryset: QuerySet, pk):
    """One record of an already scoped ``queryset``: the same 404 for missing and out of scope."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
