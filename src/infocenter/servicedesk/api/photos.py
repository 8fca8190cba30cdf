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
    """One or several photos of one stage: ``upload`` repeated, one part per file."""

    stage = serializers.ChoiceField(choices=services.PHOTO_STAGES)
    upload = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        help_text="One or several image files (a multipart part named upload for each); "
        "all are kept or none, the refused file named.",
    )


class OrderPhotosMixin:
    """``orders/{id}/photos/``: the order's photos (GET) and new ones (POST, multipart, one or
    several at once, all kept or none, by the department handling it while it is being
    handled); ``orders/{id}/photos/{photo}/`` the image itself."""

    @extend_schema(methods=["GET"], request=None, responses=PhotoOut(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": PhotoIn},
        responses={201: PhotoOut(many=True)},
        description="Add one or several photos of one stage: a multipart part named upload "
        "for each file. All are kept or none: a refused file is named with its reason (400) "
        "and nothing is added. Answers the photos added, in the order sent.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="photos",
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,  # a plain list, as the schema says: an order has few photos
    )
    def photos(self, request, pk=None):
        order = self.get_object()
        if request.method == "GET":
            photos = attachments_of(order).select_related("uploaded_by")
            return Response(PhotoOut(photos, many=True).data)
        data = valid(PhotoIn, request.data)
        photos = services.add_order_photos(
            request.user, order, uploads=data["upload"], stage=data["stage"]
        )
        return Response(PhotoOut(photos, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "image/jpeg"): bytes})
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo>\d+)")
    def photo(self, request, pk=None, photo=None):
        """One photo of the order, as stored (JPEG)."""
        return attachment_response(self.get_object(), photo)
