"""What the registers' API modules share: the site a request names and the Excel exports of a
period."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.rest import PeriodExportIn, filter_strictly, valid
from infocenter.core.web import XLSX, xlsx_response

SITE = OpenApiParameter("site", int, required=True)


def site_for(request, data: dict | None = None, action: str = "lb.view"):
    raw = (data or {}).pop("site", None) if data is not None else request.query_params.get("site")
    if raw in (None, ""):
        raise serializers.ValidationError({"site": ["This field is required."]})
    return core_selectors.get_site(request.user, raw, action)


def export(request, name, rows_for, workbook, filterset):
    """A register of the site and period as Excel, narrowed by the list's ``filterset`` as the
    API's list is."""
    data = valid(PeriodExportIn, request.query_params)
    site = site_for(request, data)
    since, until = days_span(data["start"], data["end"])
    rows = filter_strictly(filterset, request.query_params, rows_for(site, since, until))
    body = workbook(rows, title=f"{name} {data['start']}~{data['end']}")
    return xlsx_response(body, f"{name}-{site.code}-{data['start']}-{data['end']}")


EXPORT = extend_schema(parameters=[PeriodExportIn], responses={(200, XLSX): bytes})
