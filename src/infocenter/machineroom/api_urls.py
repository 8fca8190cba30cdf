from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import access, security
from .api import equipment as eq

router = DefaultRouter()
router.register("rooms", access.RoomViewSet, basename="mr-room")
router.register("requests", access.RequestViewSet, basename="mr-request")
router.register("visits", access.VisitViewSet, basename="mr-visit")
router.register("items", access.ItemViewSet, basename="mr-item")
router.register("keys", security.KeyViewSet, basename="mr-key")
router.register("credentials", security.CredentialViewSet, basename="mr-credential")
router.register("security-reports", security.ReportViewSet, basename="mr-report")
router.register("equipment", eq.EquipmentViewSet, basename="mr-equipment")
router.register("equipment-reports", eq.EquipmentReportViewSet, basename="mr-equipment-report")
router.register("loans", eq.LoanViewSet, basename="mr-loan")
router.register("procurements", eq.ProcurementViewSet, basename="mr-procurement")

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    *router.urls,
]
