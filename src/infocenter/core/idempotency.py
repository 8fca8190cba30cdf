"""Safe retries of API writes (X-7): a ``POST`` under ``/api/`` carrying an
``Idempotency-Key`` header is done once. Within 24 hours the same caller sending the same key
with the same request gets the first answer again (status and body, marked
``Idempotent-Replayed: true``); the same key with another request is refused (422); a retry
while the first is still running is refused (409). Server errors (5xx) are not kept, so the
request can be tried again. The worker forgets keys older than 24 hours."""

import datetime as dt
import hashlib

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
KEEP = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 200


class IdempotencyMiddleware:
    """Answers a repeated API write from ``IdempotentRequest`` (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _refusal(
                400,
                _("The Idempotency-Key header must be 1 to %(n)s printable characters.")
                % {"n": MAX_KEY_LENGTH},
            )
        scope = _scope(request)
        if scope is None:  # an anonymous request (logging in): nothing to tie the key to
            return self.get_response(request)
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:  # a large upload: answered by the view as usual
            return self.get_response(request)
        record, answer = _claim(scope, key, fingerprint)
        if answer is not None:
            return answer
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        _keep(record, response)
        return response


def _scope(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    credentials = request.META.get("HTTP_AUTHORIZATION", "")
    if credentials:
        return "auth:" + hashlib.sha256(credentials.encode()).hexdigest()
    return None


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _claim(scope: str, key: str, fingerprint: str):
    """``(record, None)`` when this request is the first with ``key``; ``(None, answer)``
    for a repeat."""
    now = timezone.now()
    IdempotentRequest.objects.filter(scope=scope, key=key, created_at__lt=now - KEEP).delete()
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                scope=scope, key=key, fingerprint=fingerprint, created_at=now
            )
        return record, None
    except IntegrityError:
        first = IdempotentRequest.objects.filter(scope=scope, key=key).first()
    if first is None:  # forgotten meanwhile: answer as if still running, the caller retries
        return None, _refusal(409, _("A request with this Idempotency-Key is still running."))
    if first.fingerprint != fingerprint:
        return None, _refusal(
            422, _("This Idempotency-Key was already used for a different request.")
        )
    if first.status is None:
        return None, _refusal(409, _("A request with this Idempotency-Key is still running."))
    answer = HttpResponse(bytes(first.body), status=first.status, content_type=first.content_type)
    answer["Idempotent-Replayed"] = "true"
    return None, answer


def _keep(record: IdempotentRequest, response) -> None:
    if response.status_code >= 500 or getattr(response, "streaming", False):
        record.delete()
        return
    record.status = response.status_code
    record.content_type = response.get("Content-Type", "")
    record.body = response.content
    record.save(update_fields=["status", "content_type", "body"])


def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message, "code": "IdempotencyKey"}, status=status)


def forget_expired(now: dt.datetime | None = None) -> int:
    """Drop the keys older than 24 hours (the worker calls this); how many were dropped."""
    expired = IdempotentRequest.objects.filter(created_at__lt=(now or timezone.now()) - KEEP)
    if not expired.exists():  # a read, so an idle worker does not take the write lock
        return 0
    return expired.delete()[0]


def schema_header(result, generator, request, public):
    """drf-spectacular post-processing: every API ``POST`` documents the optional
    ``Idempotency-Key`` header (see the module)."""
    header = {
        "in": "header",
        "name": "Idempotency-Key",
        "required": False,
        "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
        "description": (
            "Makes a retry safe: within 24 hours the same key and request from the same caller "
            "answer the first response again (marked Idempotent-Replayed: true); the same key "
            "with another request answers 422, and while the first is running 409."
        ),
    }
    for path in result.get("paths", {}).values():
        operation = path.get("post")
        if operation is not None:
            operation.setdefault("parameters", []).append(header)
    return result
