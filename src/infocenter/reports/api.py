"""A report as JSON (X-9): every section the caller may see, for a scope and a calendar period,
each figure with the previous period and the same period last year."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.reports import PERIOD_KINDS
from infocenter.core.rest import valid

from . import selectors
from .comparisons import compared


class ReportIn(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=list(PERIOD_KINDS), required=False, help_text="week, month, quarter or year."
    )
    period = serializers.CharField(
        required=False,
        max_length=10,
        help_text="2026-W48, 2026-11, 2026-Q4 or 2026; by default the last complete one.",
    )
    scope = serializers.RegexField(
        r"^(site|branch|company):\d+$",
        required=False,
        help_text="site:<id>, branch:<id> or company:<id>; by default the caller's widest.",
        error_messages={"invalid": _("Write site:<id>, branch:<id> or company:<id>.")},
    )

    def validate(self, data):
        try:
            data["period"] = selectors.period_from(data.get("kind"), data.get("period"))
        except ValidationFailed as refused:
            raise serializers.ValidationError(refused.field_errors) from None
        return data


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A count or a rate as it is (an integer stays an integer); null when nothing was counted."""

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "array", "items": {}})
class CellsField(serializers.Field):
    """A table row: text and numbers."""

    def to_representation(self, value):
        return [v if isinstance(v, int | float) or v is None else str(v) for v in value]


class ReportChangeOut(serializers.Serializer):
    value = NumberField(source="other", allow_null=True, help_text="The other period's value.")
    delta = NumberField(allow_null=True, help_text="This period's less the other's.")
    per_cent = NumberField(allow_null=True, help_text="The change in per cent of a count.")
    direction = serializers.CharField(help_text="up, down, same, or empty (nothing to compare).")
    tone = serializers.CharField(help_text="good, bad, or empty (neither is better).")


class ReportFigureOut(serializers.Serializer):
    key = serializers.CharField(source="figure.key")
    label = serializers.CharField(source="figure.label")
    value = NumberField(source="figure.value", allow_null=True)
    unit = serializers.CharField(source="figure.unit")
    link = serializers.CharField(source="figure.link", help_text="The records behind it.")
    better = serializers.CharField(source="figure.better", allow_null=True)
    previous = ReportChangeOut(help_text="Against the previous period.")
    last_year = ReportChangeOut(help_text="Against the same period a year earlier.")


class ReportTableOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=CellsField())
    links = serializers.ListField(child=serializers.CharField())


class ReportSeriesOut(serializers.Serializer):
    name = serializers.CharField()
    data = serializers.ListField(child=NumberField(allow_null=True))


class ReportChartOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="bar or line.")
    unit = serializers.CharField(help_text="What the values count (件, 次); may be empty.")
    categories = serializers.ListField(child=serializers.CharField())
    series = ReportSeriesOut(many=True)


class ReportSectionOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = ReportFigureOut(many=True)
    tables = ReportTableOut(many=True)
    charts = ReportChartOut(many=True)


class ReportSiteOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportScopeOut(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="site, branch or company.")
    name = serializers.CharField()
    sites = ReportSiteOut(many=True)


class ReportPeriodOut(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(help_text="The day after the last day.")


class ReportOut(serializers.Serializer):
    scope = ReportScopeOut()
    period = ReportPeriodOut()
    complete = serializers.BooleanField(help_text="False while the period is still running.")
    previous = ReportPeriodOut()
    last_year = ReportPeriodOut()
    sections = ReportSectionOut(many=True)


@extend_schema(parameters=[ReportIn], responses=ReportOut)
@api_view(["GET"])
def report(request):
    """The report of a site, a branch or the company for a week, month, quarter or year (X-9):
    every section the caller may see, each figure compared with the previous period and the
    same period last year, with the address of the records behind it."""
    permissions.check(request.user, selectors.ACTION)
    data = valid(ReportIn, request.query_params)
    scope = selectors.get_scope(request.user, data.get("scope"))
    built = selectors.report_for(request.user, scope, data["period"])
    return Response(ReportOut(_body(built)).data)


def _body(report) -> dict:
    period, scope = report.period, report.scope
    return {
        "scope": {
            "key": scope.key,
            "kind": scope.kind,
            "name": scope.name,
            "sites": [{"id": pk, "name": scope.names.get(pk, "")} for pk in scope.site_ids],
        },
        "period": _period(period),
        "complete": report.complete,
        "previous": _period(period.previous()),
        "last_year": _period(period.last_year()),
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "figures": compared(data.figures),
                "tables": data.tables,
                "charts": data.charts,
            }
            for section, data in report.sections
        ],
    }


def _period(period) -> dict:
    return {
        "key": period.key,
        "kind": period.kind,
        "label": period.label,
        "start": period.start,
        "end": period.end,
    }
