"""The machine room's API for outsiders' data-access requests (MR-11), with the head's decision
and the record of what was provided."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.rest import VersionIn, valid

from .. import selectors
from ..choices import (
    DataRequestState,
    ProvisionForm,
)
from ..models import DataRequest, DataRequestItem
from ..services import data_access
from .backups import BackupNoteIn
from .common import filtered

# -- jobs ----------------------------------------------------------------------------------------


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


class DataApproveIn(BackupNoteIn):
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


class DataRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Data-access requests (资料查阅申请, MR-11): ``create`` records an outsider's application; the
    head ``approve``s (some or all items) or ``refuse``s; staff ``fulfil`` with exactly what was
    provided against the approved items (anything else is refused); ``cancel`` withdraws it."""

    serializer_class = DataRequestOut

    def get_queryset(self):
        return (
            filtered(
                self.request, selectors.data_requests_for(self.request.user), state=DataRequestState
            )
            .prefetch_related("items")
            .order_by("-requested_at", "-id")
        )

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("state", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DataRequestIn, responses={201: DataRequestOut})
    def create(self, request):
        data = valid(DataRequestIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.request")
        return Response(
            DataRequestOut(data_access.request_data_access(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service, serializer_class):
        record = service(
            request.user,
            selectors.get_data_request(request.user, pk),
            **valid(serializer_class, request.data),
        )
        return Response(DataRequestOut(record).data)

    @extend_schema(request=DataApproveIn, responses=DataRequestOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, data_access.approve_data_request, DataApproveIn)

    @extend_schema(request=DataRefuseIn, responses=DataRequestOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, pk, data_access.refuse_data_request, DataRefuseIn)

    @extend_schema(request=FulfilIn, responses=DataRequestOut)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        data = valid(FulfilIn, request.data)
        data["provided"] = [dict(p) for p in data["provided"]]
        record = data_access.fulfil_data_request(
            request.user, selectors.get_data_request(request.user, pk), **data
        )
        return Response(DataRequestOut(record).data)

    @extend_schema(request=BackupNoteIn, responses=DataRequestOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, data_access.cancel_data_request, BackupNoteIn)
