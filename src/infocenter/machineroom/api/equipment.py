"""The machine room's API for the equipment ledger (MR-13, MR-10): ledger lines with corrections,
disposal, damage/loss/consumption reports and the Excel import and export; procurement records."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid
from infocenter.core.web import xlsx_response

from .. import selectors
from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus
from ..exports import equipment as equipment_excel
from ..filtersets.equipment import EquipmentFilter, EquipmentReportFilter
from ..models import (
    Equipment,
    EquipmentReport,
    MachineRoom,
    Procurement,
    ProcurementLine,
)
from ..rules.equipment import LedgerLine, PurchaseLine
from ..services import equipment
from .common import SITE, Scope, SiteRecords, create_on_site, created, optional_text, site_for


class EquipmentOut(serializers.ModelSerializer):
    available = serializers.IntegerField(read_only=True)

    class Meta:
        model = Equipment
        fields = [
            "id",
            "site",
            "category",
            "name",
            "model",
            "serial",
            "quantity",
            "unit",
            "lent",
            "available",
            "status",
            "room",
            "location",
            "antistatic",
            "custodian",
            "purchased_on",
            "supplier",
            "warranty_until",
            "note",
            "disposed_at",
            "disposal_reason",
            "version",
        ]


class LineIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=EquipmentCategory.choices)
    name = serializers.CharField(max_length=100)
    model = optional_text(max_length=100)
    serial = optional_text(max_length=100)
    quantity = serializers.IntegerField(min_value=0, default=1)
    unit = optional_text(max_length=10)
    status = serializers.ChoiceField(
        choices=EquipmentStatus.choices,
        default=EquipmentStatus.SPARE,
        help_text="in_use, spare or damaged; on_loan and disposed come from their steps",
    )
    room = ScopedField(
        MachineRoom, selectors.rooms_for, required=False, allow_null=True, default=None
    )
    location = optional_text(max_length=120)
    antistatic = serializers.BooleanField(default=False)
    custodian = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )
    purchased_on = serializers.DateField(required=False, allow_null=True, default=None)
    supplier = optional_text(max_length=100)
    warranty_until = serializers.DateField(required=False, allow_null=True, default=None)
    note = optional_text(max_length=300)


class EquipmentIn(LineIn):
    site = serializers.IntegerField()

    def validate(self, data):
        """The site apart, and the rest as the ledger line (``add_equipment``)."""
        site = data.pop("site")
        return {"site": site, "line": LedgerLine(**data)}


class EquipmentUpdateIn(VersionIn, LineIn):
    def validate(self, data):
        """The version apart, and the rest as the ledger line (``update_equipment``)."""
        version = data.pop("version")
        return {"version": version, "line": LedgerLine(**data)}


class DisposeIn(VersionIn):
    reason = serializers.CharField()


class EquipmentReportIn(VersionIn):
    kind = serializers.ChoiceField(choices=EquipmentReportKind.choices)
    quantity = serializers.IntegerField(min_value=1, default=1)
    responsible = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )
    responsible_name = optional_text(max_length=100)
    description = serializers.CharField()
    happened_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    storage = optional_text(max_length=120)


class EquipmentReportOut(serializers.ModelSerializer):
    class Meta:
        model = EquipmentReport
        fields = [
            "id",
            "site",
            "kind",
            "equipment",
            "quantity",
            "responsible",
            "responsible_name",
            "description",
            "happened_at",
            "storage",
            "loan",
            "damaged_line",
            "reported_by",
            "reported_at",
        ]


class EquipmentImportIn(serializers.Serializer):
    site = serializers.IntegerField()
    file = serializers.FileField()


class EquipmentViewSet(SiteRecords):
    """The equipment ledger (MR-13): filters ``site``, ``status``, ``category``, ``room``, ``q``
    (name, model or serial). Writes: ``create``, ``update`` (with ``version``), ``dispose`` (the
    head), ``report`` (damage, loss, consumption), ``import`` (Excel, all or nothing), ``export``
    (Excel)."""

    serializer_class = EquipmentOut
    filterset_class = EquipmentFilter
    scope = Scope(
        selectors.equipment_for, selectors.get_equipment, ("category", "name", "model", "id")
    )
    steps = {"dispose": StepAction(equipment.dispose_equipment, DisposeIn)}

    @extend_schema(request=EquipmentIn, responses={201: EquipmentOut})
    def create(self, request):
        return create_on_site(
            request, EquipmentIn, EquipmentOut, equipment.add_equipment, "mr.ledger"
        )

    @extend_schema(request=EquipmentUpdateIn, responses=EquipmentOut)
    def update(self, request, pk=None):
        item = self.get_step_record(pk)
        data = valid(EquipmentUpdateIn, request.data, request=request)
        return Response(EquipmentOut(equipment.update_equipment(request.user, item, **data)).data)

    # Not in ``steps``: it answers the report made, not the ledger line.
    @extend_schema(request=EquipmentReportIn, responses={201: EquipmentReportOut})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        item = self.get_step_record(pk)
        data = valid(EquipmentReportIn, request.data, request=request)
        return created(EquipmentReportOut, equipment.report_equipment(request.user, item, **data))

    @extend_schema(
        request={"multipart/form-data": EquipmentImportIn}, responses={201: EquipmentOut(many=True)}
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """An Excel file, all or nothing: a 400 lists every bad row (``rows``) and imports none."""
        data = valid(EquipmentImportIn, request.data)
        site = core_selectors.get_site(request.user, data["site"], "mr.ledger")
        created = equipment.import_equipment(
            request.user, site=site, rows=equipment_excel.read_ledger(data["file"])
        )
        return Response(EquipmentOut(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[SITE], responses={(200, "application/octet-stream"): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The site's ledger (filtered as the list) as .xlsx, in the import's columns."""
        site = site_for(request)
        rows = self.filter_queryset(self.get_queryset()).filter(site=site)
        return xlsx_response(
            equipment_excel.ledger_workbook(rows, title=site.name), f"equipment-{site.code}"
        )


class EquipmentReportViewSet(SiteRecords):
    """Damage, loss and consumption reports (MR-13); made through ``equipment/{id}/report/``."""

    serializer_class = EquipmentReportOut
    filterset_class = EquipmentReportFilter
    scope = Scope(selectors.equipment_reports_for, ordering=("-reported_at", "-id"))


class ProcurementLineOut(serializers.ModelSerializer):
    name = serializers.CharField(source="equipment.__str__", read_only=True)

    class Meta:
        model = ProcurementLine
        fields = ["equipment", "name", "quantity", "unit_price"]


class ProcurementOut(serializers.ModelSerializer):
    lines = ProcurementLineOut(many=True, read_only=True)

    class Meta:
        model = Procurement
        fields = [
            "id",
            "site",
            "supplier",
            "purchased_on",
            "reference",
            "received_by",
            "note",
            "lines",
            "recorded_by",
            "recorded_at",
        ]


class PurchaseLineIn(serializers.Serializer):
    into = serializers.IntegerField(required=False, allow_null=True, default=None)
    category = serializers.ChoiceField(
        choices=EquipmentCategory.choices, required=False, default=""
    )
    name = optional_text(max_length=100)
    model = optional_text(max_length=100)
    serial = optional_text(max_length=100)
    unit = optional_text(max_length=10)
    location = optional_text(max_length=120)
    quantity = serializers.IntegerField(min_value=1)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class ProcurementIn(serializers.Serializer):
    site = serializers.IntegerField()
    supplier = serializers.CharField(max_length=100)
    purchased_on = serializers.DateField()
    reference = optional_text(max_length=60)
    received_by = ScopedField(User, core_selectors.people_for)
    note = optional_text()
    lines = PurchaseLineIn(many=True)


def _purchase_line(request, line: dict) -> PurchaseLine:
    into = selectors.get_equipment(request.user, line["into"]) if line["into"] else None
    return PurchaseLine.of(**line | {"into": into})


class ProcurementViewSet(SiteRecords):
    """Procurement records (MR-13). ``create``: supplier, date, reference, who received, and lines
    that either add to an existing counted ledger line (``into``) or enter new ledger lines."""

    serializer_class = ProcurementOut
    scope = Scope(
        selectors.procurements_for,
        ordering=("-purchased_on", "-id"),
        prefetch=("lines__equipment",),
    )

    @extend_schema(request=ProcurementIn, responses={201: ProcurementOut})
    def create(self, request):
        data = valid(ProcurementIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        data["lines"] = [_purchase_line(request, line) for line in data["lines"]]
        return created(
            ProcurementOut, equipment.record_procurement(request.user, site=site, **data)
        )
