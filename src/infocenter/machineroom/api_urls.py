from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import access, security
from .api import changes as change_api

router = DefaultRouter()
router.register("rooms", access.RoomViewSet, basename="mr-room")
router.register("requests", access.RequestViewSet, basename="mr-request")
router.register("visits", access.VisitViewSet, basename="mr-visit")
router.register("items", access.ItemViewSet, basename="mr-item")
router.register("keys", security.KeyViewSet, basename="mr-key")
router.register("credentials", security.CredentialViewSet, basename="mr-credential")
router.register("security-reports", security.ReportViewSet, basename="mr-report")
router.register("changes", change_api.ChangeViewSet, basename="mr-change")  # MR-7, MR-8

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    *router.urls,
]
