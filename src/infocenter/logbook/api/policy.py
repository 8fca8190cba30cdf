"""The registers' time limits (LOG-1, LOG-2, LOG-3) in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from infocenter.core.rest import VersionIn, valid

from .. import services
from ..models import (
    LogbookPolicy,
)
from .common import SITE, site_for


class PolicyOut(serializers.ModelSerializer):
    class Meta:
        model = LogbookPolicy
        fields = [
            "site",
            "report_within_hours",
            "accept_within_minutes",
            "call_back_within_minutes",
            "version",
        ]


class PolicyIn(VersionIn):
    site = serializers.IntegerField()
    report_within_hours = serializers.IntegerField()
    accept_within_minutes = serializers.IntegerField()
    call_back_within_minutes = serializers.IntegerField()


@extend_schema(methods=["GET"], parameters=[SITE], responses=PolicyOut)
@extend_schema(methods=["PUT"], request=PolicyIn, responses=PolicyOut)
@api_view(["GET", "PUT"])
def policy(request):
    """The site's register time limits (LOG-1, LOG-2, LOG-3)."""
    if request.method == "GET":
        return Response(PolicyOut(services.policy(site_for(request))).data)
    data = valid(PolicyIn, request.data)
    site = site_for(request, data)
    return Response(PolicyOut(services.update_policy(request.user, site=site, **data)).data)
