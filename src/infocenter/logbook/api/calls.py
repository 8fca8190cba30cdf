"""The phone log (F4, LOG-2) in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn, valid
from infocenter.core.selectors import people_for
from infocenter.servicedesk.choices import Category, Priority
from infocenter.servicedesk.models import Resident
from infocenter.servicedesk.selectors import residents_for

from .. import exports, selectors, services
from ..choices import (
    CallDirection,
)
from ..filtersets import CallFilter
from ..models import (
    PhoneCall,
)
from .common import EXPORT, export, site_for


class CallOut(serializers.ModelSerializer):
    form_serial = serializers.CharField(
        source="form.serial", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = PhoneCall
        fields = [
            "id",
            "site",
            "serial",
            "direction",
            "state",
            "occurred_at",
            "number",
            "caller",
            "subject",
            "outcome",
            "taken_by",
            "resident",
            "form",
            "form_serial",
            "callback_of",
            "called",
            "away_status",
            "away_place",
            "substitute",
            "archived_at",
            "version",
        ]


class CallIn(serializers.Serializer):
    site = serializers.IntegerField()
    direction = serializers.ChoiceField(
        choices=CallDirection.choices, default=CallDirection.INCOMING
    )
    number = serializers.CharField(max_length=20)
    caller = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=200)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, default=None)
    resident = ScopedField(Resident, residents_for, required=False, allow_null=True, default=None)
    form_category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )


class MissedIn(serializers.Serializer):
    site = serializers.IntegerField()
    number = serializers.CharField(max_length=20)
    caller = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, default=None)
    called = ScopedField(
        User,
        people_for,
        required=False,
        allow_null=True,
        default=None,
        help_text="The staff member the call was for (IT-5: their whereabouts are kept).",
    )


class CallBackIn(VersionIn):
    subject = serializers.CharField(max_length=200)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class MakeFormIn(VersionIn):
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class CallViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """The phone log (F4, LOG-2): log a call (optionally making a form in the same step), log a
    missed call, call it back, or make a form from a logged call."""

    serializer_class = CallOut
    filterset_class = CallFilter
    steps = {
        "call_back": StepAction(services.call_back, CallBackIn, created=True),
        "make_form": StepAction(services.call_to_form, MakeFormIn),
    }

    def get_queryset(self):
        return selectors.calls_for(self.request.user).order_by("-occurred_at", "-id")

    @extend_schema(request=CallIn, responses={201: CallOut})
    def create(self, request):
        data = valid(CallIn, request.data, request=request)
        site = site_for(request, data)
        return Response(
            CallOut(services.log_call(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=MissedIn, responses={201: CallOut})
    @action(detail=False, methods=["post"])
    def missed(self, request):
        data = valid(MissedIn, request.data, request=request)
        site = site_for(request, data)
        return Response(
            CallOut(services.log_missed_call(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def get_step_record(self, pk):
        return selectors.get_call(self.request.user, pk)


@EXPORT
@api_view(["GET"])
def calls_export(request):
    """The phone log (F4) of a site for a date range, as Excel."""
    return export(
        request,
        "phone-log",
        lambda s, a, b: selectors.calls_for(request.user, site=s).filter(
            occurred_at__gte=a, occurred_at__lt=b
        ),
        exports.calls_workbook,
        CallFilter,
    )
