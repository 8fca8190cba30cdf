"""The information-center record table (SD-2) as an Excel download."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.rest import (
    filter_strictly,
    valid,
)

from .. import selectors
from ..exports import register_workbook
from ..filtersets import FormFilter


class RegisterExportIn(serializers.Serializer):
    site = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The end is before the start."})
        return data


@extend_schema(
    parameters=[RegisterExportIn],
    responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes},
)
@api_view(["GET"])
def register_export(request):
    """The register (信息中心记录表) of one site for a date range, as Excel (X-5)."""

    data = valid(RegisterExportIn, request.query_params)
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
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="register-{site.code}.xlsx"'
    return response
