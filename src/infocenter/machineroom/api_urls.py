from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("rooms", api.RoomViewSet, basename="mr-room")
router.register("requests", api.RequestViewSet, basename="mr-request")
router.register("visits", api.VisitViewSet, basename="mr-visit")
router.register("items", api.ItemViewSet, basename="mr-item")
router.register("keys", api.KeyViewSet, basename="mr-key")
router.register("credentials", api.CredentialViewSet, basename="mr-credential")
router.register("security-reports", api.ReportViewSet, basename="mr-report")

urlpatterns = [
    path("approvals/", api.approvals_inbox, name="mr-approvals"),
    *router.urls,
]
