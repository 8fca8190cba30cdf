"""What the machine room's selectors share."""

from django.db.models import QuerySet

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound


def get_scoped(queryset: QuerySet, pk):
    """One record of an already scoped ``queryset``: the same 404 for missing and out of scope."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def viewable(
    queryset: QuerySet,
    actor,
    *,
    site=None,
    action: str = "mr.view",
    site_field: str = "site",
) -> QuerySet:
    """``queryset`` narrowed to the rows ``actor`` may see for ``action``, and to ``site``'s rows
    when one is given (``site_field`` names the path to a row's site)."""
    qs = permissions.restrict(queryset, actor, action, site_field=site_field)
    return qs.filter(**{site_field: site}) if site is not None else qs
