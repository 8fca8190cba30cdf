"""REST API of the core app under /api/v1/ (X-7): organisation, people and roles, the
working calendar, notifications and the audit log. Serializers parse and present; writes go
through ``services``; refusals map to HTTP in ``exception_handler``."""

import datetime as dt

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import calendar, limits, selectors, services
from .choices import OverrideKind, Role
from .exceptions import NotFound
from .filtersets import period
from .models import (
    AuditEvent,
    Building,
    CalendarOverride,
    Department,
    Notification,
    RoleAssignment,
    Site,
    User,
)
from .rest import ScopedField, VersionIn, create_on_site, requires, valid


class ScopedObjectMixin:
    """Single objects come from the same scoped selector as the list: out of scope is 404."""

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.get_queryset().model.DoesNotExist, ValueError):
            raise NotFound() from None


# -- organisation -----------------------------------------------------------------------------


class SiteOut(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.name")

    class Meta:
        model = Site
        fields = [
            "id",
            "code",
            "name",
            "branch",
            "address",
            "workday_start",
            "workday_end",
            "version",
        ]


class SiteEditIn(serializers.Serializer):
    version = serializers.IntegerField()
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    workday_start = serializers.TimeField()
    workday_end = serializers.TimeField()


class SiteViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Sites the caller can see (ORG-1)."""

    serializer_class = SiteOut
    filterset_fields = ["branch", "code"]

    def get_queryset(self):
        return selectors.sites_for(self.request.user)

    @extend_schema(request=SiteEditIn, responses=SiteOut)
    def partial_update(self, request, pk=None):
        site = selectors.get_site(request.user, pk)
        data = valid(SiteEditIn, request.data)
        site = services.update_site(request.user, site, **data)
        return Response(SiteOut(site).data)


class DepartmentOut(serializers.ModelSerializer):
    receivers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Department
        fields = ["id", "site", "code", "name", "level", "phone", "duties", "receivers", "version"]


class ReceiversIn(VersionIn):
    """SD-5: the department's designated receivers (指定的接单人), people of the department."""

    receivers = ScopedField(User, selectors.people_for, many=True)


class DepartmentIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=50)
    code = serializers.SlugField(max_length=20)
    phone = serializers.CharField(max_length=30, allow_blank=True, required=False, default="")
    duties = serializers.CharField(allow_blank=True, required=False, default="")


class DepartmentViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Departments of the caller's sites."""

    serializer_class = DepartmentOut
    filterset_fields = ["site", "code"]

    def get_queryset(self):
        return selectors.departments_for(self.request.user).prefetch_related("receivers")

    @extend_schema(request=ReceiversIn, responses=DepartmentOut)
    @action(detail=True, methods=["put"])
    def receivers(self, request, pk=None):
        """SD-5: set the designated receivers (the head, the site's managers, administrators)."""
        department = self.get_object()
        data = valid(ReceiversIn, request.data, request=request)
        department = services.set_department_receivers(request.user, department, **data)
        return Response(DepartmentOut(department).data)

    @extend_schema(request=DepartmentIn, responses={201: DepartmentOut})
    def create(self, request):
        return create_on_site(request, DepartmentIn, DepartmentOut, services.create_department)


class BuildingOut(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()

    class Meta:
        model = Building
        fields = ["id", "site", "name", "floors", "description", "units"]

    def get_units(self, building) -> list[dict]:
        return [
            {"id": u.id, "name": u.name, "rooms": [r.number for r in u.rooms.all()]}
            for u in building.units.all()
        ]


class BuildingIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=50)
    floors = serializers.IntegerField(min_value=1, max_value=200)
    units = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list
    )
    rooms_per_floor = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)
    description = serializers.CharField(allow_blank=True, required=False, default="")


class BuildingViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Buildings (楼栋) with units and rooms (ORG-4)."""

    serializer_class = BuildingOut
    filterset_fields = ["site"]

    def get_queryset(self):
        return selectors.buildings_for(self.request.user).prefetch_related("units__rooms")

    @extend_schema(request=BuildingIn, responses={201: BuildingOut})
    def create(self, request):
        data = valid(BuildingIn, request.data)
        site = selectors.get_site(request.user, data.pop("site"))
        building = services.create_building(request.user, site=site, **data)
        return Response(
            BuildingOut(selectors.get_building(request.user, building.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# -- people -------------------------------------------------------------------------------------


class RoleOut(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display")

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "role_label", "branch", "site", "department"]


class PersonOut(serializers.ModelSerializer):
    roles = RoleOut(source="role_assignments", many=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "phone",
            "email",
            "title",
            "responsibilities",
            "specialties",
            "roles",
            "version",
        ]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name, phone or specialty")

    class Meta:
        model = User
        fields = []

    def search(self, queryset, name, value):
        return selectors.people_for(self.request.user, q=value).filter(pk__in=queryset.values("pk"))


class StaffIn(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    full_name = serializers.CharField(max_length=50)
    password = serializers.CharField(write_only=True)
    phone = serializers.RegexField(
        r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", required=False, allow_blank=True, default=""
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    responsibilities = serializers.CharField(required=False, allow_blank=True, default="")
    specialties = serializers.CharField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    site = serializers.IntegerField()
    department = serializers.IntegerField(required=False, allow_null=True, default=None)


class PersonViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Staff profiles with responsibilities and specialties (ORG-3)."""

    serializer_class = PersonOut
    filterset_class = PersonFilter

    def get_queryset(self):
        return selectors.people_for(self.request.user)

    @extend_schema(request=StaffIn, responses={201: PersonOut})
    def create(self, request):
        """Create a person with their first role (system administrators of the site)."""
        data = valid(StaffIn, request.data)
        site = selectors.get_site(request.user, data.pop("site"))
        department_id = data.pop("department")
        department = (
            selectors.get_department(request.user, department_id) if department_id else None
        )
        person = services.add_staff(request.user, site=site, department=department, **data)
        return Response(PersonOut(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PersonOut)
    @action(detail=False)
    def me(self, request):
        return Response(PersonOut(request.user).data)


class RoleIn(serializers.Serializer):
    user = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    department = serializers.IntegerField(required=False, allow_null=True, default=None)


class RoleAssignmentViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Role assignments at the caller's sites (ORG-2)."""

    serializer_class = RoleOut
    filterset_fields = ["user", "role", "site", "department"]

    def get_queryset(self):
        return selectors.role_assignments_for(self.request.user)

    @extend_schema(request=RoleIn, responses={201: RoleOut})
    def create(self, request):
        data = valid(RoleIn, request.data)
        site = selectors.get_site(request.user, data["site"]) if data["site"] else None
        department = (
            selectors.get_department(request.user, data["department"])
            if data["department"]
            else None
        )
        person = selectors.get_person(request.user, data["user"])
        assignment = services.assign_role(
            request.user, person=person, role=data["role"], site=site, department=department
        )
        return Response(RoleOut(assignment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.revoke_role(self.request.user, instance)


# -- calendar -----------------------------------------------------------------------------------


class OverrideOut(serializers.ModelSerializer):
    class Meta:
        model = CalendarOverride
        fields = ["id", "site", "date", "kind", "official", "note"]


class OverrideIn(serializers.Serializer):
    site = serializers.IntegerField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=OverrideKind.choices)
    official = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")


class OverrideFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="date__year", min_value=limits.YEAR_MIN, max_value=limits.YEAR_MAX
    )

    class Meta:
        model = CalendarOverride
        fields = ["site", "kind", "official"]


class CalendarOverrideViewSet(
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Site holidays and working days (X-3)."""

    serializer_class = OverrideOut
    filterset_class = OverrideFilter

    def get_queryset(self):
        return selectors.calendar_overrides_for(self.request.user)

    @extend_schema(request=OverrideIn, responses={201: OverrideOut})
    def create(self, request):
        return create_on_site(
            request, OverrideIn, OverrideOut, services.add_calendar_override, "calendar.view"
        )

    def perform_destroy(self, instance):
        services.remove_calendar_override(self.request.user, instance)


class WorkingDaysIn(serializers.Serializer):
    start = serializers.DateTimeField()
    days = serializers.IntegerField(min_value=0, max_value=3650)
    site = serializers.IntegerField(required=False)


@extend_schema(
    parameters=[
        OpenApiParameter("start", str, description="ISO date-time"),
        OpenApiParameter("days", int),
        OpenApiParameter("site", int, required=False),
    ],
    responses=inline_serializer(
        "WorkingDaysOut",
        {"at": serializers.DateTimeField(), "provisional": serializers.BooleanField()},
    ),
)
@api_view(["GET"])
def add_working_days(request):
    """The instant ``days`` working days after ``start`` at a site (X-3)."""
    data = valid(WorkingDaysIn, request.query_params)
    site = (
        selectors.get_site(request.user, data["site"], "calendar.view")
        if data.get("site")
        else None
    )
    result = calendar.for_site(site).add_working_days(data["start"], data["days"])
    return Response({"at": result.at.isoformat(), "provisional": result.provisional})


class WorkingDayIn(serializers.Serializer):
    date = serializers.DateField()
    site = serializers.IntegerField(required=False)


@extend_schema(
    parameters=[OpenApiParameter("date", dt.date), OpenApiParameter("site", int, required=False)],
    responses=inline_serializer(
        "WorkingDayOut",
        {
            "date": serializers.DateField(),
            "working": serializers.BooleanField(),
            "reason": serializers.CharField(),
            "provisional": serializers.BooleanField(),
        },
    ),
)
@api_view(["GET"])
def working_day(request):
    """Whether a date is a working day at a site, and why (X-3)."""
    data = valid(WorkingDayIn, request.query_params)
    site = (
        selectors.get_site(request.user, data["site"], "calendar.view")
        if data.get("site")
        else None
    )
    cal = calendar.for_site(site)
    day = data["date"]
    return Response(
        {
            "date": day,
            "working": cal.is_working_day(day),
            "reason": cal.reason(day),
            "provisional": not cal.known(day),
        }
    )


# -- notifications and audit ------------------------------------------------------------------


class NotificationOut(serializers.ModelSerializer):
    """A message in the caller's language (``Accept-Language`` or the language cookie)."""

    subject = serializers.CharField(source="subject_text", read_only=True)
    body = serializers.CharField(source="body_text", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "link", "site", "created_at", "read_at"]


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's in-app messages."""

    serializer_class = NotificationOut
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the caller
    filterset_fields = {"read_at": ["isnull"]}

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(
        request=inline_serializer(
            "ReadIn",
            {"ids": serializers.ListField(child=serializers.IntegerField(), required=False)},
        ),
        responses=inline_serializer("ReadOut", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        if not isinstance(request.data, dict):
            raise DrfValidationError({"detail": [_("The body must be a JSON object.")]})
        ids = request.data.get("ids")
        if ids is not None and (
            not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)
        ):
            raise DrfValidationError({"ids": ["A list of notification ids."]})
        return Response({"marked": services.mark_notifications_read(request.user, ids=ids)})


class AuditEventOut(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "chain",
            "seq",
            "site",
            "occurred_at",
            "actor",
            "actor_name",
            "kind",
            "subject_type",
            "subject_id",
            "subject_repr",
            "data",
            "prev_hash",
            "hash",
        ]


class AuditFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(lookup_expr="startswith")
    since, until = period("occurred_at")

    class Meta:
        model = AuditEvent
        fields = ["site", "subject_type", "subject_id"]


class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit log (X-1) of the sites where the caller may read it."""

    serializer_class = AuditEventOut
    filterset_class = AuditFilter
    permission_classes = [requires("audit.view")]

    def get_queryset(self):
        return selectors.audit_events_for(self.request.user).order_by("-occurred_at", "-seq")


class TokenView(APIView):
    """Exchange a user name and password for a new API key (throttled, X-8). The key is shown
    this once; only its digest is stored, and the person's previous key stops working."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("ApiKeyOut", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        person = serializer.validated_data["user"]
        return Response({"token": services.issue_api_key(person, person=person)})
