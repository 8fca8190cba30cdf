"""The machine room's API for outsiders' data-access requests (MR-11), with the head's decision
and the record of what was provided."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from infocenter.core.rest import StepAction, VersionIn

from .. import selectors
from ..choices import ProvisionForm
from ..filtersets.data_access import DataRequestFilter
from ..models import DataRequest, DataRequestItem
from ..services import data_access
from .access import NoteIn
from .common import SITE_OF_LIST, Scope, SiteRecords, create_on_site


class DataItemOut(serializers.ModelSerializer):
    class Meta:
        model = DataRequestItem
        fields = ["position", "description", "approved", "provided_form", "provided_extent"]


class DataRequestOut(serializers.ModelSerializer):
    items = DataItemOut(many=True, read_only=True)

    class Meta:
        model = DataRequest
        fields = [
            "id",
            "site",
            "serial",
            "state",
            "organisation",
            "applicant",
            "phone",
            "purpose",
            "items",
            "received_on",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "fulfilled_by",
            "fulfilled_at",
            "handed_to",
            "fulfilment_note",
            "version",
        ]


class DataRequestIn(serializers.Serializer):
    site = serializers.IntegerField()
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    purpose = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField(max_length=200), allow_empty=False)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class DataApproveIn(NoteIn):
    approved_items = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_null=True,
        default=None,
        help_text="Positions of the items approved; default all.",
    )


class DataRefuseIn(VersionIn):
    note = serializers.CharField()


class ProvidedIn(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    form = serializers.ChoiceField(choices=ProvisionForm.choices)
    extent = serializers.CharField(max_length=100)


class FulfilIn(VersionIn):
    provided = ProvidedIn(many=True, allow_empty=False)
    handed_to = serializers.CharField(max_length=60)
    handed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


@SITE_OF_LIST
class DataRequestViewSet(SiteRecords):
    """Data-access requests (资料查阅申请, MR-11): ``create`` records an outsider's application; the
    head ``approve``s (some or all items) or ``refuse``s; staff ``fulfil`` with exactly what was
    provided against the approved items (anything else is refused); ``cancel`` withdraws it."""

    serializer_class = DataRequestOut
    filterset_class = DataRequestFilter
    scope = Scope(
        selectors.data_requests_for,
        selectors.get_data_request,
        ("-requested_at", "-id"),
        prefetch=("items",),
    )
    steps = {
        "approve": StepAction(data_access.approve_data_request, DataApproveIn),
        "refuse": StepAction(data_access.refuse_data_request, DataRefuseIn),
        "fulfil": StepAction(data_access.fulfil_data_request, FulfilIn),
        "cancel": StepAction(data_access.cancel_data_request, NoteIn),
    }

    @extend_schema(request=DataRequestIn, responses={201: DataRequestOut})
    def create(self, request):
        return create_on_site(
            request, DataRequestIn, DataRequestOut, data_access.request_data_access, "mr.request"
        )
