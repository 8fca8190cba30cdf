"""What every machine-room endpoint shares: validation, the ?site= parameter, the viewset of a
site's records (``SiteRecords``) and the answer to a ``create`` (``created``, ``create_on_site``,
from ``core.rest``)."""

from collections.abc import Callable
from dataclasses import dataclass

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import StepActionsMixin, valid
from infocenter.core.rest import create_on_site as create_on_site  # for this package's modules
from infocenter.core.rest import created as created  # for this package's modules

SITE = OpenApiParameter("site", int, required=True)
PEOPLE = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=False)


def site_for(request, action: str = "mr.view"):
    raw = request.query_params.get("site")
    if raw in (None, ""):
        raise serializers.ValidationError({"site": ["This field is required."]})
    return core_selectors.get_site(request.user, raw, action)


def of_site(request, qs):
    """A list narrowed to ``?site=`` when it is given: one of the caller's sites (another is a
    404, like a site that does not exist)."""
    return qs.filter(site=site_for(request)) if request.query_params.get("site") else qs


# A list viewset's ``?site=`` (``of_site``) in its schema; its filterset documents the rest.
SITE_OF_LIST = extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("site", int)]))


@dataclass(frozen=True)
class Scope:
    """Where a viewset's records come from: ``records(user)`` lists the caller's, ``one(user,
    pk)`` reads one of them (a 404 out of reach); the list is ordered by ``ordering`` (else as
    the selector orders it) and ``prefetch``es what its rows show."""

    records: Callable
    one: Callable | None = None
    ordering: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()


class SiteRecords(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only viewset of a site's records, narrowed to ``?site=`` (``of_site``), whose
    workflow steps (``steps``) act on the record ``scope.one`` reads."""

    scope: Scope

    def get_queryset(self):
        rows = of_site(self.request, self.scope.records(self.request.user))
        if self.scope.prefetch:
            rows = rows.prefetch_related(*self.scope.prefetch)
        return rows.order_by(*self.scope.ordering) if self.scope.ordering else rows

    def get_step_record(self, pk):
        return self.scope.one(self.request.user, pk)


def create_under(
    request, serializer_in, serializer_out, service: Callable, *, parent: str, get: Callable
):
    """A ``create`` whose body names the record it is made under (``parent``, an id): the body
    validated, the parent read by ``get`` as one the caller may see (404 otherwise), then
    ``service(actor, **data)`` answered with 201."""
    data = valid(serializer_in, request.data, request=request)
    data[parent] = get(request.user, data[parent])
    return created(serializer_out, service(request.user, **data))


def optional_text(**kwargs):
    """A text that may be left out or empty (then "")."""
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


# -- keys, credentials and security reports (MR-4, MR-12) ----------------------------------------

SECRET_WORDS = ("password", "passwd", "pwd", "secret", "token", "passphrase", "口令", "密码")


class NoSecretsIn(serializers.Serializer):
    """Refuses, by name, any field that would carry a password or secret (MR-12): the register
    keeps accounts and dates, never what opens them."""

    def to_internal_value(self, data):
        found = [
            k
            for k in getattr(data, "keys", lambda: [])()
            if any(w in str(k).lower() for w in SECRET_WORDS)
        ]
        if found:
            raise serializers.ValidationError(
                {k: ["This system never stores passwords or secrets (MR-12)."] for k in found}
            )
        return super().to_internal_value(data)
