"""The machine room's API for outsiders' data-access requests (MR-11), with the head's decision
and the record of what was provided."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import StepAction, StepActionsMixin, VersionIn, valid

from .. import selectors
from ..choices import ProvisionForm
from ..filtersets.data_access import DataRequestFilter
from ..models import DataRequest, DataRequestItem
from ..services import data_access
from .access import NoteIn
from .common import SITE_OF_LIST, of_site


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
class DataRequestViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Data-access requests (资料查阅申请, MR-11): ``create`` records an outsider's application; the
    head ``approve``s (some or all items) or ``refuse``s; staff ``fulfil`` with exactly what was
    provided against the approved items (anything else is refused); ``cancel`` withdraws it."""

    serializer_class = DataRequestOut
    filterset_class = DataRequestFilter
    steps = {
        "approve": StepAction(data_access.approve_data_request, DataApproveIn),
        "refuse": StepAction(data_access.refuse_data_request, DataRefuseIn),
        "fulfil": StepAction(data_access.fulfil_data_request, FulfilIn),
        "cancel": StepAction(data_access.cancel_data_request, NoteIn),
    }

    def get_queryset(self):
        rows = of_site(self.request, selectors.data_requests_for(self.request.user))
        return rows.prefetch_related("items").order_by("-requested_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_data_request(self.request.user, pk)

    @extend_schema(request=DataRequestIn, responses={201: DataRequestOut})
    def create(self, request):
        data = valid(DataRequestIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.request")
        return Response(
            DataRequestOut(data_access.request_data_access(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )
