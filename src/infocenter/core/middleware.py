"""Application errors that escape a view become the styled 403/404/409 pages, in one place."""

from django.shortcuts import render
from django.views import defaults

from .exceptions import ApplicationError, NotFound, PermissionDenied


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
