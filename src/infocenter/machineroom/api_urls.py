from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import access, security
from .api import backups as bk
from .api import changes as change_api
from .api import duty as duty_api
from .api import equipment as eq

router = DefaultRouter()
router.register("rooms", access.RoomViewSet, basename="mr-room")
router.register("requests", access.RequestViewSet, basename="mr-request")
router.register("visits", access.VisitViewSet, basename="mr-visit")
router.register("items", access.ItemViewSet, basename="mr-item")
router.register("keys", security.KeyViewSet, basename="mr-key")
router.register("credentials", security.CredentialViewSet, basename="mr-credential")
router.register("security-reports", security.ReportViewSet, basename="mr-report")
router.register("backup-jobs", bk.BackupJobViewSet, basename="mr-backup-job")
router.register("backup-results", bk.BackupResultViewSet, basename="mr-backup-result")
router.register("backup-alerts", bk.BackupAlertViewSet, basename="mr-backup-alert")
router.register("restore-tests", bk.RestoreTestViewSet, basename="mr-restore-test")
router.register("data-requests", bk.DataRequestViewSet, basename="mr-data-request")
router.register("changes", change_api.ChangeViewSet, basename="mr-change")  # MR-7, MR-8
router.register("equipment", eq.EquipmentViewSet, basename="mr-equipment")
router.register("equipment-reports", eq.EquipmentReportViewSet, basename="mr-equipment-report")
router.register("loans", eq.LoanViewSet, basename="mr-loan")
router.register("procurements", eq.ProcurementViewSet, basename="mr-procurement")
# Duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6).
router.register("roster", duty_api.RosterViewSet, basename="mr-roster")
router.register("duty-checks", duty_api.DutyCheckViewSet, basename="mr-duty-check")
router.register("closings", duty_api.ClosingViewSet, basename="mr-closing")
router.register("duty-alerts", duty_api.AlertViewSet, basename="mr-duty-alert")
router.register("events", duty_api.EventViewSet, basename="mr-event")
router.register("power-permits", duty_api.PowerPermitViewSet, basename="mr-power")
router.register("fire-changes", duty_api.FireChangeViewSet, basename="mr-fire")

urlpatterns = [
    path("approvals/", access.approvals_inbox, name="mr-approvals"),
    path("duty-policy/", duty_api.duty_policy, name="mr-duty-policy"),
    *router.urls,
]
