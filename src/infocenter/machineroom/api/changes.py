"""The machine room's API for changes (MR-7, MR-8): the change register, each workflow step as an
action (409 for a step the state or the change does not allow, or a stale version), and the
change calendar of a month."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.models import Department, User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid
from infocenter.core.web import SANE_YEARS

from .. import selectors
from ..choices import ChangeClass, ChangeOutcome
from ..filtersets.changes import ChangeFilter
from ..models import ChangeComment, ChangeOperation, ChangeRequest
from ..rules import changes as rules
from ..rules.changes import ChangeContent
from ..services import changes
from .common import SITE, Scope, SiteRecords, site_for


class CommentOut(serializers.ModelSerializer):
    class Meta:
        model = ChangeComment
        fields = ["id", "author", "at", "text"]


class OperationOut(serializers.ModelSerializer):
    class Meta:
        model = ChangeOperation
        fields = ["id", "done_by", "at", "text"]


class ChangeOut(serializers.ModelSerializer):
    steps = serializers.SerializerMethodField(help_text="The steps open to the caller now.")

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "site",
            "serial",
            "kind",
            "state",
            "title",
            "system",
            "core_server",
            "justification",
            "global_impact",
            "affected_parties",
            "notify_people",
            "notify_departments",
            "plan",
            "impact",
            "rollback_plan",
            "spare_parts",
            "planned_start",
            "planned_end",
            "implementer",
            "not_experimental",
            "central_data",
            "requested_by",
            "requested_at",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "notice_text",
            "notice_sent_by",
            "notice_sent_at",
            "backup_reference",
            "backup_taken_at",
            "backup_recorded_by",
            "started_at",
            "finished_at",
            "outcome",
            "outcome_note",
            "confirmed_by",
            "confirmed_at",
            "confirm_note",
            "backup_deleted_by",
            "backup_deleted_at",
            "backup_delete_note",
            "version",
            "steps",
        ]

    def get_steps(self, change) -> list[str]:
        request = self.context.get("request")
        return [s.name for s in rules.steps_for(request.user, change)] if request else []


class ChangeDetailOut(ChangeOut):
    comments = CommentOut(many=True, read_only=True)
    operations = OperationOut(many=True, read_only=True)

    class Meta(ChangeOut.Meta):
        fields = [*ChangeOut.Meta.fields, "comments", "operations"]


class ChangeFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeClass.choices)
    title = serializers.CharField(max_length=120)
    system = serializers.CharField(max_length=120)
    plan = serializers.CharField()
    impact = serializers.CharField(required=False, allow_blank=True, default="")
    rollback_plan = serializers.CharField(required=False, allow_blank=True, default="")
    spare_parts = serializers.CharField(required=False, allow_blank=True, default="")
    planned_start = serializers.DateTimeField()
    planned_end = serializers.DateTimeField()
    implementer = ScopedField(User, core_selectors.people_for)
    not_experimental = serializers.BooleanField(default=False)
    core_server = serializers.BooleanField(default=False)
    justification = serializers.CharField(required=False, allow_blank=True, default="")
    global_impact = serializers.BooleanField(default=False)
    affected_parties = serializers.CharField(required=False, allow_blank=True, default="")
    notify_people = ScopedField(
        User, core_selectors.people_for, many=True, required=False, default=list
    )
    notify_departments = ScopedField(
        Department, core_selectors.departments_for, many=True, required=False, default=list
    )
    central_data = serializers.BooleanField(default=False)


class ChangeIn(ChangeFields):
    site = serializers.IntegerField()
    submit = serializers.BooleanField(
        default=False, help_text="Submit at once instead of keeping a draft."
    )


class ChangeEditIn(VersionIn, ChangeFields):
    def validate(self, data):
        """The version apart, and the rest as the change's content (``edit_change``)."""
        version = data.pop("version")
        return {"version": version, "content": ChangeContent(**data)}


class ChangeNoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TextIn(serializers.Serializer):
    text = serializers.CharField()


class ChangeRescheduleIn(VersionIn):
    planned_start = serializers.DateTimeField()
    planned_end = serializers.DateTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StartIn(VersionIn):
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it started, if recorded afterwards (default: now).",
    )


class OperationIn(TextIn):
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it was done, if recorded afterwards (default: now).",
    )


class BackupIn(VersionIn):
    reference = serializers.CharField()
    taken_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class FinishIn(VersionIn):
    outcome = serializers.ChoiceField(choices=ChangeOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it finished, if recorded afterwards (default: now).",
    )


MONTH = OpenApiParameter("month", str, description="YYYY-MM (default: this month)")


class ChangeViewSet(SiteRecords):
    """Change requests (MR-7, MR-8). ``create`` (a draft, or ``submit``), ``edit``, ``submit``,
    ``comment``, ``approve``/``refuse`` (the head), ``notify`` (advance notice), ``reschedule``, ``backup``,
    ``start``/``operation``/``finish`` (the named implementer), ``ratify`` (emergency, after the
    fact), ``confirm`` (correct running), ``delete_backup``, ``cancel``; ``calendar`` of a month."""

    filterset_class = ChangeFilter
    scope = Scope(
        selectors.changes_for,
        selectors.get_change,
        ("-planned_start", "-id"),
        prefetch=("notify_people", "notify_departments"),
    )
    step_output = ChangeDetailOut
    steps = {
        "edit": StepAction(changes.edit_change, ChangeEditIn),
        "submit": StepAction(changes.submit_change),
        "comment": StepAction(changes.comment_on_change, TextIn),
        "approve": StepAction(changes.approve_change, ChangeNoteIn),
        "refuse": StepAction(changes.refuse_change, ChangeNoteIn),
        "notify": StepAction(changes.send_notice, ChangeNoteIn),
        "reschedule": StepAction(changes.reschedule_change, ChangeRescheduleIn),
        "backup": StepAction(changes.record_backup, BackupIn),
        "start": StepAction(changes.start_change, StartIn),
        "operation": StepAction(changes.record_operation, OperationIn),
        "finish": StepAction(changes.finish_change, FinishIn),
        "ratify": StepAction(changes.ratify_change, ChangeNoteIn),
        "confirm": StepAction(changes.confirm_running, ChangeNoteIn),
        "delete_backup": StepAction(changes.record_backup_deleted, ChangeNoteIn, "delete-backup"),
        "cancel": StepAction(changes.cancel_change, ChangeNoteIn),
    }

    def get_serializer_class(self):
        return ChangeDetailOut if self.action != "list" else ChangeOut

    def step_response(self, change, result, step):
        """The change as it is now, with its discussion and operations."""
        return self._out(self.get_step_record(change.pk))

    def _out(self, change, code=status.HTTP_200_OK):
        return Response(
            ChangeDetailOut(change, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=ChangeIn, responses={201: ChangeDetailOut})
    def create(self, request):
        data = valid(ChangeIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.change")
        submit = data.pop("submit")
        content = ChangeContent(**data)
        change = changes.create_change(request.user, site=site, content=content, submit=submit)
        return self._out(self.get_step_record(change.pk), status.HTTP_201_CREATED)

    @extend_schema(parameters=[SITE, MONTH], responses=ChangeOut(many=True))
    @action(detail=False, methods=["get"])
    def calendar(self, request):
        """The change calendar: changes planned or carried out in a month at a site."""
        site = site_for(request)
        first = _month(request.query_params.get("month"))
        following = (first + dt.timedelta(days=32)).replace(day=1)
        since, until = days_span(first, following - dt.timedelta(days=1))
        rows = selectors.changes_between(request.user, site=site, since=since, until=until)
        return Response(
            ChangeOut(
                rows.prefetch_related("notify_people", "notify_departments"),
                many=True,
                context={"request": request},
            ).data
        )


def _month(raw) -> dt.date:
    if not raw:
        return timezone.localdate().replace(day=1)
    try:
        year, month = (int(x) for x in raw.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        first = None
    if first is None or first.year not in SANE_YEARS:
        raise serializers.ValidationError({"month": [_("Use YYYY-MM, a month of 2000–2100.")]})
    return first
