from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("handovers", api.HandoverViewSet, basename="lb-handover")
router.register("calls", api.CallViewSet, basename="lb-call")
router.register("registry", api.EntryViewSet, basename="lb-entry")
router.register("whereabouts", api.WhereaboutsViewSet, basename="lb-whereabouts")
router.register("contacts", api.ContactViewSet, basename="lb-contact")
router.register("documents", api.DocumentViewSet, basename="lb-document")

urlpatterns = [
    path("policy/", api.policy, name="lb-policy"),
    path("handovers.xlsx", api.handovers_export, name="lb-handovers-export"),
    path("calls.xlsx", api.calls_export, name="lb-calls-export"),
    path("registry.xlsx", api.registry_export, name="lb-registry-export"),
    path("contacts.xlsx", api.contacts_export, name="lb-contacts-export"),
    *router.urls,
]
