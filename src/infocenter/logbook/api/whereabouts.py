"""The whereabouts board (IT-5) in the API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, valid

from .. import selectors, services
from ..choices import (
    WhereaboutsStatus,
)
from .common import SITE, site_for


class WhereaboutsOut(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    phone = serializers.CharField(source="person.phone")
    status = serializers.CharField(source="where.status", default=None)
    place = serializers.CharField(source="where.place", default="")
    until = serializers.DateTimeField(source="where.until", default=None)
    substitute = serializers.IntegerField(source="where.substitute_id", default=None)
    expired = serializers.BooleanField()


class WhereaboutsIn(serializers.Serializer):
    person = ScopedField(User, core_selectors.people_for, required=False, default=None)
    status = serializers.ChoiceField(choices=WhereaboutsStatus.choices)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    substitute = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )


class WhereaboutsViewSet(viewsets.ViewSet):
    """The whereabouts board of a site (IT-5); ``create`` sets your own (or, for processors,
    the customer-service manager and department heads, a colleague's)."""

    @extend_schema(parameters=[SITE], responses=WhereaboutsOut(many=True))
    def list(self, request):
        return Response(
            WhereaboutsOut(
                selectors.whereabouts_board(request.user, site=site_for(request)), many=True
            ).data
        )

    @extend_schema(request=WhereaboutsIn, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = valid(WhereaboutsIn, request.data, request=request)
        person = data.pop("person") or request.user
        row = services.set_whereabouts(request.user, person=person, **data)
        return Response(
            {
                "person": person.pk,
                "status": row.status,
                "place": row.place,
                "until": row.until,
                "substitute": row.substitute_id,
                "version": row.version,
            },
            status=status.HTTP_201_CREATED,
        )
