"""The information-center record table (SD-2) as an Excel download."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.rest import PeriodExportIn, filter_strictly, valid
from infocenter.core.web import XLSX, xlsx_response

from .. import selectors
from ..exports import register_workbook
from ..filtersets import FormFilter


@extend_schema(
    parameters=[PeriodExportIn],
    responses={(200, XLSX): bytes},
)
@api_view(["GET"])
def register_export(request):
    """The register (信息中心记录表) of one site for a date range, as Excel (X-5)."""

    data = valid(PeriodExportIn, request.query_params)
    site = core_selectors.get_site(request.user, data["site"], "sd.view")
    start, end = days_span(data["start"], data["end"])
    forms = filter_strictly(
        FormFilter,
        request.query_params,
        selectors.register_for(request.user, site=site, start=start, end=end),
    )
    body = register_workbook(
        forms, title=f"{site.code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    )
    return xlsx_response(body, f"register-{site.code}")
