"""Shift handovers (F1, LOG-1) in the API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import handover
from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import (
    ScopedField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    create_on_site,
)

from .. import exports, selectors, services
from ..filtersets import HandoverFilter
from ..models import (
    Handover,
)
from .common import EXPORT, SITE, export, site_for


class HandoverOut(serializers.ModelSerializer):
    class Meta:
        model = Handover
        fields = [
            "id",
            "site",
            "serial",
            "shift",
            "state",
            "outgoing",
            "incoming",
            "handed_over_at",
            "carried_over",
            "equipment_state",
            "remarks",
            "accepted_at",
            "accept_note",
            "archived_at",
            "version",
        ]


class HandoverIn(serializers.Serializer):
    site = serializers.IntegerField()
    incoming = ScopedField(User, core_selectors.people_for)
    shift = serializers.CharField(max_length=20)
    equipment_state = serializers.CharField()
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandoverViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Shift handovers (F1, LOG-1): ``draft`` shows what would be carried over now; ``create``
    hands over; the incoming processor ``accept``s."""

    serializer_class = HandoverOut
    filterset_class = HandoverFilter
    steps = {"accept": StepAction(services.accept_handover, AcceptIn)}

    def get_queryset(self):
        return selectors.handovers_for(self.request.user).order_by("-handed_over_at", "-id")

    @extend_schema(request=HandoverIn, responses={201: HandoverOut})
    def create(self, request):
        return create_on_site(request, HandoverIn, HandoverOut, services.hand_over, "lb.view")

    def get_step_record(self, pk):
        return selectors.get_handover(self.request.user, pk)

    @extend_schema(parameters=[SITE], responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def draft(self, request):
        """The open items a handover at the site would carry over now."""
        site = site_for(request, action="lb.handover")
        return Response({"site": site.pk, "sections": handover.snapshot(site)})


@EXPORT
@api_view(["GET"])
def handovers_export(request):
    """Handovers (F1) of a site for a date range, as Excel."""
    return export(
        request,
        "handovers",
        lambda s, a, b: selectors.handovers_for(request.user, site=s).filter(
            handed_over_at__gte=a, handed_over_at__lt=b
        ),
        exports.handovers_workbook,
        HandoverFilter,
    )
