"""IT-2 in the API: the endpoint registry (list with the page's filters, create, update with a
version, retire, Excel export), the rates of a branch's sites, the reconciliation import and the
differences as tasks (resolve, reassign)."""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.excel import read_table
from infocenter.core.models import Department, User
from infocenter.core.rest import (
    ScopedField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    filter_strictly,
    requires,
    valid,
)
from infocenter.core.validators import is_number
from infocenter.core.web import XLSX

from ..exports import endpoints as exports
from ..filtersets.endpoints import DifferenceFilter, EndpointFilter
from ..models.endpoints import Difference, Endpoint, ListKind, Resolution
from ..selectors import endpoints as selectors
from ..services import endpoint_lists as lists
from ..services import endpoints as services

VIEW, KEEP = "sw.view", "sw.endpoints"


class EndpointOut(serializers.ModelSerializer):
    registered = serializers.BooleanField(read_only=True)

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "site",
            "department",
            "location",
            "user_name",
            "person",
            "asset_tag",
            "ip",
            "mac",
            "registered",
            "registered_on",
            "real_name_bound",
            "real_name_on",
            "equipment",
            "note",
            "retired_at",
            "retire_reason",
            "version",
        ]


def _text(max_length):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


class EndpointIn(serializers.Serializer):
    department = ScopedField(
        Department, core_selectors.departments_for, required=False, allow_null=True, default=None
    )
    location = _text(100)
    user_name = _text(50)
    person = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )
    asset_tag = _text(50)
    ip = _text(15)
    mac = _text(20)
    registered_on = serializers.DateField(required=False, allow_null=True, default=None)
    real_name_bound = serializers.BooleanField(default=False)
    real_name_on = serializers.DateField(required=False, allow_null=True, default=None)
    equipment = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = _text(200)


def _equipment(request, data):
    """The ledger line named by id, when the caller may see the machine room's ledger."""
    from infocenter.machineroom import selectors as mr  # noqa: PLC0415  (a domain call)

    pk = data.pop("equipment", None)
    data["equipment"] = mr.get_equipment(request.user, pk) if pk else None
    return data


class EndpointCreateIn(EndpointIn):
    site = serializers.IntegerField()


class EndpointUpdateIn(EndpointIn, VersionIn):
    pass


class EndpointRetireIn(VersionIn):
    reason = serializers.CharField(max_length=200)


class EndpointViewSet(
    StepActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """IT-2: the endpoint registry; filters ``site``, ``department``, ``registered``,
    ``real_name_bound``, ``retired``, ``person``, ``equipment``, ``q`` (user, tag, IP, MAC,
    location). Writes: ``create``, ``update`` (with ``version``), ``retire``."""

    serializer_class = EndpointOut
    permission_classes = [requires(VIEW)]
    filterset_class = EndpointFilter
    steps = {"retire": StepAction(services.retire_endpoint, EndpointRetireIn)}

    def get_queryset(self):
        return selectors.endpoints_for(self.request.user).order_by("site", "pk")

    @extend_schema(request=EndpointCreateIn, responses={201: EndpointOut})
    def create(self, request):
        data = _equipment(request, valid(EndpointCreateIn, request.data, request=request))
        site = core_selectors.get_site(request.user, data.pop("site"), KEEP)
        endpoint = services.add_endpoint(request.user, site=site, **data)
        return Response(EndpointOut(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndpointUpdateIn, responses=EndpointOut)
    def update(self, request, pk=None):
        endpoint = selectors.get_endpoint(request.user, pk)
        data = _equipment(request, valid(EndpointUpdateIn, request.data, request=request))
        return Response(EndpointOut(services.update_endpoint(request.user, endpoint, **data)).data)

    @extend_schema(responses={(200, XLSX): bytes})
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        rows = filter_strictly(EndpointFilter, request.query_params, self.get_queryset())
        response = HttpResponse(exports.endpoints_workbook(rows), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="endpoints.xlsx"'
        return response


class DifferenceOut(serializers.ModelSerializer):
    class Meta:
        model = Difference
        fields = [
            "id",
            "site",
            "kind",
            "problem",
            "endpoint",
            "theirs",
            "owner",
            "state",
            "opened_by",
            "closed_by",
            "resolution",
            "note",
            "resolved_at",
            "resolved_by",
            "version",
        ]


class DifferenceResolveIn(VersionIn):
    resolution = serializers.ChoiceField(choices=[r for r in Resolution.choices if r[0] != "gone"])
    note = _text(300)


class ReassignIn(VersionIn):
    owner = ScopedField(User, core_selectors.people_for)


class DifferenceViewSet(
    StepActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """IT-2: the differences found by the imports, each a task with an owner; filters ``site``,
    ``kind``, ``problem``, ``state``, ``owner``. Steps: ``resolve``, ``reassign``."""

    serializer_class = DifferenceOut
    permission_classes = [requires(VIEW)]
    filterset_class = DifferenceFilter
    steps = {
        "resolve": StepAction(lists.resolve_difference, DifferenceResolveIn),
        "reassign": StepAction(lists.reassign_difference, ReassignIn),
    }

    def get_queryset(self):
        return selectors.differences_for(self.request.user).order_by("site", "state", "pk")


class EndpointImportIn(serializers.Serializer):
    site = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ListKind.choices)
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


ImportOut = inline_serializer(
    "EndpointImportOut",
    {
        k: serializers.IntegerField()
        for k in ("rows", "matched", "missing", "unknown", "name", "new", "kept", "closing")
    },
)


@extend_schema(request={"multipart/form-data": EndpointImportIn}, responses={200: ImportOut})
@api_view(["POST"])
@permission_classes([requires(KEEP)])
def endpoint_import(request):
    """IT-2: the other side's list (.xlsx or .csv) read by the site's remembered columns and
    reconciled, all or nothing; a 400 lists every bad row (``rows``). ``dry_run`` previews."""
    data = valid(EndpointImportIn, request.data)
    site = core_selectors.get_site(request.user, data["site"], KEEP)
    header, lines = read_table(data["file"])
    rows = lists.rows_by_mapping(header, lines, lists.mapping_of(site, data["kind"]))
    summary = lists.import_list(
        request.user,
        site=site,
        kind=data["kind"],
        rows=rows,
        file_name=data["file"].name,
        dry_run=data["dry_run"],
    )
    return Response(summary)


class MappingIn(serializers.Serializer):
    site = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ListKind.choices)
    columns = serializers.DictField(child=serializers.CharField(allow_blank=True))


@extend_schema(request=MappingIn, responses={200: MappingIn})
@api_view(["GET", "PUT"])
@permission_classes([requires(KEEP)])
def endpoint_mapping(request):
    """IT-2: the remembered columns of a site's list (``GET ?site=&kind=``), or chosen (``PUT``)."""
    if request.method == "GET":
        site = core_selectors.get_site(request.user, request.query_params.get("site"), KEEP)
        kind = request.query_params.get("kind", ListKind.BACKEND)
        return Response({"site": site.pk, "kind": kind, "columns": lists.mapping_of(site, kind)})
    data = valid(MappingIn, request.data)
    site = core_selectors.get_site(request.user, data["site"], KEEP)
    mapping = lists.save_mapping(
        request.user, site=site, kind=data["kind"], columns=data["columns"]
    )
    return Response({"site": site.pk, "kind": mapping.kind, "columns": mapping.columns})


RatesOut = inline_serializer(
    "EndpointRatesOut",
    {
        "sites": serializers.ListField(child=serializers.DictField()),
        "total": serializers.DictField(),
        "history": serializers.ListField(child=serializers.DictField()),
    },
)


def _rates_json(rates, **extra) -> dict:
    return {
        **extra,
        "endpoints": rates.total,
        "registered": rates.registered,
        "real_name": rates.real_name,
        "registration_rate": rates.registration_rate,
        "real_name_rate": rates.real_name_rate,
    }


@extend_schema(
    parameters=[OpenApiParameter("branch", int), OpenApiParameter("days", int)],
    responses={200: RatesOut},
)
@api_view(["GET"])
@permission_classes([requires(VIEW)])
def endpoint_rates(request):
    """IT-2: the registration and real-name rates of each site the caller sees (of one
    ``branch``), their total against 100 %, and the total's daily history (``days``, 180)."""
    sites = core_selectors.sites_for(request.user, VIEW)
    if is_number(request.query_params.get("branch", "")):
        sites = sites.filter(branch_id=int(request.query_params["branch"]))
    days = request.query_params.get("days", "180")
    days = min(int(days), 3660) if is_number(days) else 180
    rows, whole = selectors.site_rates(request.user, sites=sites)
    history = selectors.rate_history(
        request.user,
        sites=[r.key.pk for r in rows],
        since=timezone.localdate() - dt.timedelta(days=days),
    )
    return Response(
        {
            "sites": [_rates_json(r, site=r.key.pk, name=r.label) for r in rows],
            "total": _rates_json(whole),
            "history": history,
        }
    )
