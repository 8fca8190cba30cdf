"""The machine room's API for keys (MR-4), credentials (MR-12) and security reports. No endpoint
accepts a field named like a secret."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import VersionIn, valid

from .. import selectors
from ..choices import CredentialLevel, KeyState, SecurityReportKind
from ..models import Credential, Key, SecurityReport
from ..services import security
from .common import STAFF, NoSecretsIn, filtered


class SecurityReportOut(serializers.ModelSerializer):
    class Meta:
        model = SecurityReport
        fields = [
            "id",
            "site",
            "kind",
            "description",
            "remedy",
            "key",
            "credential",
            "reported_by",
            "reported_at",
            "acknowledged_by",
            "acknowledged_at",
            "response",
            "version",
        ]


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
    approved_by = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )
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
        return filtered(
            self.request, selectors.keys_for(self.request.user), state=KeyState
        ).order_by("label")

    @extend_schema(request=KeyIn, responses={201: KeyOut})
    def create(self, request):
        data = valid(KeyIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        return Response(
            KeyOut(security.add_key(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service, serializer_class):
        key = service(
            request.user,
            selectors.get_key(request.user, pk),
            **valid(serializer_class, request.data),
        )
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
        report = security.report_key_lost(
            request.user, selectors.get_key(request.user, pk), **valid(KeyLostIn, request.data)
        )
        return Response(SecurityReportOut(report).data, status=status.HTTP_201_CREATED)


class CredentialOut(serializers.ModelSerializer):
    class Meta:
        model = Credential
        fields = [
            "id",
            "site",
            "system",
            "account",
            "level",
            "custodian",
            "rotate_every_days",
            "last_rotated_on",
            "next_due_on",
            "note",
            "retired_at",
            "version",
        ]


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
        return filtered(
            self.request, selectors.credentials_for(self.request.user), level=CredentialLevel
        ).order_by("next_due_on", "system")

    @extend_schema(request=CredentialIn, responses={201: CredentialOut})
    def create(self, request):
        data = valid(CredentialIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.approve")
        return Response(
            CredentialOut(security.add_credential(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service, serializer_class):
        record = service(
            request.user,
            selectors.get_credential(request.user, pk),
            **valid(serializer_class, request.data),
        )
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
    kind = serializers.ChoiceField(
        choices=[SecurityReportKind.SECRET_LEAKED, SecurityReportKind.WEAKNESS]
    )
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
        return filtered(
            self.request, selectors.reports_for(self.request.user), kind=SecurityReportKind
        ).order_by("-reported_at", "-id")

    @extend_schema(request=SecurityReportIn, responses={201: SecurityReportOut})
    def create(self, request):
        data = valid(SecurityReportIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        if data["credential"] is not None:
            data["credential"] = selectors.get_credential(request.user, data["credential"])
        return Response(
            SecurityReportOut(security.report_security(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=SecurityAcknowledgeIn, responses=SecurityReportOut)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        report = security.acknowledge_report(
            request.user,
            selectors.get_report(request.user, pk),
            **valid(SecurityAcknowledgeIn, request.data),
        )
        return Response(SecurityReportOut(report).data)
