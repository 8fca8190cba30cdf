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
router.register("schedules", inspections.ScheduleViewSet, basename="mr-schedule")
router.register("rounds", inspections.RoundViewSet, basename="mr-round")
router.register("alarms", inspections.AlarmViewSet, basename="mr-alarm")
router.register("faults", inspections.FaultViewSet, basename="mr-fault")

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    *router.urls,
]
