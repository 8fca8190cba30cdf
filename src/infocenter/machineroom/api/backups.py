"""The machine room's API for backups (MR-11): backup jobs, the daily register of results and its
corrections, alerts and restore tests."""

import dataclasses

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, StepActionsMixin, VersionIn
from infocenter.core.web import day_of

from .. import selectors
from ..choices import BackupFrequency, BackupOutcome, RestoreOutcome
from ..filtersets.backups import (
    BackupAlertFilter,
    BackupJobFilter,
    BackupResultFilter,
    RestoreTestFilter,
)
from ..models import BackupAlert, BackupJob, BackupResult, RestoreTest
from ..rules.backups import JOB_FIELDS, JobContent
from ..services import backups
from .common import create_on_site, create_under, of_site

# -- jobs ----------------------------------------------------------------------------------------


class BackupJobOut(serializers.ModelSerializer):
    restore_due_on = serializers.SerializerMethodField()

    class Meta:
        model = BackupJob
        fields = [
            "id",
            "site",
            *JOB_FIELDS,
            "started_on",
            "created_by",
            "created_at",
            "retired_at",
            "restore_due_on",
            "version",
        ]

    def get_restore_due_on(self, job) -> str | None:
        dues = self.context.get("due")
        due = dues.get(job.pk) if dues is not None else backups.restore_due_on(job)
        return due.isoformat() if due else None


class JobFieldsIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    system = serializers.CharField(max_length=100)
    content = serializers.CharField()
    frequency = serializers.ChoiceField(
        choices=BackupFrequency.choices, default=BackupFrequency.DAILY
    )
    location = serializers.CharField(max_length=120)
    offsite = serializers.BooleanField(default=False)
    offsite_location = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    important = serializers.BooleanField(default=True)
    encrypted = serializers.BooleanField(default=True)
    custodian = ScopedField(User, core_selectors.people_for)
    restore_every_days = serializers.IntegerField(min_value=1, max_value=366, default=90)
    retention = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BackupJobIn(JobFieldsIn):
    site = serializers.IntegerField()
    started_on = serializers.DateField(required=False, allow_null=True, default=None)


class BackupJobEditIn(VersionIn, JobFieldsIn):
    """Every field is optional: what is left out keeps its value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required, field.default = False, serializers.empty

    def validate(self, data):
        """The version apart, and the fields given (``edit_job``)."""
        version = data.pop("version")
        return {"version": version, "given": data}


def edit_job(actor, job: BackupJob, *, version: int, given: dict) -> BackupJob:
    """``update_backup_job`` as the API's ``edit`` asks it: what the body leaves out keeps its
    value."""
    content = dataclasses.replace(JobContent.of(job), **given)
    return backups.update_backup_job(actor, job, version=version, content=content)


class BackupNoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BackupJobViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Backup jobs (MR-11) with the next restore test due. The head adds (``create``; an
    unencrypted job for important data is refused), changes (``edit``) and ``retire``s them."""

    serializer_class = BackupJobOut
    filterset_class = BackupJobFilter
    steps = {
        "edit": StepAction(edit_job, BackupJobEditIn),
        "retire": StepAction(backups.retire_backup_job, BackupNoteIn),
    }

    def get_queryset(self):
        retired = self.request.query_params.get("retired") in ("1", "true")
        return of_site(
            self.request, selectors.backup_jobs_for(self.request.user, retired=retired)
        ).order_by("site", "system", "name")

    def get_step_record(self, pk):
        return selectors.get_backup_job(self.request.user, pk)

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("retired", bool)])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = self.get_serializer_context() | {"due": selectors.restore_due(page)}
        return self.get_paginated_response(BackupJobOut(page, many=True, context=context).data)

    @extend_schema(request=BackupJobIn, responses={201: BackupJobOut})
    def create(self, request):
        return create_on_site(
            request, BackupJobIn, BackupJobOut, backups.add_backup_job, "mr.approve"
        )


class BackupResultOut(serializers.ModelSerializer):
    class Meta:
        model = BackupResult
        fields = [
            "id",
            "site",
            "job",
            "day",
            "outcome",
            "size_bytes",
            "size_text",
            "offsite",
            "encrypted",
            "note",
            "recorded_by",
            "recorded_at",
            "revision",
            "replaces",
            "correction_reason",
            "current",
            "version",
        ]


class ResultFieldsIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=BackupOutcome.choices)
    size = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text="With its unit: 12.5 GB, 800 MB, 2 TB; a bare number is bytes.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BackupResultIn(ResultFieldsIn):
    job = serializers.IntegerField()
    day = serializers.DateField()
    offsite = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Default: the job's setting."
    )
    encrypted = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Default: the job's setting."
    )


class CorrectionIn(VersionIn, ResultFieldsIn):
    reason = serializers.CharField()
    offsite = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: as on the line corrected.",
    )
    encrypted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: as on the line corrected.",
    )


class BackupResultViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """The backup register (MR-11): one current line per job and day (``all=1`` adds the
    corrected revisions). ``create`` records a day's result once; ``correct`` replaces it with a
    new revision and its reason. A failed or partial result alerts the custodian and the head."""

    serializer_class = BackupResultOut
    filterset_class = BackupResultFilter
    steps = {"correct": StepAction(backups.correct_backup_result, CorrectionIn, created=True)}

    def get_queryset(self):
        params = self.request.query_params
        qs = of_site(
            self.request,
            selectors.backup_results_for(
                self.request.user, current_only=params.get("all") not in ("1", "true")
            ),
        )
        if params.get("job"):
            qs = qs.filter(job=selectors.get_backup_job(self.request.user, params["job"]))
        for name, lookup in (("start", "day__gte"), ("end", "day__lte")):
            if params.get(name):
                day = day_of(params[name])
                if day is None:
                    raise serializers.ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]})
                qs = qs.filter(**{lookup: day})
        return qs.order_by("-day", "job", "-revision")

    @extend_schema(
        parameters=[
            OpenApiParameter(n, t)
            for n, t in (
                ("site", int),
                ("job", int),
                ("start", str),
                ("end", str),
                ("all", bool),
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BackupResultIn, responses={201: BackupResultOut})
    def create(self, request):
        return create_under(
            request,
            BackupResultIn,
            BackupResultOut,
            backups.record_backup_result,
            parent="job",
            get=selectors.get_backup_job,
        )

    def get_step_record(self, pk):
        return selectors.get_backup_result(self.request.user, pk)


class BackupAlertOut(serializers.ModelSerializer):
    class Meta:
        model = BackupAlert
        fields = [
            "id",
            "site",
            "job",
            "kind",
            "day",
            "raised_at",
            "detail",
            "handled_by",
            "handled_at",
            "handling",
            "version",
        ]


class HandleIn(VersionIn):
    handling = serializers.CharField()


class BackupAlertViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Backup alerts (MR-11): missed, failed or partial backups and failed restore tests
    (``open=1``: not dealt with yet). The custodian or the head ``handle``s one."""

    serializer_class = BackupAlertOut
    filterset_class = BackupAlertFilter
    steps = {"handle": StepAction(backups.handle_alert, HandleIn)}

    def get_queryset(self):
        open_only = self.request.query_params.get("open") in ("1", "true")
        return of_site(
            self.request, selectors.backup_alerts_for(self.request.user, open_only=open_only)
        ).order_by("-raised_at", "-id")

    def get_step_record(self, pk):
        return selectors.get_backup_alert(self.request.user, pk)

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("open", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class RestoreTestOut(serializers.ModelSerializer):
    class Meta:
        model = RestoreTest
        fields = [
            "id",
            "site",
            "job",
            "tested_on",
            "restored",
            "target",
            "outcome",
            "verification",
            "duration_minutes",
            "note",
            "tested_by",
            "recorded_at",
        ]


class RestoreTestIn(serializers.Serializer):
    job = serializers.IntegerField()
    tested_on = serializers.DateField()
    restored = serializers.CharField(max_length=200)
    target = serializers.CharField(max_length=120)
    outcome = serializers.ChoiceField(choices=RestoreOutcome.choices)
    verification = serializers.CharField()
    duration_minutes = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RestoreTestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Restore tests (MR-11); ``create`` records one and moves the next test's clock."""

    serializer_class = RestoreTestOut
    filterset_class = RestoreTestFilter

    def get_queryset(self):
        qs = of_site(self.request, selectors.restore_tests_for(self.request.user))
        if self.request.query_params.get("job"):
            qs = qs.filter(
                job=selectors.get_backup_job(self.request.user, self.request.query_params["job"])
            )
        return qs.order_by("-tested_on", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("site", int),
            OpenApiParameter("job", int),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RestoreTestIn, responses={201: RestoreTestOut})
    def create(self, request):
        return create_under(
            request,
            RestoreTestIn,
            RestoreTestOut,
            backups.record_restore_test,
            parent="job",
            get=selectors.get_backup_job,
        )
