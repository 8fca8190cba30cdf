"""Application errors that escape a view become the styled 403/404/409 pages, in one place;
an oversize API request answers a JSON 413."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from .exceptions import ApplicationError, NotFound, PermissionDenied
from .parsers import too_large_body
from .validators import is_number


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        return render(request, "409.html", {"exception": exception}, status=exception.status)


class ApiBodyLimitMiddleware:
    """An API request whose body is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (files of a
    multipart upload apart, which have their own limits) answers a JSON 413 like every
    other API error, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and _too_large(request):
            return JsonResponse(too_large_body(), status=413)
        return self.get_response(request)


def _too_large(request) -> bool:
    most = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    length = request.META.get("CONTENT_LENGTH") or ""
    multipart = request.content_type == "multipart/form-data"
    return most is not None and not multipart and is_number(length) and int(length) > most
