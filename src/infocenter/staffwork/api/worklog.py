"""The work log (IT-1) in the API: entries (list with the page's filters, create, ``edit`` and
``remove`` at the version read), the proposals from the system's records (``confirm``,
``dismiss``) and projects. ``?person=`` names whose log (the caller's by default)."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.models import Department, Site
from infocenter.core.rest import ScopedField, VersionIn, requires, valid
from infocenter.core.web import day_of

from ..filtersets.worklog import WorkEntryFilter
from ..models import Milestone, Project, WorkEntry, WorkKind
from ..selectors import worklog as selectors
from ..services import worklog as services

PERSON = OpenApiParameter("person", int, description="whose records (default: the caller)")


def person_of(request):
    """The person ``?person=`` names among those the caller may read (404 otherwise)."""
    return selectors.person_of(request.query_params.get("person"), request.user)


def own_site(request, raw):
    """The site of a new record: the one given, else the caller's first where they keep a log."""
    if raw:
        return core_selectors.get_site(request.user, raw, "sw.own")
    site = core_selectors.sites_for(request.user, "sw.own").first()
    permissions.check(request.user, "sw.own", site=site)
    return site


class WorkEntryOut(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = WorkEntry
        fields = [
            "id",
            "site",
            "person",
            "kind",
            "kind_label",
            "day",
            "hours",
            "helped",
            "helped_department",
            "helped_site",
            "notes",
            "project",
            "source_type",
            "source_id",
            "source_text",
            "version",
        ]


def _own_projects(user):
    return selectors.projects_for(user, person=user)


class WorkEntryIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkKind.choices)
    day = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    helped = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    helped_department = ScopedField(
        Department, core_selectors.departments_for, required=False, allow_null=True, default=None
    )
    helped_site = ScopedField(
        Site, core_selectors.sites_for, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    project = ScopedField(Project, _own_projects, required=False, allow_null=True, default=None)


class NewWorkEntryIn(WorkEntryIn):
    site = serializers.IntegerField(required=False, allow_null=True, default=None)


class WorkEntryEditIn(VersionIn, WorkEntryIn):
    pass


@extend_schema_view(list=extend_schema(parameters=[PERSON]))
class WorkEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """A person's work log, newest first (filters ``kind``, ``start``, ``end``, ``project``,
    ``q``). ``create`` adds to the caller's own log; its person ``edit``s or ``remove``s an
    entry at the version read."""

    serializer_class = WorkEntryOut
    filterset_class = WorkEntryFilter
    permission_classes = [requires("sw.view")]

    def get_queryset(self):
        if self.action == "list":
            return selectors.entries_for(self.request.user, person=person_of(self.request))
        return selectors.entries_for(self.request.user)

    @extend_schema(request=NewWorkEntryIn, responses={201: WorkEntryOut})
    def create(self, request):
        data = valid(NewWorkEntryIn, request.data, request=request)
        site = own_site(request, data.pop("site"))
        entry = services.add_entry(request.user, site=site, content=services.EntryContent(**data))
        return Response(WorkEntryOut(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkEntryEditIn, responses={200: WorkEntryOut})
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        entry = selectors.get_entry(request.user, pk)
        data = valid(WorkEntryEditIn, request.data, request=request)
        version = data.pop("version")
        entry = services.edit_entry(
            request.user, entry, version=version, content=services.EntryContent(**data)
        )
        return Response(WorkEntryOut(entry).data)

    @extend_schema(request=VersionIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        entry = selectors.get_entry(request.user, pk)
        data = valid(VersionIn, request.data, request=request)
        services.remove_entry(request.user, entry, version=data["version"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProposalOut(serializers.Serializer):
    key = serializers.CharField()
    source_type = serializers.CharField()
    source_id = serializers.CharField()
    site = serializers.IntegerField(source="site_id")
    kind = serializers.CharField()
    day = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    text = serializers.CharField()
    helped = serializers.CharField()
    url = serializers.CharField()


class ProposalConfirmIn(serializers.Serializer):
    key = serializers.CharField(max_length=120)
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=WorkKind.choices, required=False, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalDismissIn(serializers.Serializer):
    key = serializers.CharField(max_length=120)


class ProposalViewSet(viewsets.ViewSet):
    """What the caller did in the system (work orders, inspection rounds, changes, backups,
    loans, data requests) proposed as log entries (``?start=``, ``?end=``: the last 30 days by
    default); ``confirm`` makes one an entry linked to its record, ``dismiss`` drops it. Nothing
    decided is proposed again."""

    permission_classes = [requires("sw.own")]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
        ],
        responses=ProposalOut(many=True),
    )
    def list(self, request):
        end = day_of(request.query_params.get("end"), timezone.localdate())
        start = day_of(request.query_params.get("start"), end - dt.timedelta(days=29))
        rows = selectors.proposals_for(request.user, start=min(start, end), end=end)
        return Response(ProposalOut(rows, many=True).data)

    @extend_schema(request=ProposalConfirmIn, responses={201: WorkEntryOut})
    @action(detail=False, methods=["post"])
    def confirm(self, request):
        data = valid(ProposalConfirmIn, request.data, request=request)
        entry = services.confirm_proposal(request.user, **data)
        return Response(WorkEntryOut(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalDismissIn, responses={204: None})
    @action(detail=False, methods=["post"])
    def dismiss(self, request):
        data = valid(ProposalDismissIn, request.data, request=request)
        services.dismiss_proposal(request.user, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectMilestoneOut(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "name", "planned_on", "done_on"]


class ProjectOut(serializers.ModelSerializer):
    milestones = ProjectMilestoneOut(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "site", "person", "name", "role", "go_live_on", "note", "milestones"]


class ProjectMilestoneIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    planned_on = serializers.DateField()


class ProjectIn(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=120)
    role = serializers.CharField(max_length=60)
    go_live_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    milestones = ProjectMilestoneIn(many=True, required=False, default=list)


@extend_schema_view(list=extend_schema(parameters=[PERSON]))
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """A person's projects with their milestones and go-live date; ``create`` adds one of the
    caller's own."""

    serializer_class = ProjectOut
    permission_classes = [requires("sw.view")]

    def get_queryset(self):
        if self.action == "list":
            return selectors.projects_for(self.request.user, person=person_of(self.request))
        return selectors.projects_for(self.request.user)

    @extend_schema(request=ProjectIn, responses={201: ProjectOut})
    def create(self, request):
        data = valid(ProjectIn, request.data, request=request)
        site = own_site(request, data.pop("site"))
        data["milestones"] = [(m["name"], m["planned_on"]) for m in data["milestones"]]
        project = services.add_project(request.user, site=site, **data)
        return Response(ProjectOut(project).data, status=status.HTTP_201_CREATED)
