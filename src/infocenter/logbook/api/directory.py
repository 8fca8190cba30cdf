"""The contact directory (LOG-4) in the API, with its Excel import and export."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core.rest import VersionIn, create_on_site, filter_strictly, valid
from infocenter.core.web import XLSX, xlsx_response

from .. import exports, selectors, services
from ..choices import (
    ContactCategory,
)
from ..filtersets import ContactFilter
from ..models import (
    Contact,
)
from .common import SITE, site_for


class ContactOut(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "site",
            "category",
            "name",
            "organisation",
            "title",
            "phone",
            "phone2",
            "note",
            "version",
        ]


class ContactIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=ContactCategory.choices)
    name = serializers.CharField(max_length=60)
    organisation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20)
    phone2 = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ContactCreateIn(ContactIn):
    site = serializers.IntegerField()


class ContactUpdateIn(ContactIn, VersionIn):
    pass


class ImportIn(serializers.Serializer):
    site = serializers.IntegerField()
    file = serializers.FileField()


class ContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The contact directory (LOG-4): ``q`` searches name, organisation, number, full pinyin and
    initials; owners and residents are the service desk's residents register."""

    serializer_class = ContactOut
    filterset_class = ContactFilter

    def get_queryset(self):
        qs = selectors.contacts_for(self.request.user)
        q = self.request.query_params.get("q", "").strip()
        if q and self.request.query_params.get("site"):
            site = site_for(self.request)
            qs = selectors.search_contacts(self.request.user, site=site, q=q)
        return qs.order_by("category", "name", "pk")

    @extend_schema(parameters=[OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ContactCreateIn, responses={201: ContactOut})
    def create(self, request):
        return create_on_site(request, ContactCreateIn, ContactOut, services.add_contact, "lb.view")

    @extend_schema(request=ContactUpdateIn, responses=ContactOut)
    def update(self, request, pk=None):
        contact = selectors.get_contact(request.user, pk)
        return Response(
            ContactOut(
                services.update_contact(
                    request.user, contact, **valid(ContactUpdateIn, request.data)
                )
            ).data
        )

    @extend_schema(request=VersionIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        services.remove_contact(
            request.user, selectors.get_contact(request.user, pk), **valid(VersionIn, request.data)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": ImportIn}, responses={201: ContactOut(many=True)}
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """An Excel file, all or nothing: a 400 lists every bad row (``rows``) and imports none."""
        data = valid(ImportIn, request.data)
        site = site_for(request, data, "lb.view")
        created = services.import_contacts(
            request.user, site=site, rows=exports.read_contacts(data["file"])
        )
        return Response(ContactOut(created, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[SITE], responses={(200, XLSX): bytes})
@api_view(["GET"])
def contacts_export(request):
    """The contact directory of a site, as Excel (the import takes the same columns)."""
    site = site_for(request)
    rows = filter_strictly(
        ContactFilter, request.query_params, selectors.search_contacts(request.user, site=site)
    )
    return xlsx_response(exports.contacts_workbook(rows, title="contacts"), f"contacts-{site.code}")
