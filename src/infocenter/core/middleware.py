"""Application errors that escape a view become the styled 403/404/409 pages, in one place;
an oversize API request answers a JSON 413; idle sessions expire; the client's real address
behind trusted proxies."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
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


class IdleSessionMiddleware:
    """A signed-in session ends after ``SESSION_COOKIE_AGE`` seconds without a request (X-11):
    its expiry is pushed forward when it is used, at most once every ``TOUCH_EVERY`` seconds
    (not a session write on every request), so it ends between AGE − 5 min and AGE idle. The
    log-in itself counts as the first touch (``touch_at_login``)."""

    TOUCH_EVERY = 300
    KEY = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):  # signed in by the session
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.TOUCH_EVERY:
                session[self.KEY] = now  # saved by the session middleware, expiry renewed
        return response


@receiver(user_logged_in)
def touch_at_login(sender, request, user, **kwargs):
    """Saved with the log-in's own session write: the requests of the next minutes write
    nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.KEY] = int(time.time())


def client_address(request) -> str | None:
    """The address the request came from: ``REMOTE_ADDR``, or behind ``PROXY_COUNT`` trusted
    proxies the address the farthest of them saw (counted from the right of
    ``X-Forwarded-For``, which only the proxies can append to). Log-in throttling (django-axes)
    keys on it."""
    count = settings.PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
