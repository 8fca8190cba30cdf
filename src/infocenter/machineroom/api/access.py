"""The machine room's API for access: rooms, access requests and their approval, the access log,
items (MR-2, MR-3) and the head's approvals inbox."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.rest import ScopedField, StepAction, VersionIn, valid

from .. import approvals, selectors
from ..choices import ItemDirection, RequestKind
from ..filtersets.access import ItemFilter, RequestFilter, VisitFilter
from ..models import AccessRequest, ItemMovement, MachineRoom, Release, Visit
from ..services import access
from .common import (
    PEOPLE,
    SITE,
    SITE_OF_LIST,
    Scope,
    SiteRecords,
    create_on_site,
    create_under,
    created,
    site_for,
)

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
        return create_on_site(request, RoomIn, RoomOut, access.add_room, "mr.manage")


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
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    kind = serializers.ChoiceField(choices=[RequestKind.VISIT, RequestKind.CONSTRUCTION])
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    escort = ScopedField(User, core_selectors.people_for)
    maintainer = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )


class PhoneApprovalIn(serializers.Serializer):
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    organisation = serializers.CharField(max_length=100)
    applicant = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20)
    people = PEOPLE
    purpose = serializers.CharField()
    head = ScopedField(User, core_selectors.people_for)
    approved_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField()
    escort = ScopedField(User, core_selectors.people_for)


class NoteIn(VersionIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReleaseOut(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["id", "request", "day", "released_by", "released_at", "note"]


@SITE_OF_LIST
class RequestViewSet(SiteRecords):
    """Access requests (MR-2): ``create`` asks for a visit or construction; ``phone`` records an
    emergency repair the head approved by phone; the head ``approve``s or ``refuse``s; the desk
    ``release``s a crew after its daily clean-up and ``close``s the request."""

    serializer_class = RequestOut
    filterset_class = RequestFilter
    scope = Scope(selectors.requests_for, selectors.get_request, ("-requested_at", "-id"))
    steps = {
        "approve": StepAction(access.approve_request, NoteIn),
        "refuse": StepAction(access.refuse_request, NoteIn),
        "cancel": StepAction(access.cancel_request, NoteIn),
        "close": StepAction(access.close_request, NoteIn),
    }

    @extend_schema(request=RequestIn, responses={201: RequestOut})
    def create(self, request):
        data = valid(RequestIn, request.data, request=request)
        return created(RequestOut, access.request_access(request.user, **data))

    @extend_schema(request=PhoneApprovalIn, responses={201: RequestOut})
    @action(detail=False, methods=["post"])
    def phone(self, request):
        data = valid(PhoneApprovalIn, request.data, request=request)
        return created(RequestOut, access.record_phone_approval(request.user, **data))

    @extend_schema(request=NoteIn, responses={201: ReleaseOut})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """The release of the day is a record of its own: answered with it (201)."""
        release = access.release_for_today(
            request.user, self.get_step_record(pk), **valid(NoteIn, request.data)
        )
        return created(ReleaseOut, release)


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
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)


class VisitorIn(serializers.Serializer):
    request = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    escort = ScopedField(
        User, core_selectors.people_for, required=False, allow_null=True, default=None
    )


class RefusalIn(serializers.Serializer):
    room = ScopedField(MachineRoom, selectors.rooms_in_reach)
    name = serializers.CharField(max_length=60)
    organisation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField()
    forced = serializers.BooleanField(required=False, default=False)


@SITE_OF_LIST
class VisitViewSet(SiteRecords):
    """The access log (MR-2): ``staff`` signs the caller in, ``visitor`` signs an outsider in on
    an approved request, ``refusal`` records a refused or forced entry, ``sign_out`` ends a
    visit, ``inside`` lists who is inside now."""

    serializer_class = VisitOut
    filterset_class = VisitFilter
    scope = Scope(selectors.visits_for, selectors.get_visit, ("-entered_at", "-id"))
    steps = {"sign_out": StepAction(access.sign_out)}

    @extend_schema(parameters=[SITE], responses=VisitOut(many=True), filters=False)
    @action(detail=False, methods=["get"])
    def inside(self, request):
        return Response(
            VisitOut(selectors.inside_now(request.user, site=site_for(request)), many=True).data
        )

    @extend_schema(request=StaffSignInIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def staff(self, request):
        room = valid(StaffSignInIn, request.data, request=request)["room"]
        return created(VisitOut, access.sign_in_staff(request.user, room=room))

    @extend_schema(request=VisitorIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def visitor(self, request):
        return create_under(
            request,
            VisitorIn,
            VisitOut,
            access.sign_in_visitor,
            parent="request",
            get=selectors.get_request,
        )

    @extend_schema(request=RefusalIn, responses={201: VisitOut})
    @action(detail=False, methods=["post"])
    def refusal(self, request):
        data = valid(RefusalIn, request.data, request=request)
        return created(VisitOut, access.record_refusal(request.user, **data))


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


@SITE_OF_LIST
class ItemViewSet(SiteRecords):
    """Items carried in or out (MR-3), inspected and linked to the visit."""

    serializer_class = ItemOut
    filterset_class = ItemFilter
    scope = Scope(selectors.items_for, ordering=("-inspected_at", "-id"))

    @extend_schema(request=ItemIn, responses={201: ItemOut})
    def create(self, request):
        return create_under(
            request, ItemIn, ItemOut, access.record_item, parent="visit", get=selectors.get_visit
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
