"""Photos of a work order before and after the work (X-10) over the API: listed, uploaded
(multipart) and downloaded by those who may see the order."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from infocenter.core.attachments import attachments_of
from infocenter.core.models import Attachment
from infocenter.core.rest import valid
from infocenter.core.web import attachment_response

from .. import services


class PhotoOut(serializers.ModelSerializer):
    uploaded_by_name = serializers.CharField(source="uploaded_by.__str__", read_only=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "stage",
            "original_name",
            "content_type",
            "size",
            "width",
            "height",
            "uploaded_at",
            "uploaded_by",
            "uploaded_by_name",
        ]


class PhotoIn(serializers.Serializer):
    stage = serializers.ChoiceField(choices=services.PHOTO_STAGES)
    upload = serializers.FileField()


class OrderPhotosMixin:
    """``orders/{id}/photos/``: the order's photos (GET) and a new one (POST, multipart, by the
    department handling it while it is being handled); ``orders/{id}/photos/{photo}/`` the
    image itself."""

    @extend_schema(methods=["GET"], request=None, responses=PhotoOut(many=True))
    @extend_schema(
        methods=["POST"], request={"multipart/form-data": PhotoIn}, responses={201: PhotoOut}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="photos",
        parser_classes=[MultiPartParser, FormParser],
    )
    def photos(self, request, pk=None):
        order = self.get_object()
        if request.method == "GET":
            photos = attachments_of(order).select_related("uploaded_by")
            return Response(PhotoOut(photos, many=True).data)
        data = valid(PhotoIn, request.data)
        photo = services.add_order_photo(
            request.user, order, upload=data["upload"], stage=data["stage"]
        )
        return Response(PhotoOut(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "image/jpeg"): bytes})
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo>\d+)")
    def photo(self, request, pk=None, photo=None):
        """One photo of the order, as stored (JPEG)."""
        return attachment_response(self.get_object(), photo)
