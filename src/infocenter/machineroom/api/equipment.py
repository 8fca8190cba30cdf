"""The machine room's API for the equipment ledger (MR-13, MR-10): ledger lines with corrections,
disposal, damage/loss/consumption reports and the Excel import and export; loans with the head's
approval, hand-out and return; procurement records."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import VersionIn, valid
from infocenter.core.web import xlsx_response

from .. import equipment_excel, selectors
from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus, LoanState
from ..models import (
    Equipment,
    EquipmentReport,
    Loan,
    LoanLine,
    MachineRoom,
    Procurement,
    ProcurementLine,
)
from ..services import equipment, loans
from .common import SITE, STAFF, filtered, site_for

ROOMS = MachineRoom.objects.all()


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


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
    model = _text(max_length=100)
    serial = _text(max_length=100)
    quantity = serializers.IntegerField(min_value=0, default=1)
    unit = _text(max_length=10)
    status = serializers.ChoiceField(
        choices=EquipmentStatus.choices,
        default=EquipmentStatus.SPARE,
        help_text="in_use, spare or damaged; on_loan and disposed come from their steps",
    )
    room = serializers.PrimaryKeyRelatedField(
        queryset=ROOMS, required=False, allow_null=True, default=None
    )
    location = _text(max_length=120)
    antistatic = serializers.BooleanField(default=False)
    custodian = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )
    purchased_on = serializers.DateField(required=False, allow_null=True, default=None)
    supplier = _text(max_length=100)
    warranty_until = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text(max_length=300)


class EquipmentIn(LineIn):
    site = serializers.IntegerField()


class EquipmentUpdateIn(VersionIn, LineIn):
    pass


class DisposeIn(VersionIn):
    reason = serializers.CharField()


class EquipmentReportIn(VersionIn):
    kind = serializers.ChoiceField(choices=EquipmentReportKind.choices)
    quantity = serializers.IntegerField(min_value=1, default=1)
    responsible = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )
    responsible_name = _text(max_length=100)
    description = serializers.CharField()
    happened_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    storage = _text(max_length=120)


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


class EquipmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The equipment ledger (MR-13): filters ``site``, ``status``, ``category``, ``q`` (name, model or
    serial). Writes: ``create``, ``update`` (with ``version``), ``dispose`` (the head), ``report``
    (damage, loss, consumption), ``import`` (Excel, all or nothing), ``export`` (Excel)."""

    serializer_class = EquipmentOut

    def get_queryset(self):
        qs = filtered(
            self.request,
            selectors.equipment_for(self.request.user, q=self.request.query_params.get("q", "")),
            status=EquipmentStatus,
            category=EquipmentCategory,
        )
        return qs.order_by("category", "name", "model", "id")

    @extend_schema(request=EquipmentIn, responses={201: EquipmentOut})
    def create(self, request):
        data = valid(EquipmentIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        return Response(
            EquipmentOut(equipment.add_equipment(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=EquipmentUpdateIn, responses=EquipmentOut)
    def update(self, request, pk=None):
        item = selectors.get_equipment(request.user, pk)
        return Response(
            EquipmentOut(
                equipment.update_equipment(
                    request.user, item, **valid(EquipmentUpdateIn, request.data)
                )
            ).data
        )

    @extend_schema(request=DisposeIn, responses=EquipmentOut)
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        item = selectors.get_equipment(request.user, pk)
        return Response(
            EquipmentOut(
                equipment.dispose_equipment(request.user, item, **valid(DisposeIn, request.data))
            ).data
        )

    @extend_schema(request=EquipmentReportIn, responses={201: EquipmentReportOut})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        item = selectors.get_equipment(request.user, pk)
        report = equipment.report_equipment(
            request.user, item, **valid(EquipmentReportIn, request.data)
        )
        return Response(EquipmentReportOut(report).data, status=status.HTTP_201_CREATED)

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
        rows = self.get_queryset().filter(site=site)
        return xlsx_response(
            equipment_excel.ledger_workbook(rows, title=site.name), f"equipment-{site.code}"
        )


class EquipmentReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Damage, loss and consumption reports (MR-13); made through ``equipment/{id}/report/``."""

    serializer_class = EquipmentReportOut

    def get_queryset(self):
        return filtered(
            self.request,
            selectors.equipment_reports_for(self.request.user),
            kind=EquipmentReportKind,
        ).order_by("-reported_at", "-id")


# -- loans --------------------------------------------------------------------------------------


class LoanLineOut(serializers.ModelSerializer):
    name = serializers.CharField(source="equipment.__str__", read_only=True)

    class Meta:
        model = LoanLine
        fields = ["equipment", "name", "quantity"]


class LoanOut(serializers.ModelSerializer):
    lines = LoanLineOut(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "site",
            "serial",
            "state",
            "overdue",
            "borrower",
            "borrower_name",
            "organisation",
            "phone",
            "purpose",
            "due_on",
            "lines",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "handed_out_by",
            "handed_out_at",
            "returned_at",
            "received_by",
            "return_note",
            "version",
        ]

    def get_overdue(self, loan) -> bool:
        return loans.is_overdue(loan)


class LoanLineIn(serializers.Serializer):
    equipment = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, default=1)


class LoanIn(serializers.Serializer):
    site = serializers.IntegerField()
    borrower = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )
    borrower_name = _text(max_length=60)
    organisation = _text(max_length=100)
    phone = _text(max_length=20)
    purpose = serializers.CharField()
    due_on = serializers.DateField()
    lines = LoanLineIn(many=True)


class LoanNoteIn(VersionIn):
    note = _text()


class LoanReturnIn(VersionIn):
    note = _text()
    damaged = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    storage = _text(max_length=120)
    damage = _text()


class LoanViewSet(viewsets.ReadOnlyModelViewSet):
    """Loans (MR-13), the overdue first (filters ``site``, ``state``). ``create`` records a loan
    asked for; the head ``approve``s or ``refuse``s (reason); the desk ``hand_out``s (status on
    loan, a clock to the due date), takes it back (``return``, damaged items → damage reports)
    or ``cancel``s."""

    serializer_class = LoanOut

    def get_queryset(self):
        qs = filtered(self.request, selectors.loans_for(self.request.user), state=LoanState)
        return qs.prefetch_related("lines__equipment")

    @extend_schema(request=LoanIn, responses={201: LoanOut})
    def create(self, request):
        data = valid(LoanIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        data["lines"] = [
            (selectors.get_equipment(request.user, line["equipment"]), line["quantity"])
            for line in data["lines"]
        ]
        return Response(
            LoanOut(loans.request_loan(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service, serializer_class):
        loan = service(
            request.user,
            selectors.get_loan(request.user, pk),
            **valid(serializer_class, request.data),
        )
        return Response(LoanOut(selectors.get_loan(request.user, loan.pk)).data)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, loans.approve_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, pk, loans.refuse_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def hand_out(self, request, pk=None):
        return self._step(request, pk, loans.hand_out_loan, LoanNoteIn)

    @extend_schema(request=LoanNoteIn, responses=LoanOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, loans.cancel_loan, LoanNoteIn)

    @extend_schema(request=LoanReturnIn, responses=LoanOut)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def give_back(self, request, pk=None):
        loan = selectors.get_loan(request.user, pk)
        data = valid(LoanReturnIn, request.data)
        items = {
            line.equipment_id: line.equipment for line in loan.lines.select_related("equipment")
        }
        missing = [pk for pk in data["damaged"] if pk not in items]
        if missing:
            raise serializers.ValidationError(
                {"damaged": [_("Choose among the items of this loan.")]}
            )
        data["damaged"] = [items[pk] for pk in data["damaged"]]
        loans.return_loan(request.user, loan, **data)
        return Response(LoanOut(selectors.get_loan(request.user, loan.pk)).data)


# -- procurement --------------------------------------------------------------------------------


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
    name = _text(max_length=100)
    model = _text(max_length=100)
    serial = _text(max_length=100)
    unit = _text(max_length=10)
    location = _text(max_length=120)
    quantity = serializers.IntegerField(min_value=1)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class ProcurementIn(serializers.Serializer):
    site = serializers.IntegerField()
    supplier = serializers.CharField(max_length=100)
    purchased_on = serializers.DateField()
    reference = _text(max_length=60)
    received_by = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    note = _text()
    lines = PurchaseLineIn(many=True)


def _purchase_line(request, line: dict) -> dict:
    into = selectors.get_equipment(request.user, line["into"]) if line["into"] else None
    values = equipment.line_values(
        category=line["category"],
        name=line["name"],
        model=line["model"],
        serial=line["serial"],
        unit=line["unit"],
        location=line["location"],
    )
    return {
        "into": into,
        "quantity": line["quantity"],
        "unit_price": line["unit_price"],
        "values": values,
    }


class ProcurementViewSet(viewsets.ReadOnlyModelViewSet):
    """Procurement records (MR-13). ``create``: supplier, date, reference, who received, and lines
    that either add to an existing counted ledger line (``into``) or enter new ledger lines."""

    serializer_class = ProcurementOut

    def get_queryset(self):
        return (
            filtered(self.request, selectors.procurements_for(self.request.user))
            .prefetch_related("lines__equipment")
            .order_by("-purchased_on", "-id")
        )

    @extend_schema(request=ProcurementIn, responses={201: ProcurementOut})
    def create(self, request):
        data = valid(ProcurementIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.ledger")
        data["lines"] = [_purchase_line(request, line) for line in data["lines"]]
        return Response(
            ProcurementOut(equipment.record_procurement(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )
