from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("sites", api.SiteViewSet, basename="site")
router.register("departments", api.DepartmentViewSet, basename="department")
router.register("buildings", api.BuildingViewSet, basename="building")
router.register("people", api.PersonViewSet, basename="person")
router.register("role-assignments", api.RoleAssignmentViewSet, basename="role-assignment")
router.register("calendar/overrides", api.CalendarOverrideViewSet, basename="calendar-override")
router.register("notifications", api.NotificationViewSet, basename="notification")
router.register("audit/events", api.AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("calendar/add-working-days/", api.add_working_days, name="api-add-working-days"),
    path("calendar/working-day/", api.working_day, name="api-working-day"),
    *router.urls,
]
