"""Weekly archive batches over the API (SD-16)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.rest import (
    StepAction,
    StepActionsMixin,
    VersionIn,
    valid,
)

from .. import selectors, services
from ..models import ArchiveBatch


class BatchOut(serializers.ModelSerializer):
    forms = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")

    class Meta:
        model = ArchiveBatch
        fields = [
            "id",
            "site",
            "week_start",
            "state",
            "submitted_at",
            "submitted_by",
            "forms",
            "refused",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "version",
        ]


class BatchIn(serializers.Serializer):
    site = serializers.IntegerField()
    week_start = serializers.DateField()


class BatchReturnIn(VersionIn):
    note = serializers.CharField(allow_blank=True)


class ArchiveBatchViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Weekly archive batches (SD-12, SD-16): hand over, review, return."""

    serializer_class = BatchOut
    filterset_fields = ["site", "state", "week_start"]
    steps = {
        "approve": StepAction(services.approve_archive_batch),
        "return_batch": StepAction(services.return_archive_batch, BatchReturnIn, "return"),
    }

    def get_queryset(self):
        return selectors.batches_for(self.request.user).prefetch_related("forms")

    @extend_schema(request=BatchIn, responses={201: BatchOut})
    def create(self, request):
        data = valid(BatchIn, request.data)
        site = core_selectors.get_site(request.user, data["site"])
        batch = services.submit_archive_batch(
            request.user, site=site, week_start=data["week_start"]
        )
        return Response(BatchOut(batch).data, status=status.HTTP_201_CREATED)
