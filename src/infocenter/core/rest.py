"""REST plumbing shared by every app's API: pagination, the version a step was read at, input
validation, workflow steps as actions (``StepActionsMixin``), and the one place where
application errors become HTTP responses (400/403/404/409)."""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import ISO_8601, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.fields import SkipField
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from . import limits, permissions, selectors
from .deadlines import clocks_for
from .exceptions import ApplicationError
from .models import Deadline
from .parsers import too_large_body


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class VersionIn(serializers.Serializer):
    """The version of the record the caller read: a step on a record changed since is refused
    with who changed what (DESIGN rule 9)."""

    version = serializers.IntegerField()


class PeriodExportIn(serializers.Serializer):
    """The query of a register's Excel export: the site and the period, ``end`` not before
    ``start``."""

    site = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The end is before the start."})
        return data


def valid(serializer_class, data, **context) -> dict:
    """``data`` validated by ``serializer_class``; a 400 with every field's message otherwise.
    Control characters are dropped from the text first, and every field gets the shared
    limits of ``core.limits`` (text lengths, believable dates) unless it sets its own."""
    if hasattr(data, "lists"):
        data = limits.strip_controls_querydict(data)
    elif isinstance(data, dict | list):
        data = limits.strip_controls(data)
    serializer = serializer_class(data=data, context=context)
    bound_fields(serializer)
    try:
        serializer.is_valid(raise_exception=True)
    except serializers.ValidationError as refused:
        _check_when_refused(serializer, refused.detail)
        raise
    return dict(serializer.validated_data)


def _check_when_refused(serializer, errors) -> None:
    """A body refused for some field is also refused for an id of a ``CheckedByServiceField``
    out of the caller's reach (the service, which would check it, is not called): every
    refusal shows at once."""
    data = getattr(serializer, "initial_data", None)
    if not isinstance(errors, dict) or not hasattr(data, "get"):
        return  # a body that is no object at all: refused as such
    for name, field in serializer.fields.items():
        value = data.get(name)
        if not isinstance(field, CheckedByServiceField) or name in errors or value in (None, ""):
            continue
        try:
            field.run_validation(value)
        except serializers.ValidationError:
            continue  # named already by its own check (a wrong type)
        if not field.get_queryset().filter(pk=value).exists():
            errors[name] = [
                serializers.ErrorDetail(
                    field.error_messages["does_not_exist"].format(pk_value=value),
                    code="does_not_exist",
                )
            ]


def created(serializer_class, record) -> Response:
    """The record a ``create`` made, shown by ``serializer_class``: 201."""
    return Response(serializer_class(record).data, status=status.HTTP_201_CREATED)


def create_on_site(
    request, serializer_in, serializer_out, service: Callable, action: str = "org.view"
) -> Response:
    """A ``create`` whose body names its ``site``: the body validated, the site read as one where
    the caller may ``action``, then ``service(actor, site=…, **data)`` answered with 201."""
    data = valid(serializer_in, request.data, request=request)
    site = selectors.get_site(request.user, data.pop("site"), action)
    return created(serializer_out, service(request.user, site=site, **data))


def bound_fields(serializer) -> None:
    """The shared limits on every field of ``serializer``, nested ones included."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    for name, field in serializer.fields.items():
        _bound(name, field, model)


def _bound(name: str, field, model) -> None:
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        if getattr(field, "max_length", None) is None:
            field.max_length = limits.LIST_MAX
            field.validators.append(_ListLength(limits.LIST_MAX))
        field = field.child
    if isinstance(field, serializers.Serializer):
        bound_fields(field)
    elif isinstance(field, serializers.CharField) and field.max_length is None:
        limits.cap(field, limits.text_limit(name, long=_is_text_column(model, field)))
    elif isinstance(field, serializers.DateTimeField):
        field.validators.append(limits.MomentValidator(happened=name in limits.HAPPENED_NAMES))
    elif isinstance(field, serializers.DateField):
        field.validators.append(limits.validate_date)


def _is_text_column(model, field) -> bool:
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return isinstance(model._meta.get_field(field.source), models.TextField)
    except Exception:  # not a model field (a method, a property)
        return False


class _ListLength:
    def __init__(self, most: int):
        self.most = most

    def __call__(self, value):
        if value is not None and len(value) > self.most:
            raise serializers.ValidationError(
                _("At most %(n)s items in one request.") % {"n": self.most}
            )


def filter_strictly(filterset_class, params, queryset):
    """``queryset`` narrowed by ``filterset_class`` from the request's ``params``, as the API's
    lists are: an invalid value is a 400 naming its field (a page, with the same filterset,
    ignores it: ``filterset_class(request.GET, queryset=…).qs``)."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.qs


class SignatureField(serializers.CharField):
    """A drawn signature sent as a PNG in base64: validated to the image's bytes, None when
    left blank (where it is optional). Whether the bytes are a whole PNG is the service's check."""

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if not value:
            return None
        try:
            png = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("The signature is not valid base64.")) from exc
        if len(png) > limits.SIGNATURE_PNG_MAX:
            raise serializers.ValidationError(_("The signature image is larger than 512 KB."))
        return png


class ScopedField(serializers.PrimaryKeyRelatedField):
    """A foreign key the caller may point only at records within their reach: the choices are
    ``scope(user)`` (a selector, e.g. ``core.selectors.people_for``), so an id of another site
    is refused exactly like an id that does not exist. ``model`` names the records for the
    OpenAPI schema. Serializers using it are validated with the request in their context
    (``valid(…, request=request)``)."""

    def __init__(self, model, scope: Callable, **kwargs):
        self.scope = scope
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        # only the one row is read: what the selector prefetches for its pages is not needed
        return self.scope(self.context["request"].user).prefetch_related(None)


class CheckedByServiceField(serializers.PrimaryKeyRelatedField):
    """A foreign key that the service checks against the narrower list it reads anyway (the
    follow-up assistant among the site's assistants, the technician among the department's
    staff) and replaces by the record read there: the field itself reads nothing and passes a
    stand-in holding only the id. An id outside that list, or of nobody, is refused by the
    service next to the field, in the same words, so it tells nothing of other sites. When the
    body is refused for another field, the id is checked against ``scope`` like a
    ``ScopedField``'s, so every refusal shows at once."""

    def __init__(self, model, scope: Callable, **kwargs):
        self.scope = scope  # the caller's reach, checked only when the body is refused anyway
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user).prefetch_related(None)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return self.queryset.model(pk=pk)


@dataclass(frozen=True)
class StepAction:
    """One workflow step of a viewset's record, answered at ``POST …/{id}/<path>/``: the body
    validated by ``serializer`` and passed to ``service(actor, record, **data)``."""

    service: Callable
    serializer: type[serializers.Serializer] = VersionIn
    path: str | None = None  # the URL segment, when it is not the step's name
    created: bool = False  # the step makes a new record: 201
    # the record after the step, from what the service returned when that is something else
    # (a call-back's form): answered without reading it again
    record_of: Callable | None = None


class StepActionsMixin:
    """A viewset's workflow steps, declared in one table: ``steps = {"approve":
    StepAction(services.approve_request, NoteIn), …}`` becomes one POST action per step (in the
    OpenAPI schema too). The record is read through ``get_step_record`` (by default the
    viewset's own scoped ``get_object``, so a record out of the caller's reach is a 404), and
    answered as ``step_output`` shows it (``step_response``)."""

    steps: dict[str, StepAction] = {}
    step_output: type[serializers.Serializer] | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, step in cls.__dict__.get("steps", {}).items():
            setattr(cls, name, _step_action(cls, name, step))

    def get_step_record(self, pk):
        return self.get_object()

    def step_response(self, record, result, step: StepAction):
        """The record after the step (re-read when the service returned something else)."""
        if not isinstance(result, type(record)):
            after = step.record_of(result) if step.record_of else None
            result = after if isinstance(after, type(record)) else self.get_step_record(record.pk)
        code = status.HTTP_201_CREATED if step.created else status.HTTP_200_OK
        serializer = self.step_output or self.get_serializer_class()
        return Response(serializer(result, context=self.get_serializer_context()).data, status=code)


def _step_action(viewset, name: str, step: StepAction):
    def handler(self, request, pk=None):
        record = self.get_step_record(pk)
        data = valid(step.serializer, request.data, request=request)
        return self.step_response(record, step.service(request.user, record, **data), step)

    handler.__name__ = name
    answer = viewset.step_output or getattr(viewset, "serializer_class", None)
    code = 201 if step.created else 200
    handler = action(detail=True, methods=["post"], url_path=step.path or name)(handler)
    return extend_schema(request=step.serializer, responses={code: answer})(handler)


def exception_handler(exc, context):
    """Map application errors to 400/403/404/409 with the refusal's message and field errors."""
    if isinstance(exc, ApplicationError):
        body = {"detail": str(exc.message), "code": type(exc).__name__}
        if exc.field_errors:
            body["errors"] = {
                k: [_plain(m) for m in (v if isinstance(v, list | tuple) else [v])]
                for k, v in exc.field_errors.items()
            }
        if exc.rule:
            body["rule"] = exc.rule
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoPermissionDenied):
        exc = DrfPermissionDenied(str(exc) or None)
    if isinstance(exc, RequestDataTooBig):
        return Response(too_large_body(), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return drf_exception_handler(exc, context)


def _plain(value):
    """Messages as text; structured refusals (an import's bad rows) keep their shape."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, int | float | bool) or value is None:
        return value
    return str(value)


def requires(action: str):
    """A DRF permission class: the caller must hold ``action`` somewhere (the queryset then
    narrows to where)."""

    class HasAction(BasePermission):
        message = _("Your roles do not allow this.")

        def has_permission(self, request, view):
            return bool(
                request.user
                and request.user.is_authenticated
                and permissions.can(request.user, action)
            )

    HasAction.__name__ = f"Requires_{action.replace('.', '_')}"
    return HasAction


# -- clocks of a record (DESIGN rule 4, X-3) ------------------------------------------------------


class PlainRows:
    """A ModelSerializer mixin for long lists: each row gives what DRF gives, but the plain
    fields (text, numbers, yes/no, choices, date-times in ISO 8601, related keys) are read
    by a plan worked out once per serializer instead of through DRF's generic steps per field
    and row; any other field goes DRF's own way."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_plain_plan")
        if plan is None:
            plan = self._plain_plan = [_plain_step(f) for f in self._readable_fields]
        row = {}
        for name, attname, convert, field in plan:
            if convert is None:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                if value is None or (isinstance(value, PKOnlyObject) and value.pk is None):
                    row[name] = None
                else:
                    row[name] = field.to_representation(value)
                continue
            value = getattr(instance, attname)
            row[name] = None if value is None else convert(value)
        return row


def _plain_step(field) -> tuple:
    name = field.field_name
    attrs = field.source_attrs
    if len(attrs) != 1:
        return name, None, None, field
    kind = type(field)
    if kind in (serializers.CharField, serializers.IntegerField):
        convert = str if kind is serializers.CharField else int
        return name, attrs[0], convert, field
    if kind is serializers.BooleanField:
        return name, attrs[0], field.to_representation, field
    if kind is serializers.ChoiceField:
        choices = field.choice_strings_to_values
        return name, attrs[0], lambda v: v if v == "" else choices.get(str(v), v), field
    if kind is serializers.DateTimeField and _iso_format(field):
        return name, attrs[0], _iso_date_time(field), field
    if (
        kind is serializers.PrimaryKeyRelatedField
        and field.pk_field is None
        and (field.use_pk_only_optimization())
    ):
        try:
            related = field.parent.Meta.model._meta.get_field(attrs[0])
        except FieldDoesNotExist:
            return name, None, None, field
        return name, related.attname, lambda v: v, field
    return name, None, None, field


def _iso_format(field) -> bool:
    fmt = getattr(field, "format", api_settings.DATETIME_FORMAT)
    return isinstance(fmt, str) and fmt.lower() == ISO_8601


def _iso_date_time(field):
    # DRF's enforce_timezone asks for the current zone on every value; it is the same for the
    # whole response, so it is asked once, when the plan is made.
    zone = getattr(field, "timezone", None) or field.default_timezone()

    def convert(value):
        if not value:
            return None
        if value.tzinfo is None or zone is None:
            value = field.enforce_timezone(value)
        else:
            value = value.astimezone(zone)
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


class ClockOut(PlainRows, serializers.ModelSerializer):
    """An open or breached clock of a record: ``provisional`` when its due time was computed
    from a year whose official holidays are not entered yet (X-3)."""

    class Meta:
        model = Deadline
        fields = ["kind", "state", "started_at", "warn_at", "due_at", "provisional"]


@extend_schema_field(ClockOut(many=True))
class ClocksField(serializers.Field):
    """A record's open and breached clocks, earliest due first. A list serialized with
    ``ClockedList`` reads the clocks of the whole page in one query."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        found = self.context.get("clocks")
        if found is None:
            found = clocks_for([record])
        # One ClockOut for every row of a page: a serializer works out its fields on first use
        # (DRF's ModelSerializer builds them from the model each time), so a new one per row
        # would build them 25 times.
        out = getattr(self, "_clock_out", None)
        if out is None:
            out = self._clock_out = ClockOut(context=self.context)
        return [out.to_representation(c) for c in found.get(record.pk, [])]


class ClockedList(serializers.ListSerializer):
    """The list serializer of records with a ``ClocksField``: one query for the page's clocks."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        self._context = {**self._context, "clocks": clocks_for(rows)}
        return super().to_representation(rows)


LOCAL_TIME = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


def local_times(result, generator, request, public):
    """drf-spectacular post-processing: a time of day (a site's working hours, a shift) is a
    local wall-clock time, ``08:30`` or ``08:30:00``, not JSON Schema's ``time`` format (an
    RFC 3339 time with its offset), which no answer carries."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                node["pattern"] = LOCAL_TIME
                node.setdefault("example", "08:30:00")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
