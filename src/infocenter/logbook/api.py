"""REST API of the control-room registers (X-7): handovers, the phone log, the information
registry with its "now" search, whereabouts, the contact directory (with import) and the
reference library. Each workflow step is an action; writes go through ``services``."""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core import handover
from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.models import Building, Department, User
from infocenter.core.rest import VersionIn, valid
from infocenter.servicedesk.choices import Category, Priority
from infocenter.servicedesk.models import Resident

from . import exports, selectors, services
from .choices import (
    CallDirection,
    ContactCategory,
    DocumentCategory,
    EntryKind,
    ReportChannel,
    WhereaboutsStatus,
)
from .filtersets import CallFilter, ContactFilter, DocumentFilter, EntryFilter, HandoverFilter
from .models import (
    Contact,
    Document,
    DocumentVersion,
    Handover,
    LogbookPolicy,
    PhoneCall,
    RegistryEntry,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SITE = OpenApiParameter("site", int, required=True)


def _site(request, data: dict | None = None, action: str = "lb.view"):
    raw = (data or {}).pop("site", None) if data is not None else request.query_params.get("site")
    if raw in (None, ""):
        raise serializers.ValidationError({"site": ["This field is required."]})
    return core_selectors.get_site(request.user, raw, action)


# -- handovers -----------------------------------------------------------------------------------


class HandoverOut(serializers.ModelSerializer):
    class Meta:
        model = Handover
        fields = [
            "id",
            "site",
            "serial",
            "shift",
            "state",
            "outgoing",
            "incoming",
            "handed_over_at",
            "carried_over",
            "equipment_state",
            "remarks",
            "accepted_at",
            "accept_note",
            "archived_at",
            "version",
        ]


class HandoverIn(serializers.Serializer):
    site = serializers.IntegerField()
    incoming = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    shift = serializers.CharField(max_length=20)
    equipment_state = serializers.CharField()
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandoverViewSet(viewsets.ReadOnlyModelViewSet):
    """Shift handovers (F1, LOG-1): ``draft`` shows what would be carried over now; ``create``
    hands over; the incoming processor ``accept``s."""

    serializer_class = HandoverOut
    filterset_class = HandoverFilter

    def get_queryset(self):
        return selectors.handovers_for(self.request.user).order_by("-handed_over_at", "-id")

    @extend_schema(request=HandoverIn, responses={201: HandoverOut})
    def create(self, request):
        data = valid(HandoverIn, request.data)
        site = _site(request, data)
        return Response(
            HandoverOut(services.hand_over(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AcceptIn, responses=HandoverOut)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        record = selectors.get_handover(request.user, pk)
        return Response(
            HandoverOut(
                services.accept_handover(request.user, record, **valid(AcceptIn, request.data))
            ).data
        )

    @extend_schema(parameters=[SITE], responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def draft(self, request):
        """The open items a handover at the site would carry over now."""
        site = _site(request, action="lb.handover")
        return Response({"site": site.pk, "sections": handover.snapshot(site)})


# -- phone log -------------------------------------------------------------------------------------


class CallOut(serializers.ModelSerializer):
    form_serial = serializers.CharField(source="form.serial", default=None, read_only=True)

    class Meta:
        model = PhoneCall
        fields = [
            "id",
            "site",
            "serial",
            "direction",
            "state",
            "occurred_at",
            "number",
            "caller",
            "subject",
            "outcome",
            "taken_by",
            "resident",
            "form",
            "form_serial",
            "callback_of",
            "archived_at",
            "version",
        ]


class CallIn(serializers.Serializer):
    site = serializers.IntegerField()
    direction = serializers.ChoiceField(
        choices=CallDirection.choices, default=CallDirection.INCOMING
    )
    number = serializers.CharField(max_length=20)
    caller = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=200)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, default=None)
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.all(), required=False, allow_null=True, default=None
    )
    form_category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )


class MissedIn(serializers.Serializer):
    site = serializers.IntegerField()
    number = serializers.CharField(max_length=20)
    caller = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, default=None)


class CallBackIn(VersionIn):
    subject = serializers.CharField(max_length=200)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class MakeFormIn(VersionIn):
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """The phone log (F4, LOG-2): log a call (optionally making a form in the same step), log a
    missed call, call it back, or make a form from a logged call."""

    serializer_class = CallOut
    filterset_class = CallFilter

    def get_queryset(self):
        return selectors.calls_for(self.request.user).order_by("-occurred_at", "-id")

    @extend_schema(request=CallIn, responses={201: CallOut})
    def create(self, request):
        data = valid(CallIn, request.data)
        site = _site(request, data)
        return Response(
            CallOut(services.log_call(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=MissedIn, responses={201: CallOut})
    @action(detail=False, methods=["post"])
    def missed(self, request):
        data = valid(MissedIn, request.data)
        site = _site(request, data)
        return Response(
            CallOut(services.log_missed_call(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=CallBackIn, responses={201: CallOut})
    @action(detail=True, methods=["post"])
    def call_back(self, request, pk=None):
        returned = services.call_back(
            request.user, selectors.get_call(request.user, pk), **valid(CallBackIn, request.data)
        )
        return Response(CallOut(returned).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MakeFormIn, responses=CallOut)
    @action(detail=True, methods=["post"])
    def make_form(self, request, pk=None):
        call = services.call_to_form(
            request.user, selectors.get_call(request.user, pk), **valid(MakeFormIn, request.data)
        )
        return Response(CallOut(call).data)


# -- information registry ----------------------------------------------------------------------


class EntryOut(serializers.ModelSerializer):
    area = serializers.CharField(read_only=True)

    class Meta:
        model = RegistryEntry
        fields = [
            "id",
            "site",
            "serial",
            "department",
            "kind",
            "title",
            "details",
            "buildings",
            "area",
            "starts_at",
            "ends_at",
            "changed_at",
            "channel",
            "reported_by",
            "recorded_at",
            "recorded_by",
            "late",
            "late_minutes",
            "state",
            "ended_at",
            "end_note",
            "archived_at",
            "version",
        ]


class EntryIn(serializers.Serializer):
    site = serializers.IntegerField()
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    title = serializers.CharField(max_length=120)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    buildings = serializers.PrimaryKeyRelatedField(
        queryset=Building.objects.all(), many=True, required=False, default=list
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    changed_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ReportChannel.choices, default=ReportChannel.SYSTEM)
    reported_by = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class RescheduleIn(VersionIn):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)


class EndIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawIn(VersionIn):
    note = serializers.CharField(allow_blank=True)


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The information registry (F5, LOG-3); ``now`` answers "what is in force at the site"
    with the same one-box search as the page (``q=3栋停电``)."""

    serializer_class = EntryOut
    filterset_class = EntryFilter

    def get_queryset(self):
        return selectors.entries_for(self.request.user).order_by("-recorded_at", "-id")

    @extend_schema(request=EntryIn, responses={201: EntryOut})
    def create(self, request):
        data = valid(EntryIn, request.data)
        site = _site(request, data)
        return Response(
            EntryOut(services.record_entry(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[
            SITE,
            OpenApiParameter("q", str),
            OpenApiParameter("at", OpenApiTypes.DATETIME),
        ],
        responses=EntryOut(many=True),
    )
    @action(detail=False, methods=["get"])
    def now(self, request):
        at = (
            serializers.DateTimeField().to_internal_value(request.query_params["at"])
            if request.query_params.get("at")
            else None
        )
        rows = selectors.now_board(
            request.user, site=_site(request), q=request.query_params.get("q", ""), at=at
        )
        return Response(EntryOut(rows[:200], many=True).data)

    @extend_schema(
        parameters=[
            SITE,
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def late(self, request):
        """Entries per reporting department in a period, and how many were late (LOG-3)."""
        today = timezone.localdate()
        end = _date(request.query_params.get("end"), today)
        start = _date(request.query_params.get("start"), end - dt.timedelta(days=29))
        since, until = days_span(start, end)
        return Response(
            selectors.late_reports(request.user, site=_site(request), start=since, end=until)
        )

    def _step(self, request, pk, service, serializer_class):
        entry = service(
            request.user,
            selectors.get_entry(request.user, pk),
            **valid(serializer_class, request.data),
        )
        return Response(EntryOut(entry).data)

    @extend_schema(request=RescheduleIn, responses=EntryOut)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        return self._step(request, pk, services.reschedule_entry, RescheduleIn)

    @extend_schema(request=EndIn, responses=EntryOut)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._step(request, pk, services.end_entry, EndIn)

    @extend_schema(request=WithdrawIn, responses=EntryOut)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(request, pk, services.withdraw_entry, WithdrawIn)


def _date(raw, default):
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError as exc:
        if raw:
            raise serializers.ValidationError({"date": ["Use the form YYYY-MM-DD."]}) from exc
        return default


# -- whereabouts -------------------------------------------------------------------------------------


class WhereaboutsOut(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    phone = serializers.CharField(source="person.phone")
    status = serializers.CharField(source="where.status", default=None)
    place = serializers.CharField(source="where.place", default="")
    until = serializers.DateTimeField(source="where.until", default=None)
    substitute = serializers.IntegerField(source="where.substitute_id", default=None)
    expired = serializers.BooleanField()


class WhereaboutsIn(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, default=None
    )
    status = serializers.ChoiceField(choices=WhereaboutsStatus.choices)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    substitute = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class WhereaboutsViewSet(viewsets.ViewSet):
    """The whereabouts board of a site (IT-5); ``create`` sets your own (or, for processors,
    the customer-service manager and department heads, a colleague's)."""

    @extend_schema(parameters=[SITE], responses=WhereaboutsOut(many=True))
    def list(self, request):
        return Response(
            WhereaboutsOut(
                selectors.whereabouts_board(request.user, site=_site(request)), many=True
            ).data
        )

    @extend_schema(request=WhereaboutsIn, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = valid(WhereaboutsIn, request.data)
        person = data.pop("person") or request.user
        if person.pk != request.user.pk:
            person = core_selectors.people_for(request.user).filter(pk=person.pk).first()
            if person is None:
                raise serializers.ValidationError({"person": ["Not found."]})
        row = services.set_whereabouts(request.user, person=person, **data)
        return Response(
            {
                "person": person.pk,
                "status": row.status,
                "place": row.place,
                "until": row.until,
                "substitute": row.substitute_id,
                "version": row.version,
            },
            status=status.HTTP_201_CREATED,
        )


# -- contact directory -----------------------------------------------------------------------------


class ContactOut(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "site",
            "category",
            "name",
            "organisation",
            "title",
            "phone",
            "phone2",
            "note",
            "version",
        ]


class ContactIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=ContactCategory.choices)
    name = serializers.CharField(max_length=60)
    organisation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20)
    phone2 = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ContactCreateIn(ContactIn):
    site = serializers.IntegerField()


class ContactUpdateIn(ContactIn, VersionIn):
    pass


class ImportIn(serializers.Serializer):
    site = serializers.IntegerField()
    file = serializers.FileField()


class ContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The contact directory (LOG-4): ``q`` searches name, organisation, number, full pinyin and
    initials; owners and residents are the service desk's residents register."""

    serializer_class = ContactOut
    filterset_class = ContactFilter

    def get_queryset(self):
        qs = selectors.contacts_for(self.request.user)
        q = self.request.query_params.get("q", "").strip()
        if q and self.request.query_params.get("site"):
            site = _site(self.request)
            qs = selectors.search_contacts(self.request.user, site=site, q=q)
        return qs.order_by("category", "name", "pk")

    @extend_schema(parameters=[OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ContactCreateIn, responses={201: ContactOut})
    def create(self, request):
        data = valid(ContactCreateIn, request.data)
        site = _site(request, data, "lb.view")
        return Response(
            ContactOut(services.add_contact(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ContactUpdateIn, responses=ContactOut)
    def update(self, request, pk=None):
        contact = selectors.get_contact(request.user, pk)
        return Response(
            ContactOut(
                services.update_contact(
                    request.user, contact, **valid(ContactUpdateIn, request.data)
                )
            ).data
        )

    @extend_schema(request=VersionIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        services.remove_contact(
            request.user, selectors.get_contact(request.user, pk), **valid(VersionIn, request.data)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": ImportIn}, responses={201: ContactOut(many=True)}
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """An Excel file, all or nothing: a 400 lists every bad row (``rows``) and imports none."""
        data = valid(ImportIn, request.data)
        site = _site(request, data, "lb.view")
        created = services.import_contacts(
            request.user, site=site, rows=exports.read_contacts(data["file"])
        )
        return Response(ContactOut(created, many=True).data, status=status.HTTP_201_CREATED)


# -- reference library ---------------------------------------------------------------------------


class VersionOut(serializers.ModelSerializer):
    file_name = serializers.CharField(source="attachment.original_name", default=None)
    file_size = serializers.IntegerField(source="attachment.size", default=None)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "label",
            "effective_from",
            "note",
            "file_name",
            "file_size",
            "added_at",
            "added_by",
        ]


class DocumentOut(serializers.ModelSerializer):
    versions = VersionOut(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "site",
            "category",
            "title",
            "issuer",
            "reference",
            "summary",
            "versions",
            "version",
        ]


class DocumentIn(serializers.Serializer):
    site = serializers.IntegerField()
    category = serializers.ChoiceField(choices=DocumentCategory.choices)
    title = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentVersionIn(serializers.Serializer):
    label = serializers.CharField(max_length=40)
    effective_from = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    upload = serializers.FileField(required=False, allow_null=True, default=None)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reference library (LOG-5), searchable with ``q``; versions carry their files (X-10)."""

    serializer_class = DocumentOut
    filterset_class = DocumentFilter

    def get_queryset(self):
        return selectors.documents_for(self.request.user, q=self.request.query_params.get("q", ""))

    @extend_schema(request=DocumentIn, responses={201: DocumentOut})
    def create(self, request):
        data = valid(DocumentIn, request.data)
        site = _site(request, data, "lb.view")
        return Response(
            DocumentOut(services.add_document(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request={"multipart/form-data": DocumentVersionIn}, responses={201: VersionOut})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def versions(self, request, pk=None):
        document = selectors.get_document(request.user, pk)
        version = services.add_document_version(
            request.user, document, **valid(DocumentVersionIn, request.data)
        )
        return Response(VersionOut(version).data, status=status.HTTP_201_CREATED)


# -- policy and exports ------------------------------------------------------------------------------


class PolicyOut(serializers.ModelSerializer):
    class Meta:
        model = LogbookPolicy
        fields = [
            "site",
            "report_within_hours",
            "accept_within_minutes",
            "call_back_within_minutes",
            "version",
        ]


class PolicyIn(VersionIn):
    site = serializers.IntegerField()
    report_within_hours = serializers.IntegerField()
    accept_within_minutes = serializers.IntegerField()
    call_back_within_minutes = serializers.IntegerField()


@extend_schema(methods=["GET"], parameters=[SITE], responses=PolicyOut)
@extend_schema(methods=["PUT"], request=PolicyIn, responses=PolicyOut)
@api_view(["GET", "PUT"])
def policy(request):
    """The site's register time limits (LOG-1, LOG-2, LOG-3)."""
    if request.method == "GET":
        return Response(PolicyOut(services.policy(_site(request))).data)
    data = valid(PolicyIn, request.data)
    site = _site(request, data)
    return Response(PolicyOut(services.update_policy(request.user, site=site, **data)).data)


class ExportIn(serializers.Serializer):
    site = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The end is before the start."})
        return data


def _export(request, name, rows_for, workbook):
    data = valid(ExportIn, request.query_params)
    site = _site(request, data)
    since, until = days_span(data["start"], data["end"])
    body = workbook(rows_for(site, since, until), title=f"{name} {data['start']}~{data['end']}")
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{site.code}-{data["start"]}-{data["end"]}.xlsx"'
    )
    return response


EXPORT = extend_schema(parameters=[ExportIn], responses={(200, XLSX): bytes})


@EXPORT
@api_view(["GET"])
def handovers_export(request):
    """Handovers (F1) of a site for a date range, as Excel."""
    return _export(
        request,
        "handovers",
        lambda s, a, b: selectors.handovers_for(request.user, site=s).filter(
            handed_over_at__gte=a, handed_over_at__lt=b
        ),
        exports.handovers_workbook,
    )


@EXPORT
@api_view(["GET"])
def calls_export(request):
    """The phone log (F4) of a site for a date range, as Excel."""
    return _export(
        request,
        "phone-log",
        lambda s, a, b: selectors.calls_for(request.user, site=s).filter(
            occurred_at__gte=a, occurred_at__lt=b
        ),
        exports.calls_workbook,
    )


@EXPORT
@api_view(["GET"])
def registry_export(request):
    """The information registry (F5) of a site for a date range, as Excel."""
    return _export(
        request,
        "registry",
        lambda s, a, b: selectors.entries_for(request.user, site=s).filter(
            recorded_at__gte=a, recorded_at__lt=b
        ),
        exports.entries_workbook,
    )


@extend_schema(parameters=[SITE], responses={(200, XLSX): bytes})
@api_view(["GET"])
def contacts_export(request):
    """The contact directory of a site, as Excel (the import takes the same columns)."""
    site = _site(request)
    response = HttpResponse(
        exports.contacts_workbook(
            selectors.search_contacts(request.user, site=site), title="contacts"
        ),
        content_type=XLSX,
    )
    response["Content-Disposition"] = f'attachment; filename="contacts-{site.code}.xlsx"'
    return response
