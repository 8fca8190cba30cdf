"""The machine room's API for keys (MR-4), credentials (MR-12) and security reports. No endpoint
accepts a field named like a secret."""

from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid

from .. import selectors
from ..choices import CredentialLevel, SecurityReportKind
from ..filtersets.security import CredentialFilter, KeyFilter, SecurityReportFilter
from ..models import Credential, Key, SecurityReport
from ..services import security
from .common import SITE_OF_LIST, NoSecretsIn, Scope, SiteRecords, create_on_site, created


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
class KeyViewSet(SiteRecords):
    """Keys (MR-4): who holds each now; ``hand_over`` (with the head who approved when the key
    leaves the information center), ``return``, ``lost`` (a security report, at once), ``found``."""

    serializer_class = KeyOut
    filterset_class = KeyFilter
    scope = Scope(selectors.keys_for, selectors.get_key, ("label",))
    steps = {
        "hand_over": StepAction(security.hand_over_key, HandOverKeyIn),
        "return": StepAction(security.return_key, KeyNoteIn, "return"),
        "found": StepAction(security.key_found, KeyNoteIn),
    }

    @extend_schema(request=KeyIn, responses={201: KeyOut})
    def create(self, request):
        return create_on_site(request, KeyIn, KeyOut, security.add_key, "mr.desk")

    @extend_schema(request=KeyLostIn, responses={201: SecurityReportOut})
    @action(detail=True, methods=["post"])
    def lost(self, request, pk=None):
        """A lost key is a security report: answered with it (201)."""
        report = security.report_key_lost(
            request.user, self.get_step_record(pk), **valid(KeyLostIn, request.data)
        )
        return created(SecurityReportOut, report)


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
class CredentialViewSet(SiteRecords):
    """The credential register (MR-12): accounts, levels, custodians and change dates, never a
    password (a field named like one is refused). ``rotate`` records a change made on the device."""

    serializer_class = CredentialOut
    filterset_class = CredentialFilter
    scope = Scope(selectors.credentials_for, selectors.get_credential, ("next_due_on", "system"))
    steps = {
        "rotate": StepAction(security.record_rotation, RotationIn),
        "custodian": StepAction(security.change_custodian, CustodianIn),
        "retire": StepAction(security.retire_credential, RetireIn),
    }

    @extend_schema(request=CredentialIn, responses={201: CredentialOut})
    def create(self, request):
        return create_on_site(
            request, CredentialIn, CredentialOut, security.add_credential, "mr.approve"
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
class ReportViewSet(SiteRecords):
    """Security reports (MR-4): leaked information and proposals (``create``), lost keys (from
    ``keys/{id}/lost/``); the head ``acknowledge``s."""

    serializer_class = SecurityReportOut
    filterset_class = SecurityReportFilter
    scope = Scope(selectors.reports_for, selectors.get_report, ("-reported_at", "-id"))
    steps = {"acknowledge": StepAction(security.acknowledge_report, SecurityAcknowledgeIn)}

    @extend_schema(request=SecurityReportIn, responses={201: SecurityReportOut})
    def create(self, request):
        return create_on_site(
            request, SecurityReportIn, SecurityReportOut, security.report_security, "mr.desk"
        )
