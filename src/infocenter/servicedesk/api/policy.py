"""The service desk's time limits of a site (SD-6, SD-7, SD-8, SD-12, SD-14) in the API."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.choices import DurationUnit
from infocenter.core.rest import VersionIn, valid

from .. import services
from ..models import SlaPolicy

SITE = OpenApiParameter("site", int, required=True)
FIELDS = [f"{n}_{p}" for n in services.POLICY_FIELDS for p in ("amount", "unit")]


class SlaPolicyOut(serializers.ModelSerializer):
    class Meta:
        model = SlaPolicy
        fields = ["site", *FIELDS, "version"]


class SlaPolicyIn(VersionIn):
    """Each limit is an amount and a unit; a limit left out keeps its value."""

    site = serializers.IntegerField()
    dispatch_amount = serializers.IntegerField(required=False)
    dispatch_unit = serializers.ChoiceField(choices=DurationUnit.choices, required=False)
    arrange_amount = serializers.IntegerField(required=False)
    arrange_unit = serializers.ChoiceField(choices=DurationUnit.choices, required=False)
    report_amount = serializers.IntegerField(required=False)
    report_unit = serializers.ChoiceField(choices=DurationUnit.choices, required=False)
    finish_amount = serializers.IntegerField(required=False)
    finish_unit = serializers.ChoiceField(choices=DurationUnit.choices, required=False)
    follow_up_amount = serializers.IntegerField(required=False)
    follow_up_unit = serializers.ChoiceField(choices=DurationUnit.choices, required=False)


def _site(request, raw, action):
    if raw in (None, ""):
        raise serializers.ValidationError({"site": ["This field is required."]})
    return core_selectors.get_site(request.user, raw, action)


@extend_schema(methods=["GET"], parameters=[SITE], responses=SlaPolicyOut)
@extend_schema(methods=["PUT"], request=SlaPolicyIn, responses=SlaPolicyOut)
@api_view(["GET", "PUT"])
def policy(request):
    """A site's service-desk time limits; customer-service managers and system administrators
    change them (audited; clocks already running keep their due times)."""
    if request.method == "GET":
        site = _site(request, request.query_params.get("site"), "sd.view")
        return Response(SlaPolicyOut(services.policy(site)).data)
    data = valid(SlaPolicyIn, request.data)
    site = _site(request, data.pop("site"), "sd.view")
    return Response(SlaPolicyOut(services.update_sla_policy(request.user, site, **data)).data)
