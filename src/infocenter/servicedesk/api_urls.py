from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("forms", api.FormViewSet, basename="sd-form")
router.register("orders", api.OrderViewSet, basename="sd-order")
router.register("residents", api.ResidentViewSet, basename="sd-resident")
router.register("archive-batches", api.ArchiveBatchViewSet, basename="sd-batch")

urlpatterns = [
    path("register.xlsx", api.register_export, name="sd-register-export"),
    *router.urls,
]
