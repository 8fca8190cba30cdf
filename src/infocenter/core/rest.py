"""REST plumbing shared by every app's API: pagination, the version a step was read at, input
validation, and the one place where application errors become HTTP responses
(400/403/404/409)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import ApplicationError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class VersionIn(serializers.Serializer):
    """The version of the record the caller read: a step on a record changed since is refused
    with who changed what (DESIGN rule 9)."""

    version = serializers.IntegerField()


def valid(serializer_class, data, **context) -> dict:
    """``data`` validated by ``serializer_class``; a 400 with every field's message otherwise."""
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


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
    from django.utils.translation import gettext_lazy as _
    from rest_framework.permissions import BasePermission

    from . import permissions

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
