from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import (
    access,
    backups,
    changes,
    data_access,
    duty,
    equipment,
    incidents,
    inspections,
    loans,
    safety,
    security,
)

router = DefaultRouter()
router.register("rooms", access.RoomViewSet, basename="mr-room")
router.register("requests", access.RequestViewSet, basename="mr-request")
router.register("visits", access.VisitViewSet, basename="mr-visit")
router.register("items", access.ItemViewSet, basename="mr-item")
router.register("keys", security.KeyViewSet, basename="mr-key")
router.register("credentials", security.CredentialViewSet, basename="mr-credential")
router.register("security-reports", security.ReportViewSet, basename="mr-report")
router.register("backup-jobs", backups.BackupJobViewSet, basename="mr-backup-job")
router.register("backup-results", backups.BackupResultViewSet, basename="mr-backup-result")
router.register("backup-alerts", backups.BackupAlertViewSet, basename="mr-backup-alert")
router.register("restore-tests", backups.RestoreTestViewSet, basename="mr-restore-test")
router.register("data-requests", data_access.DataRequestViewSet, basename="mr-data-request")
router.register("changes", changes.ChangeViewSet, basename="mr-change")  # MR-7, MR-8
router.register("equipment", equipment.EquipmentViewSet, basename="mr-equipment")
router.register(
    "equipment-reports", equipment.EquipmentReportViewSet, basename="mr-equipment-report"
)
router.register("loans", loans.LoanViewSet, basename="mr-loan")
router.register("procurements", equipment.ProcurementViewSet, basename="mr-procurement")
# Duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6).
router.register("roster", duty.RosterViewSet, basename="mr-roster")
router.register("duty-checks", duty.DutyCheckViewSet, basename="mr-duty-check")
router.register("closings", duty.ClosingViewSet, basename="mr-closing")
router.register("duty-alerts", duty.AlertViewSet, basename="mr-duty-alert")
router.register("events", safety.EventViewSet, basename="mr-event")
router.register("power-permits", safety.PowerPermitViewSet, basename="mr-power")
router.register("fire-changes", safety.FireChangeViewSet, basename="mr-fire")
# inspections (MR-9)
router.register("checklists", inspections.ChecklistViewSet, basename="mr-checklist")
router.register(
    "inspection-schedules", inspections.InspectionScheduleViewSet, basename="mr-inspection-schedule"
)
router.register("rounds", inspections.InspectionRoundViewSet, basename="mr-round")
router.register("alarms", incidents.CoreAlarmViewSet, basename="mr-alarm")
router.register("faults", incidents.NetworkFaultViewSet, basename="mr-fault")

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    path("duty-policy/", safety.duty_policy, name="mr-duty-policy"),
    *router.urls,
]
