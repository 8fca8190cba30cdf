"""Saved filters: a person names the current filter of a list page and picks
it again later. Personal settings, like marking notifications read: no audit event."""

from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import NotFound, ValidationFailed
from ..models import SavedFilter

# Parameters that are no part of a filter: the page number, the htmx and CSRF fields.
NOT_FILTERS = {"page", "csrfmiddlewaretoken", "_", "queue"}


def save_filter(actor, *, list_name: str, name: str, query: str) -> SavedFilter:
    """Save ``query`` (the list page's query string) as the actor's filter ``name`` of
    ``list_name``; a filter of the same name is replaced."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the filter a name."))
    query = urlencode([(k, v) for k, v in parse_qsl(query) if k not in NOT_FILTERS and v])
    with transaction.atomic(durable=True):
        saved, _created = SavedFilter.objects.update_or_create(
            owner=actor,
            list_name=list_name,
            name=name[:60],
            defaults={"query": query[:1000], "created_at": timezone.now()},
        )
        return saved


def delete_filter(actor, *, pk) -> str:
    """Remove one of the actor's own saved filters; another person's answers as missing.
    Returns the list it belonged to."""
    with transaction.atomic(durable=True):
        found = SavedFilter.objects.filter(owner=actor, pk=pk).first()
        if found is None:
            raise NotFound()
        found.delete()
        return found.list_name
