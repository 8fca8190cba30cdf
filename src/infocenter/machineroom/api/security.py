"""The machine room's API for keys (MR-4), credentials (MR-12) and security reports. No endpoint
accepts a field named like a secret."""

from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn, valid

from .. import selectors
from ..choices import CredentialLevel, SecurityReportKind
from ..filtersets.security import CredentialFilter, KeyFilter, SecurityReportFilter
from ..models import Credential, Key, SecurityReport
from ..services import security
from .common import SITE_OF_LIST, NoSecretsIn, of_site


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
    to = ScopedField(User, core_selectors.people_for)
    approved_by = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyNoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyLostIn(VersionIn):
    description = serializers.CharField()
    remedy = serializers.CharField()


@SITE_OF_LIST
class KeyViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Keys (MR-4): who holds each now; ``hand_over`` (with the head who approved when the key
    leaves the information center), ``return``, ``lost`` (a security report, at once), ``found``."""

    serializer_class = KeyOut
    filterset_class = KeyFilter
    steps = {
        "hand_over": StepAction(security.hand_over_key, HandOverKeyIn),
        "return": StepAction(security.return_key, KeyNoteIn, "return"),
        "found": StepAction(security.key_found, KeyNoteIn),
    }

    def get_queryset(self):
        return of_site(self.request, selectors.keys_for(self.request.user)).order_by("label")

    def get_step_record(self, pk):
        return selectors.get_key(self.request.user, pk)

    @extend_schema(request=KeyIn, responses={201: KeyOut})
    def create(self, request):
        data = valid(KeyIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        return Response(
            KeyOut(security.add_key(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=KeyLostIn, responses={201: SecurityReportOut})
    @action(detail=True, methods=["post"])
    def lost(self, request, pk=None):
        """A lost key is a security report: answered with it (201)."""
        report = security.report_key_lost(
            request.user, self.get_step_record(pk), **valid(KeyLostIn, request.data)
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
    custodian = ScopedField(User, core_selectors.people_for)
    last_rotated_on = serializers.DateField()
    rotate_every_days = serializers.IntegerField(min_value=1, max_value=366, default=90)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RotationIn(NoSecretsIn, VersionIn):
    rotated_on = serializers.DateField(required=False, allow_null=True, default=None)


class CustodianIn(NoSecretsIn, VersionIn):
    custodian = ScopedField(User, core_selectors.people_for)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RetireIn(NoSecretsIn, VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


@SITE_OF_LIST
class CredentialViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """The credential register (MR-12): accounts, levels, custodians and change dates, never a
    password (a field named like one is refused). ``rotate`` records a change made on the device."""

    serializer_class = CredentialOut
    filterset_class = CredentialFilter
    steps = {
        "rotate": StepAction(security.record_rotation, RotationIn),
        "custodian": StepAction(security.change_custodian, CustodianIn),
        "retire": StepAction(security.retire_credential, RetireIn),
    }

    def get_queryset(self):
        return of_site(self.request, selectors.credentials_for(self.request.user)).order_by(
            "next_due_on", "system"
        )

    def get_step_record(self, pk):
        return selectors.get_credential(self.request.user, pk)

    @extend_schema(request=CredentialIn, responses={201: CredentialOut})
    def create(self, request):
        data = valid(CredentialIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.approve")
        return Response(
            CredentialOut(security.add_credential(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )


class SecurityReportIn(NoSecretsIn):
    site = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=[SecurityReportKind.SECRET_LEAKED, SecurityReportKind.WEAKNESS]
    )
    description = serializers.CharField()
    remedy = serializers.CharField()
    credential = ScopedField(
        Credential,
        partial(selectors.credentials_for, retired=None),
        required=False,
        allow_null=True,
        default=None,
    )


class SecurityAcknowledgeIn(VersionIn):
    response = serializers.CharField(required=False, allow_blank=True, default="")


@SITE_OF_LIST
class ReportViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Security reports (MR-4): leaked information and proposals (``create``), lost keys (from
    ``keys/{id}/lost/``); the head ``acknowledge``s."""

    serializer_class = SecurityReportOut
    filterset_class = SecurityReportFilter
    steps = {"acknowledge": StepAction(security.acknowledge_report, SecurityAcknowledgeIn)}

    def get_queryset(self):
        return of_site(self.request, selectors.reports_for(self.request.user)).order_by(
            "-reported_at", "-id"
        )

    def get_step_record(self, pk):
        return selectors.get_report(self.request.user, pk)

    @extend_schema(request=SecurityReportIn, responses={201: SecurityReportOut})
    def create(self, request):
        data = valid(SecurityReportIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.desk")
        return Response(
            SecurityReportOut(security.report_security(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )
