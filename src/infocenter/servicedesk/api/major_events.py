"""Major events (SD-15) over the API: the forms marked major, the processor's written report
(书面汇报) and the leaders' instructions, each a step."""

from rest_framework import mixins, serializers, viewsets

from infocenter.core.api import ScopedObjectMixin
from infocenter.core.rest import StepAction, StepActionsMixin, VersionIn

from .. import selectors, services
from ..filtersets import MajorEventFilter
from ..models import ServiceForm


class MajorEventOut(serializers.ModelSerializer):
    address = serializers.CharField(read_only=True)
    major_reported_by_name = serializers.SerializerMethodField()
    instructed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ServiceForm
        fields = [
            "id",
            "site",
            "serial",
            "state",
            "category",
            "priority",
            "content",
            "address",
            "received_at",
            "major_report",
            "major_reported_at",
            "major_reported_by",
            "major_reported_by_name",
            "instructions",
            "instructed_at",
            "instructed_by",
            "instructed_by_name",
            "archived_at",
            "version",
        ]

    def get_major_reported_by_name(self, form) -> str:
        return str(form.major_reported_by) if form.major_reported_by_id else ""

    def get_instructed_by_name(self, form) -> str:
        return str(form.instructed_by) if form.instructed_by_id else ""


class MajorReportIn(VersionIn):
    report = serializers.CharField(max_length=10000, allow_blank=True)


class InstructionsIn(VersionIn):
    instructions = serializers.CharField(max_length=10000, allow_blank=True)


class MajorEventViewSet(
    StepActionsMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Major events (SD-15), newest first: ``report`` sends the control room's written report to
    the managers; ``instructions`` records the leaders' instructions on a reported event."""

    serializer_class = MajorEventOut
    filterset_class = MajorEventFilter
    steps = {
        "report": StepAction(services.report_major_event, MajorReportIn),
        "instructions": StepAction(services.give_instructions, InstructionsIn),
    }

    def get_queryset(self):
        return selectors.major_events_for(self.request.user).order_by("-received_at", "-id")
