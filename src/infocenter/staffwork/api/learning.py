"""Learning (IT-3) in the API: the yearly plans by channel (``create`` sets the caller's plan of
a year, at the version read when it exists) and their ``progress``, learning records, courses
and certificates. ``?person=`` names whose records (the caller's by default)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core.rest import VersionIn, requires, valid
from infocenter.core.validators import is_number

from ..models import Channel, Course, CourseKind, LearningPlan, LearningRecord, PlanTarget
from ..selectors import learning as selectors
from ..services import learning as services
from .worklog import PERSON, own_site, person_of

YEAR = OpenApiParameter("year", int, description="calendar year (default: this year)")


def year_of(request) -> int:
    raw = request.query_params.get("year") or ""
    if raw and not is_number(raw):
        raise serializers.ValidationError({"year": [_("Enter a year.")]})
    return int(raw) if raw else timezone.localdate().year


class LearningTargetOut(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["channel", "hours", "items", "note"]


class LearningPlanOut(serializers.ModelSerializer):
    targets = LearningTargetOut(many=True, read_only=True)

    class Meta:
        model = LearningPlan
        fields = ["id", "site", "person", "year", "note", "targets", "version"]


class LearningTargetIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, default=Decimal(0))
    items = serializers.IntegerField(min_value=0, max_value=9999, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LearningPlanIn(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    year = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    targets = LearningTargetIn(many=True)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class LearningProgressOut(serializers.Serializer):
    channel = serializers.CharField()
    label = serializers.CharField()
    target_hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    target_items = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    items = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


@extend_schema_view(list=extend_schema(parameters=[PERSON]))
class LearningPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """A person's learning plans, a target per channel; ``create`` sets the caller's plan of a
    year; ``progress`` shows a year's plan against its learning records, channel by channel."""

    serializer_class = LearningPlanOut
    permission_classes = [requires("sw.view")]

    def get_queryset(self):
        if self.action == "list":
            return selectors.plans_for(self.request.user, person=person_of(self.request))
        return selectors.plans_for(self.request.user)

    @extend_schema(request=LearningPlanIn, responses={201: LearningPlanOut})
    def create(self, request):
        data = valid(LearningPlanIn, request.data, request=request)
        site = own_site(request, data.pop("site"))
        targets = {
            t["channel"]: services.Target(t["hours"], t["items"], t["note"])
            for t in data.pop("targets")
        }
        plan = services.set_learning_plan(request.user, site=site, targets=targets, **data)
        return Response(LearningPlanOut(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[PERSON, YEAR], responses=LearningProgressOut(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # one row a channel
    def progress(self, request):
        rows = selectors.progress(request.user, person=person_of(request), year=year_of(request))
        return Response(LearningProgressOut(rows, many=True).data)


class LearningRecordOut(serializers.ModelSerializer):
    class Meta:
        model = LearningRecord
        fields = ["id", "site", "person", "day", "channel", "hours", "items", "notes", "version"]


class LearningRecordIn(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    day = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    items = serializers.IntegerField(min_value=0, max_value=9999, default=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(list=extend_schema(parameters=[PERSON, YEAR]))
class LearningRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A person's learning records of a year; ``create`` records the caller's learning; its
    person ``remove``s one at the version read."""

    serializer_class = LearningRecordOut
    permission_classes = [requires("sw.view")]

    def get_queryset(self):
        if self.action == "list":
            return selectors.records_for(
                self.request.user, person=person_of(self.request), year=year_of(self.request)
            )
        return selectors.records_for(self.request.user)

    @extend_schema(request=LearningRecordIn, responses={201: LearningRecordOut})
    def create(self, request):
        data = valid(LearningRecordIn, request.data, request=request)
        site = own_site(request, data.pop("site"))
        record = services.add_learning_record(request.user, site=site, **data)
        return Response(LearningRecordOut(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        record = selectors.get_record(request.user, pk)
        data = valid(VersionIn, request.data, request=request)
        services.remove_learning_record(request.user, record, version=data["version"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class CourseOut(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "site", "person", "kind", "name", "provider", "completed_on", "hours"]


class CourseIn(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=CourseKind.choices)
    name = serializers.CharField(max_length=120)
    provider = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    completed_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, default=Decimal(0))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


@extend_schema_view(list=extend_schema(parameters=[PERSON, YEAR]))
class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """A person's courses and certificates of a year; ``create`` (multipart, ``files`` PDF,
    Word or Excel) adds one of the caller's."""

    serializer_class = CourseOut
    permission_classes = [requires("sw.view")]

    def get_queryset(self):
        if self.action == "list":
            return selectors.courses_for(
                self.request.user, person=person_of(self.request), year=year_of(self.request)
            )
        return selectors.courses_for(self.request.user)

    @extend_schema(request={"multipart/form-data": CourseIn}, responses={201: CourseOut})
    def create(self, request):
        data = valid(CourseIn, request.data, request=request)
        site = own_site(request, data.pop("site"))
        course = services.add_course(request.user, site=site, **data)
        return Response(CourseOut(course).data, status=status.HTTP_201_CREATED)
