"""The residents register (业户) over the API (LOG-4): search, add, correct, move out, merge,
a flat's history, the Excel import (``dry_run`` previews) and export, and intake's room look-up."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.models import Room
from infocenter.core.rest import ScopedField, VersionIn, create_on_site, filter_strictly, valid
from infocenter.core.web import XLSX, xlsx_response

from .. import exports, selectors, services
from ..choices import ReporterKind
from ..filtersets import ResidentFilter
from ..models import Resident

SITE = OpenApiParameter("site", int, required=True)


class ResidentOut(serializers.ModelSerializer):
    room_label = serializers.CharField(source="room", default="", allow_null=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "site",
            "name",
            "kind",
            "phone",
            "phone2",
            "room",
            "room_label",
            "note",
            "state",
            "moved_in_on",
            "moved_out_on",
            "merged_into",
            "version",
        ]


class ResidentFields(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20)
    phone2 = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ReporterKind.choices, default=ReporterKind.OWNER)
    room = ScopedField(
        Room, core_selectors.rooms_for, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    moved_in_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResidentIn(ResidentFields):
    site = serializers.IntegerField()


class ResidentUpdateIn(ResidentFields, VersionIn):
    pass


class ResidentMoveOutIn(VersionIn):
    moved_out_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResidentMergeIn(VersionIn):
    into = serializers.IntegerField(help_text="the resident kept")
    into_version = serializers.IntegerField()


class ResidentImportIn(serializers.Serializer):
    site = serializers.IntegerField()
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


ImportOut = inline_serializer(
    "ResidentImportOut",
    {
        "rows": serializers.IntegerField(),
        "new": serializers.IntegerField(),
        "present": serializers.IntegerField(),
        "imported": serializers.IntegerField(),
        "preview": ResidentFields(many=True),
    },
)

HistoryOut = inline_serializer(
    "ResidentHistoryOut",
    {
        "flat": ResidentOut(many=True),
        "events": serializers.ListField(child=serializers.DictField()),
    },
)


class RoomLookupOut(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(source="__str__")
    building = serializers.IntegerField(source="unit.building_id")
    unit = serializers.IntegerField(source="unit_id")
    number = serializers.CharField()
    residents = ResidentOut(source="current_residents", many=True)


class ResidentViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The residents register (业户), searchable with ``q`` by phone, name, pinyin, initials or
    address ("3-1-1201", "3栋1201"); ``state`` narrows to current, moved_out or merged."""

    serializer_class = ResidentOut
    filterset_class = ResidentFilter

    def get_queryset(self):
        return selectors.residents_for(self.request.user, q=self.request.query_params.get("q", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ResidentIn, responses={201: ResidentOut})
    def create(self, request):
        return create_on_site(request, ResidentIn, ResidentOut, services.add_resident)

    @extend_schema(request=ResidentUpdateIn, responses=ResidentOut)
    def update(self, request, pk=None):
        resident = selectors.get_resident(request.user, pk)
        data = valid(ResidentUpdateIn, request.data, request=request)
        return Response(ResidentOut(services.update_resident(request.user, resident, **data)).data)

    @extend_schema(request=ResidentMoveOutIn, responses=ResidentOut)
    @action(detail=True, methods=["post"], url_path="move-out")
    def move_out(self, request, pk=None):
        """The resident leaves the flat; kept in the flat's history with the date."""
        resident = selectors.get_resident(request.user, pk)
        data = valid(ResidentMoveOutIn, request.data)
        return Response(
            ResidentOut(services.move_out_resident(request.user, resident, **data)).data
        )

    @extend_schema(request=ResidentMergeIn, responses=ResidentOut)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """This resident is a duplicate of ``into``: merged into it; answers the kept one."""
        duplicate = selectors.get_resident(request.user, pk)
        data = valid(ResidentMergeIn, request.data)
        into = selectors.get_resident(request.user, data.pop("into"))
        kept = services.merge_residents(request.user, duplicate, into=into, **data)
        return Response(ResidentOut(kept).data)

    @extend_schema(responses=HistoryOut)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The flat's residents, present and past, and this resident's recorded changes."""
        resident = selectors.get_resident(request.user, pk)
        return Response(
            {
                "flat": ResidentOut(selectors.flat_history(resident), many=True).data,
                "events": [
                    {"kind": e.kind, "at": e.occurred_at, "actor": e.actor_name, "data": e.data}
                    for e in core_selectors.timeline(resident)
                ],
            }
        )

    @extend_schema(
        request={"multipart/form-data": ResidentImportIn},
        responses={200: ImportOut, 201: ImportOut},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """An Excel file, all or nothing: a 400 lists every bad row (``rows``: row, column,
        reason) and imports none. ``dry_run`` checks and previews (200) without importing."""
        data = valid(ResidentImportIn, request.data)
        site = core_selectors.get_site(request.user, data["site"], "sd.view")
        checked = services.import_residents(
            request.user,
            site=site,
            rows=exports.read_residents(data["file"]),
            dry_run=data["dry_run"],
        )
        return Response(
            import_summary(checked, imported=not data["dry_run"]),
            status=status.HTTP_200_OK if data["dry_run"] else status.HTTP_201_CREATED,
        )

    @extend_schema(parameters=[SITE, OpenApiParameter("q", str)], responses={(200, XLSX): bytes})
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        """residents.xlsx of a site in the import's columns (narrowed like the list)."""
        site = core_selectors.get_site(request.user, request.query_params.get("site"), "sd.view")
        rows = filter_strictly(
            ResidentFilter,
            request.query_params,
            selectors.residents_for(request.user, site=site, q=request.query_params.get("q", "")),
        )
        return xlsx_response(exports.residents_workbook(rows), "residents")


def import_summary(checked: dict, *, imported: bool) -> dict:
    """What an import checked or did: rows read, new, already present, and a preview."""
    return {
        "rows": checked["rows"],
        "new": len(checked["new"]),
        "present": checked["present"],
        "imported": len(checked["new"]) if imported else 0,
        "preview": [{**values, "room": values["room_id"]} for values in checked["new"][:20]],
    }


@extend_schema(
    parameters=[SITE, OpenApiParameter("q", str, required=True)], responses=RoomLookupOut(many=True)
)
@api_view(["GET"])
def rooms_lookup(request):
    """Intake's room look-up: rooms of a site whose address begins as typed ("3-1-1201",
    "3栋1201", "3栋1单元12"), each with its current residents; at most 10."""
    site = core_selectors.get_site(request.user, request.query_params.get("site"), "sd.view")
    rooms = selectors.rooms_matching(request.user, request.query_params.get("q", ""), site=site)
    return Response(RoomLookupOut(rooms, many=True).data)
