from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import endpoints

router = DefaultRouter()
router.register("endpoints", endpoints.EndpointViewSet, basename="sw-endpoint")
router.register("endpoint-differences", endpoints.DifferenceViewSet, basename="sw-difference")

urlpatterns = [
    path("endpoint-rates/", endpoints.endpoint_rates, name="sw-endpoint-rates"),
    path("endpoint-imports/", endpoints.endpoint_import, name="sw-endpoint-import"),
    path("endpoint-mappings/", endpoints.endpoint_mapping, name="sw-endpoint-mapping"),
    *router.urls,
]
