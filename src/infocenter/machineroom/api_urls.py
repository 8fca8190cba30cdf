from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import access, inspections, security

router = DefaultRouter()
router.register("rooms", access.RoomViewSet, basename="mr-room")
router.register("requests", access.RequestViewSet, basename="mr-request")
router.register("visits", access.VisitViewSet, basename="mr-visit")
router.register("items", access.ItemViewSet, basename="mr-item")
router.register("keys", security.KeyViewSet, basename="mr-key")
router.register("credentials", security.CredentialViewSet, basename="mr-credential")
router.register("security-reports", security.ReportViewSet, basename="mr-report")
# inspections (MR-9)
router.register("checklists", inspections.ChecklistViewSet, basename="mr-checklist")
router.register("inspection-schedules", inspections.InspectionScheduleViewSet, basename="mr-inspection-schedule")
router.register("rounds", inspections.InspectionRoundViewSet, basename="mr-round")
router.register("alarms", inspections.CoreAlarmViewSet, basename="mr-alarm")
router.register("faults", inspections.NetworkFaultViewSet, basename="mr-fault")

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    *router.urls,
]
