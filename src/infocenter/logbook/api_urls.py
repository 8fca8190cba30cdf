from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import calls, directory, handovers, library, policy, registry, whereabouts

router = DefaultRouter()
router.register("handovers", handovers.HandoverViewSet, basename="lb-handover")
router.register("calls", calls.CallViewSet, basename="lb-call")
router.register("registry", registry.EntryViewSet, basename="lb-entry")
router.register("whereabouts", whereabouts.WhereaboutsViewSet, basename="lb-whereabouts")
router.register("contacts", directory.ContactViewSet, basename="lb-contact")
router.register("documents", library.DocumentViewSet, basename="lb-document")

urlpatterns = [
    path("policy/", policy.policy, name="lb-policy"),
    path("handovers.xlsx", handovers.handovers_export, name="lb-handovers-export"),
    path("calls.xlsx", calls.calls_export, name="lb-calls-export"),
    path("registry.xlsx", registry.registry_export, name="lb-registry-export"),
    path("contacts.xlsx", directory.contacts_export, name="lb-contacts-export"),
    *router.urls,
]
