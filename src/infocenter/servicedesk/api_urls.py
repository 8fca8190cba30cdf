from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import archive, corrections, forms, orders, register, residents

router = DefaultRouter()
router.register("forms", forms.FormViewSet, basename="sd-form")
router.register("orders", orders.OrderViewSet, basename="sd-order")
router.register("residents", residents.ResidentViewSet, basename="sd-resident")
router.register("archive-batches", archive.ArchiveBatchViewSet, basename="sd-batch")
router.register("corrections", corrections.ProblemViewSet, basename="sd-problem")

urlpatterns = [
    path("register.xlsx", register.register_export, name="sd-register-export"),
    *router.urls,
]
