"""The residents register (业户) over the API (LOG-4)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core import selectors as core_selectors
from infocenter.core.api import ScopedObjectMixin
from infocenter.core.models import Room
from infocenter.core.rest import (
    ScopedField,
    valid,
)

from .. import selectors, services
from ..choices import ReporterKind
from ..filtersets import ResidentFilter
from ..models import Resident


class ResidentOut(serializers.ModelSerializer):
    room_label = serializers.CharField(source="room", default="")

    class Meta:
        model = Resident
        fields = ["id", "site", "name", "kind", "phone", "phone2", "room", "room_label", "note"]


class ResidentIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20)
    phone2 = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ReporterKind.choices, default=ReporterKind.OWNER)
    room = ScopedField(
        Room, core_selectors.rooms_for, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ResidentViewSet(
    ScopedObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The residents register (业户), searchable with ``q`` by phone, name, pinyin or initials."""

    serializer_class = ResidentOut
    filterset_class = ResidentFilter

    def get_queryset(self):
        return selectors.residents_for(self.request.user, q=self.request.query_params.get("q", ""))

    @extend_schema(request=ResidentIn, responses={201: ResidentOut})
    def create(self, request):
        data = valid(ResidentIn, request.data, request=request)
        site = core_selectors.get_site(request.user, data.pop("site"))
        return Response(
            ResidentOut(services.add_resident(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )
