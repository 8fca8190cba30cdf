"""The machine room's API for access: rooms, access requests and their approval, the access log,
items (MR-2, MR-3) and the head's approvals inbox."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.rest import VersionIn, valid

from .. import approvals, selectors
from ..choices import ItemDirection, RequestKind, RequestState, VisitKind, VisitOutcome
from ..models import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from ..services import access
from .common import PEOPLE, SITE, STAFF, filtered, site_for

# -- rooms ---------------------------------------------------------------------------------------


class RoomOut(serializers.ModelSerializer):
    class Meta:
        model = MachineRoom
        fields = ["id", "site", "name", "location", "version"]


class RoomIn(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Machine rooms of the actor's sites."""

    serializer_class = RoomOut

    def get_queryset(self):
        return selectors.rooms_for(self.request.user, "mr.request").order_by("site", "name")

    @extend_schema(request=RoomIn, responses={201: RoomOut})
    def create(self, request):
        data = valid(RoomIn, request.data)
        site = core_selectors.get_site(request.user, data.pop("site"), "mr.manage")
        return Response(
            RoomOut(access.add_room(request.user, site=site, **data)).data,
            status=status.HTTP_201_CREATED,
        )


# -- access requests (MR-2) ----------------------------------------------------------------------


class RequestOut(serializers.ModelSerializer):
    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "site",
            "room",
            "serial",
            "kind",
            "state",
            "organisation",
            "applicant",
            "phone",
            "people",
            "purpose",
            "scope",
            "starts_at",
            "ends_at",
            "escort",
            "maintainer",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "by_phone",
            "closed_at",
            "version",
        ]


class RequestIn(serializers.Serializer):
    room = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[RequestKind.VISIT, RequestKind.CONSTRUCTION])
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    escort = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    maintainer = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )


class PhoneApprovalIn(serializers.Serializer):
    room = serializers.IntegerField()
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    head = serializers.PrimaryKeyRelatedField(queryset=STAFF)
    approved_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField()
    escort = serializers.PrimaryKeyRelatedField(queryset=STAFF)


class NoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReleaseOut(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "request", "day", "released_by", "released_at", "note"]


class RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Access requests (MR-2): ``create`` asks for a visit or construction; ``phone`` records an
    emergency repair the head approved by phone; the head ``approve``s or ``refuse``s; the desk
    ``release``s a crew after its daily clean-up and ``close``s the request."""

    serializer_class = RequestOut

    def get_queryset(self):
        return filtered(
            self.request,
            selectors.requests_for(self.request.user),
            state=RequestState,
            kind=RequestKind,
        ).order_by("-requested_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("site", int),
            OpenApiParameter("state", str),
            OpenApiParameter("kind", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RequestIn, responses={201: RequestOut})
    def create(self, request):
        data = valid(RequestIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.request")
        return Response(
            RequestOut(access.request_access(request.user, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=PhoneApprovalIn, responses={201: RequestOut})
    @action(detail=False, methods=["post"])
    def phone(self, request):
        data = valid(PhoneApprovalIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.desk")
        return Response(
            RequestOut(access.record_phone_approval(request.user, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, pk, service):
        record = service(
            request.user, selectors.get_request(request.user, pk), **valid(NoteIn, request.data)
        )
        return Response(RequestOut(record).data)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, access.approve_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, pk, access.refuse_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, access.cancel_request)

    @extend_schema(request=NoteIn, responses=RequestOut)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, pk, access.close_request)

    @extend_schema(request=NoteIn, responses={201: ReleaseOut})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        release = access.release_for_today(
            request.user, selectors.get_request(request.user, pk), **valid(NoteIn, request.data)
        )
        return Response(ReleaseOut(release).data, status=status.HTTP_201_CREATED)


# -- the access log (MR-2) -----------------------------------------------------------------------


class VisitOut(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "site",
            "room",
            "kind",
            "outcome",
            "person",
            "name",
            "organisation",
            "request",
            "escort",
            "entered_at",
            "left_at",
            "reason",
            "signed_in_by",
            "signed_out_by",
            "version",
        ]


class StaffSignInIn(serializers.Serializer):
    room = serializers.IntegerField()


class VisitorIn(serializers.Serializer):
    request = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    escort = serializers.PrimaryKeyRelatedField(
        queryset=STAFF, required=False, allow_null=True, default=None
    )


class RefusalIn(serializers.Serializer):
    room = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    organisation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField()
    forced = serializers.BooleanField(required=False, default=False)


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
    """The access log (MR-2): ``staff`` signs the caller in, ``visitor`` signs an outsider in on
    an approved request, ``refusal`` records a refused or forced entry, ``sign_out`` ends a
    visit, ``inside`` lists who is inside now."""

    serializer_class = VisitOut

    def get_queryset(self):
        return filtered(
            self.request,
            selectors.visits_for(self.request.user),
            kind=VisitKind,
            outcome=VisitOutcome,
        ).order_by("-entered_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("site", int),
            OpenApiParameter("kind", str),
            OpenApiParameter("outcome", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[SITE], responses=VisitOut(many=True))
    @action(detail=False, methods=["get"])
    def inside(self, request):
        return Response(
            VisitOut(selectors.inside_now(request.user, site=site_for(request)), many=True).data
        )

    @extend_schema(request=StaffSignInIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def staff(self, request):
        room = selectors.get_room(
            request.user, valid(StaffSignInIn, request.data)["room"], "mr.desk"
        )
        return Response(
            VisitOut(access.sign_in_staff(request.user, room=room)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=VisitorIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def visitor(self, request):
        data = valid(VisitorIn, request.data)
        data["request"] = selectors.get_request(request.user, data["request"])
        return Response(
            VisitOut(access.sign_in_visitor(request.user, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=RefusalIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def refusal(self, request):
        data = valid(RefusalIn, request.data)
        data["room"] = selectors.get_room(request.user, data["room"], "mr.desk")
        return Response(
            VisitOut(access.record_refusal(request.user, **data)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=VersionIn, responses=VisitOut)
    @action(detail=True, methods=["post"])
    def sign_out(self, request, pk=None):
        visit = access.sign_out(
            request.user, selectors.get_visit(request.user, pk), **valid(VersionIn, request.data)
        )
        return Response(VisitOut(visit).data)


# -- items (MR-3) --------------------------------------------------------------------------------


class ItemOut(serializers.ModelSerializer):
    class Meta:
        model = ItemMovement
        fields = [
            "id",
            "site",
            "visit",
            "direction",
            "description",
            "quantity",
            "identifier",
            "inspection",
            "inspected_by",
            "inspected_at",
        ]


class ItemIn(serializers.Serializer):
    visit = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=ItemDirection.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, default=1)
    identifier = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    inspection = serializers.CharField(required=False, allow_blank=True, default="")
    no_forbidden = serializers.BooleanField(required=False, default=False)


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Items carried in or out (MR-3), inspected and linked to the visit."""

    serializer_class = ItemOut

    def get_queryset(self):
        return filtered(
            self.request, selectors.items_for(self.request.user), direction=ItemDirection
        ).order_by("-inspected_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("site", int), OpenApiParameter("direction", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ItemIn, responses={201: ItemOut})
    def create(self, request):
        data = valid(ItemIn, request.data)
        data["visit"] = selectors.get_visit(request.user, data["visit"])
        return Response(
            ItemOut(access.record_item(request.user, **data)).data, status=status.HTTP_201_CREATED
        )


# -- approvals -----------------------------------------------------------------------------------


class WaitingOut(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    since = serializers.DateTimeField()
    detail = serializers.CharField()


@extend_schema(responses=WaitingOut(many=True))
@api_view(["GET"])
def approvals_inbox(request):
    """Everything waiting for the information-center head's decision, the oldest first."""
    permissions.check(request.user, "mr.approve")
    return Response(WaitingOut(approvals.waiting_for(request.user), many=True).data)
