"""The API's parsers: DRF's JSON parser with the shared bounds of ``core.limits`` (no body
nested deeper than 32 levels, none larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``). Kept apart
from ``core.rest`` because DRF imports its parsers while it defines its views."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

from . import limits
from .validators import is_number


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "RequestTooLarge"


def too_large_body() -> dict:
    """The answer's body for a request larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    return {"detail": str(RequestTooLarge.default_detail), "code": "RequestTooLarge"}


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing (400) a body nested deeper than ``limits.JSON_MAX_DEPTH``
    and (413) one larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        most = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and most is not None:
            length = request.META.get("CONTENT_LENGTH") or 0
            if is_number(length) and int(length) > most:
                raise RequestTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
            deep = limits.depth(data) > limits.JSON_MAX_DEPTH
        except RecursionError:
            deep = True
        if deep:
            raise ParseError(
                _("JSON nested deeper than %(n)s levels is not accepted.")
                % {"n": limits.JSON_MAX_DEPTH}
            )
        return data
