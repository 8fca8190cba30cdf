"""The reference library (LOG-5) in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser

from infocenter.core.rest import create_on_site, created, valid

from .. import selectors, services
from ..choices import (
    DocumentCategory,
)
from ..filtersets import DocumentFilter
from ..models import (
    Document,
    DocumentVersion,
)


class VersionOut(serializers.ModelSerializer):
    file_name = serializers.CharField(
        source="attachment.original_name", default=None, allow_null=True
    )
    file_size = serializers.IntegerField(source="attachment.size", default=None, allow_null=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "label",
            "effective_from",
            "note",
            "file_name",
            "file_size",
            "added_at",
            "added_by",
        ]


class DocumentOut(serializers.ModelSerializer):
    versions = VersionOut(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "site",
            "category",
            "title",
            "issuer",
            "reference",
            "summary",
            "versions",
            "version",
        ]


class DocumentIn(serializers.Serializer):
    site = serializers.IntegerField()
    category = serializers.ChoiceField(choices=DocumentCategory.choices)
    title = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentVersionIn(serializers.Serializer):
    label = serializers.CharField(max_length=40)
    effective_from = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    upload = serializers.FileField(required=False, allow_null=True, default=None)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reference library (LOG-5), searchable with ``q``; versions carry their files (X-10)."""

    serializer_class = DocumentOut
    filterset_class = DocumentFilter

    def get_queryset(self):
        return selectors.documents_for(self.request.user, q=self.request.query_params.get("q", ""))

    @extend_schema(request=DocumentIn, responses={201: DocumentOut})
    def create(self, request):
        return create_on_site(request, DocumentIn, DocumentOut, services.add_document, "lb.view")

    @extend_schema(request={"multipart/form-data": DocumentVersionIn}, responses={201: VersionOut})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def versions(self, request, pk=None):
        document = selectors.get_document(request.user, pk)
        version = services.add_document_version(
            request.user, document, **valid(DocumentVersionIn, request.data)
        )
        return created(VersionOut, version)
