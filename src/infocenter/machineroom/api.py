"""REST API of the machine room (X-7): rooms, access requests with each step as an action,
the access log (sign in, sign out, refusals, who is inside now), items carried in or out and
the head's approvals inbox. Writes go through ``services``."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.servicedesk.api import VersionIn

from . import approvals, security, selectors, services
from .choices import (
    CredentialLevel,
    ItemDirection,
    KeyState,
    RequestKind,
    RequestState,
    SecurityReportKind,
    VisitKind,
    VisitOutcome,
)
from .models import (
    AccessRequest,
    Credential,
    ItemMovement,
    Key,
    MachineRoom,
    Release,
    SecurityReport,
    Visit,
)

SITE = OpenApiParameter("site", int, required=True)
PEOPLE = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=False)
STAFF = User.objects.filter(is_active=True)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _site(request, action: str = "mr.view"):
    raw = request.query_params.get("site")
    if raw in (None, ""):
        raise serializers.ValidationError({"site": ["This field is required."]})
    return core_selectors.get_site(request.user, raw, action)


def _filtered(request, qs, **fields):
    """``?state=…&kind=…``: only known values filter; an unknown value is a 400 naming the field."""
    for name, choices in fields.items():
        value = request.query_params.get(name)
        if value:
            if value not in choices.values:
                raise serializers.ValidationError({name: [f"Choose one of: {', '.join(choices.values)}."]})
            qs = qs.filter(**{name: value})
    if request.query_params.get("site"):
        qs = qs.filter(site=_site(request))
    return qs


# -- rooms ---------------------------------------------------------------------------------------


class RoomOut(serializers.ModelSerializer):
    class Meta:
        model = MachineRoom
        fields = ["id", "site", "name", "location", "version"]


class RoomIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Machine rooms of the actor's sites."""

    serializer_class = RoomOut

    def get_queryset(self):
        return selectors.rooms_for(self.request.user, "mr.request").order_by("site", "name")

    @extend_schema(request=RoomIn, responses={201: RoomOut})
    def create(self, request):
        data = _valid(RoomIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.manage")
        return Response(RoomOut(services.add_room(request.user, site=site, **data)).data, status=status.HTTP_201_CREATED)


# -- access requests (MR-2) ----------------------------------------------------------------------


class RequestOut(serializers.ModelSerializer):
    class Meta:
        model = AccessRequest
        fields = ["id", "site", "room", "serial", "kind", "state", "organisation", "applicant", "phone", "people",
                  "purpose", "scope", "starts_at", "ends_at", "escort", "maintainer", "requested_by",
                  "requested_at", "decided_by", "decided_at", "decision_note", "by_phone", "closed_at", "version"]


class RequestIn(serializers.Serializer):
    room = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[RequestKind.VISIT, RequestKind.CONSTRUCTION])
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    escort = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    maintainer = serializers.PrimaryKeyRelatedField(queryset=STAFF, required=False, allow_null=True, default=None)


class PhoneApprovalIn(serializers.Serializer):
    room = serializers.IntegerField()
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    head = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    approved_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField()
    escort = serializers.PrimaryKeyRelatedField(queryset=STAFF)


class NoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReleaseOut(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "request", "day", "released_by", "released_at", "note"]


class RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Access requests (MR-2): ``create`` asks for a visit or construction; ``phone`` records an
    emergency repair the head approved by phone; the head ``approve``s or ``refuse``s; the desk
    ``release``s a crew after its daily clean-up and ``close``s the request."""

    serializer_class = RequestOut

    def get_queryset(self):
        return _filtered(self.request, selectors.requests_for(self.request.user), state=RequestState,
                         kind=RequestKind).order_by("-requested_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("state", str),
                               OpenApiParameter("kind", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RequestIn, responses={201: RequestOut})
    def create(self, request):
        data = _valid(RequestIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.request")
        return Response(RequestOut(services.request_access(request.user, **data)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PhoneApprovalIn, responses={201: RequestOut})
    @action(detail=False, methods=["post"])
    def phone(self, request):
        data = _valid(PhoneApprovalIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.desk")
        return Response(RequestOut(services.record_phone_approval(request.user, **data)).data,
                        status=status.HTTP_201_CREATED)

    def _step(self, request, pk, service):
        record = service(request.user, selectors.get_request(request.user, pk), **_valid(NoteIn, request.data))
        return Response(RequestOut(record).data)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, services.approve_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, pk, services.refuse_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, services.cancel_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, pk, services.close_request)

    @extend_schema(request=NoteIn, responses={201: ReleaseOut})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        release = services.release_for_today(request.user, selectors.get_request(request.user, pk),
                                             **_valid(NoteIn, request.data))
        return Response(ReleaseOut(release).data, status=status.HTTP_201_CREATED)


# -- the access log (MR-2) -----------------------------------------------------------------------


class VisitOut(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "site", "room", "kind", "outcome", "person", "name", "organisation", "request", "escort",
                  "entered_at", "left_at", "reason", "signed_in_by", "signed_out_by", "version"]


class StaffSignInIn(serializers.Serializer):
    room = serializers.IntegerField()


class VisitorIn(serializers.Serializer):
    request = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    escort = serializers.PrimaryKeyRelatedField(queryset=STAFF, required=False, allow_null=True, default=None)


class RefusalIn(serializers.Serializer):
    room = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reason = serializers.CharField()
    forced = serializers.BooleanField(required=False, default=False)


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
    """The access log (MR-2): ``staff`` signs the caller in, ``visitor`` signs an outsider in on
    an approved request, ``refusal`` records a refused or forced entry, ``sign_out`` ends a
    visit, ``inside`` lists who is inside now."""

    serializer_class = VisitOut

    def get_queryset(self):
        return _filtered(self.request, selectors.visits_for(self.request.user), kind=VisitKind,
                         outcome=VisitOutcome).order_by("-entered_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("kind", str),
                               OpenApiParameter("outcome", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[SITE], responses=VisitOut(many=True))
    @action(detail=False, methods=["get"])
    def inside(self, request):
        return Response(VisitOut(selectors.inside_now(request.user, site=_site(request)), many=True).data)

    @extend_schema(request=StaffSignInIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def staff(self, request):
        room = selectors.get_room(request.user, _valid(StaffSignInIn, request.data)["room"], "mr.desk")
        return Response(VisitOut(services.sign_in_staff(request.user, room=room)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VisitorIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def visitor(self, request):
        data = _valid(VisitorIn, request.data)
        data["request"] = selectors.get_request(request.user, data["request"])
        return Response(VisitOut(services.sign_in_visitor(request.user, **data)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RefusalIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def refusal(self, request):
        data = _valid(RefusalIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.desk")
        return Response(VisitOut(services.record_refusal(request.user, **data)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionIn, responses=VisitOut)
    @action(detail=True, methods=["post"])
    def sign_out(self, request, pk=None):
        visit = services.sign_out(request.user, selectors.get_visit(request.user, pk), **_valid(VersionIn, request.data))
        return Response(VisitOut(visit).data)


# -- items (MR-3) --------------------------------------------------------------------------------


class ItemOut(serializers.ModelSerializer):
    class Meta:
        model = ItemMovement
        fields = ["id", "site", "visit", "direction", "description", "quantity", "identifier", "inspection",
                  "inspected_by", "inspected_at"]


class ItemIn(serializers.Serializer):
    visit = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=ItemDirection.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, default=1)
    identifier = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    inspection = serializers.CharField(required=False, allow_blank=True, default="")
    no_forbidden = serializers.BooleanField(required=False, default=False)


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Items carried in or out (MR-3), inspected and linked to the visit."""

    serializer_class = ItemOut

    def get_queryset(self):
        return _filtered(self.request, selectors.items_for(self.request.user),
                         direction=ItemDirection).order_by("-inspected_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("direction", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ItemIn, responses={201: ItemOut})
    def create(self, request):
        data = _valid(ItemIn, request.data)
        data["visit"] = selectors.get_visit(request.user, data["visit"])
        return Response(ItemOut(services.record_item(request.user, **data)).data, status=status.HTTP_201_CREATED)


# -- approvals -----------------------------------------------------------------------------------


class WaitingOut(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    since = serializers.DateTimeField()
    detail = serializers.CharField()


@extend_schema(responses=WaitingOut(many=True))
@api_view(["GET"])
def approvals_inbox(request):
    """Everything waiting for the information-center head's decision, the oldest first."""
    from infocenter.core import permissions

    permissions.check(request.user, "mr.approve")
    return Response(WaitingOut(approvals.waiting_for(request.user), many=True).data)


# -- keys, credentials and security reports (MR-4, MR-12) ----------------------------------------

SECRET_WORDS = ("password", "passwd", "pwd", "secret", "token", "passphrase", "口令", "密码")


class NoSecretsIn(serializers.Serializer):
    """Refuses, by name, any field that would carry a password or secret (MR-12): the register
    keeps accounts and dates, never what opens them."""

    def to_internal_value(self, data):
        found = [k for k in getattr(data, "keys", lambda: [])() if any(w in str(k).lower() for w in SECRET_WORDS)]
        if found:
            raise serializers.ValidationError({k: ["This system never stores passwords or secrets (MR-12)."]
                                               for k in found})
        return super().to_internal_value(data)


class SecurityReportOut(serializers.ModelSerializer):
    class Meta:
        model = SecurityReport
        fields = ["id", "site", "kind", "description", "remedy", "key", "credential", "reported_by", "reported_at",
                  "acknowledged_by", "acknowledged_at", "response", "version"]


class KeyOut(serializers.ModelSerializer):
    class Meta:
        model = Key
        fields = ["id", "site", "label", "opens", "state", "holder", "version"]


class KeyIn(serializers.Serializer):
    site = serializers.IntegerField()
    label = serializers.CharField(max_length=60)
    opens = serializers.CharField(max_length=120)


class HandOverKeyIn(VersionIn):
    to = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    approved_by = serializers.PrimaryKeyRelatedField(queryset=STAFF, required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyNoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyLostIn(VersionIn):
    description = serializers.CharField()
    remedy = serializers.CharField()


class KeyViewSet(viewsets.ReadOnlyModelViewSet):
    """Keys (MR-4): who holds each now; ``hand_over`` (with the head who approved when the key
    leaves the information center), ``return``, ``lost`` (a security report, at once), ``found``."""

    serializer_class = KeyOut

    def get_queryset(self):
        return _filtered(self.request, selectors.keys_for(self.request.user), state=KeyState).order_by("label")

    @extend_schema(request=KeyIn, responses={201: KeyOut})
    def create(self, request):
        data = _valid(KeyIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        return Response(KeyOut(security.add_key(request.user, site=site, **data)).data, status=status.HTTP_201_CREATED)

    def _step(self, request, pk, service, serializer_class):
        key = service(request.user, selectors.get_key(request.user, pk), **_valid(serializer_class, request.data))
        return Response(KeyOut(key).data)

    @extend_schema(request=HandOverKeyIn, responses=KeyOut)
    @action(detail=True, methods=["post"])
    def hand_over(self, request, pk=None):
        return self._step(request, pk, security.hand_over_key, HandOverKeyIn)

    @extend_schema(request=KeyNoteIn, responses=KeyOut)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def give_back(self, request, pk=None):
        return self._step(request, pk, security.return_key, KeyNoteIn)

    @extend_schema(request=KeyNoteIn, responses=KeyOut)
    @action(detail=True, methods=["post"])
    def found(self, request, pk=None):
        return self._step(request, pk, security.key_found, KeyNoteIn)

    @extend_schema(request=KeyLostIn, responses={201: SecurityReportOut})
    @action(detail=True, methods=["post"])
    def lost(self, request, pk=None):
        report = security.report_key_lost(request.user, selectors.get_key(request.user, pk),
                                          **_valid(KeyLostIn, request.data))
        return Response(SecurityReportOut(report).data, status=status.HTTP_201_CREATED)


class CredentialOut(serializers.ModelSerializer):
    class Meta:
        model = Credential
        fields = ["id", "site", "system", "account", "level", "custodian", "rotate_every_days", "last_rotated_on",
                  "next_due_on", "note", "retired_at", "version"]


class CredentialIn(NoSecretsIn):
    site = serializers.IntegerField()
    system = serializers.CharField(max_length=100)
    account = serializers.CharField(max_length=60)
    level = serializers.ChoiceField(choices=CredentialLevel.choices)
    custodian = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    last_rotated_on = serializers.DateField()
    rotate_every_days = serializers.IntegerField(min_value=1, max_value=366, default=90)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RotationIn(NoSecretsIn, VersionIn):
    rotated_on = serializers.DateField(required=False, allow_null=True, default=None)


class CustodianIn(NoSecretsIn, VersionIn):
    custodian = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RetireIn(NoSecretsIn, VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CredentialViewSet(viewsets.ReadOnlyModelViewSet):
    """The credential register (MR-12): accounts, levels, custodians and change dates, never a
    password (a field named like one is refused). ``rotate`` records a change made on the device."""

    serializer_class = CredentialOut

    def get_queryset(self):
        return _filtered(self.request, selectors.credentials_for(self.request.user),
                         level=CredentialLevel).order_by("next_due_on", "system")

    @extend_schema(request=CredentialIn, responses={201: CredentialOut})
    def create(self, request):
        data = _valid(CredentialIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.approve")
        return Response(CredentialOut(security.add_credential(request.user, site=site, **data)).data,
                        status=status.HTTP_201_CREATED)

    def _step(self, request, pk, service, serializer_class):
        record = service(request.user, selectors.get_credential(request.user, pk),
                         **_valid(serializer_class, request.data))
        return Response(CredentialOut(record).data)

    @extend_schema(request=RotationIn, responses=CredentialOut)
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        return self._step(request, pk, security.record_rotation, RotationIn)

    @extend_schema(request=CustodianIn, responses=CredentialOut)
    @action(detail=True, methods=["post"])
    def custodian(self, request, pk=None):
        return self._step(request, pk, security.change_custodian, CustodianIn)

    @extend_schema(request=RetireIn, responses=CredentialOut)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self._step(request, pk, security.retire_credential, RetireIn)


class SecurityReportIn(NoSecretsIn):
    site = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[SecurityReportKind.SECRET_LEAKED, SecurityReportKind.WEAKNESS])
    description = serializers.CharField()
    remedy = serializers.CharField()
    credential = serializers.IntegerField(required=False, allow_null=True, default=None)


class SecurityAcknowledgeIn(VersionIn):
    response = serializers.CharField(required=False, allow_blank=True, default="")


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Security reports (MR-4): leaked information and proposals (``create``), lost keys (from
    ``keys/{id}/lost/``); the head ``acknowledge``s."""

    serializer_class = SecurityReportOut

    def get_queryset(self):
        return _filtered(self.request, selectors.reports_for(self.request.user),
                         kind=SecurityReportKind).order_by("-reported_at", "-id")

    @extend_schema(request=SecurityReportIn, responses={201: SecurityReportOut})
    def create(self, request):
        data = _valid(SecurityReportIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        if data["credential"] is not None:
            data["credential"] = selectors.get_credential(request.user, data["credential"])
        return Response(SecurityReportOut(security.report_security(request.user, site=site, **data)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=SecurityAcknowledgeIn, responses=SecurityReportOut)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        report = security.acknowledge_report(request.user, selectors.get_report(request.user, pk),
                                             **_valid(SecurityAcknowledgeIn, request.data))
        return Response(SecurityReportOut(report).data)
