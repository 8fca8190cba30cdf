from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import (
    archive,
    corrections,
    dashboard,
    forms,
    major_events,
    orders,
    policy,
    register,
    residents,
)

router = DefaultRouter()
router.register("forms", forms.FormViewSet, basename="sd-form")
router.register("orders", orders.OrderViewSet, basename="sd-order")
router.register("residents", residents.ResidentViewSet, basename="sd-resident")
router.register("archive-batches", archive.ArchiveBatchViewSet, basename="sd-batch")
router.register("major-events", major_events.MajorEventViewSet, basename="sd-major-event")
router.register("corrections", corrections.ProblemViewSet, basename="sd-problem")

urlpatterns = [
    path("register.xlsx", register.register_export, name="sd-register-export"),
    path("policy/", policy.policy, name="sd-policy"),
    path("rooms/lookup/", residents.rooms_lookup, name="sd-rooms-lookup"),
    path("dashboard/", dashboard.dashboard, name="sd-dashboard"),
    *router.urls,
]
