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
from .corrections import ProblemIn, ProblemOut


class BatchOut(serializers.ModelSerializer):
    forms = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")
    problems = ProblemOut(many=True, read_only=True)

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
            "problems",
            "version",
        ]


class BatchIn(serializers.Serializer):
    site = serializers.IntegerField()
    week_start = serializers.DateField()


class BatchReturnIn(VersionIn):
    """What must be corrected: a note, and each problem on its record (SD-12)."""

    note = serializers.CharField(allow_blank=True, required=False, default="")
    problems = ProblemIn(many=True, required=False, default=list)


def return_batch(actor, batch: ArchiveBatch, *, version: int, note: str, problems: list):
    """The body → ``services.return_archive_batch`` with its named problems."""
    named = [services.NamedProblem(**p) for p in problems]
    return services.return_archive_batch(actor, batch, version=version, note=note, problems=named)


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
        "return_batch": StepAction(return_batch, BatchReturnIn, "return"),
    }

    def get_queryset(self):
        return selectors.batches_for(self.request.user).prefetch_related(
            "forms", "problems__form", "problems__order"
        )

    @extend_schema(request=BatchIn, responses={201: BatchOut})
    def create(self, request):
        data = valid(BatchIn, request.data)
        site = core_selectors.get_site(request.user, data["site"])
        batch = services.submit_archive_batch(
            request.user, site=site, week_start=data["week_start"]
        )
        return Response(BatchOut(batch).data, status=status.HTTP_201_CREATED)
