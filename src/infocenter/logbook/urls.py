from django.urls import path

from .views import calls, directory, handovers, library, policy, registry, whereabouts

app_name = "logbook"

urlpatterns = [
    path("handovers/", handovers.handovers, name="handovers"),
    path("handovers/export.xlsx", handovers.handovers_export, name="handovers_export"),
    path("handovers/<int:pk>/", handovers.handover_detail, name="handover"),
    path("handovers/<int:pk>/accept/", handovers.handover_accept, name="handover_accept"),
    path("handovers/<int:pk>/print/", handovers.handover_print, name="handover_print"),
    path("calls/", calls.calls, name="calls"),
    path("calls/print/", calls.calls_print, name="calls_print"),
    path("calls/export.xlsx", calls.calls_export, name="calls_export"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/<slug:step>/", calls.call_step, name="call_step"),
    path("whereabouts/", whereabouts.whereabouts, name="whereabouts"),
    path("registry/", registry.registry, name="registry"),
    path("registry/new/", registry.entry_new, name="entry_new"),
    path("registry/print/", registry.registry_print, name="registry_print"),
    path("registry/export.xlsx", registry.registry_export, name="registry_export"),
    path("registry/late/", registry.late_reports, name="late_reports"),
    path("registry/in-force/", registry.in_force, name="in_force"),
    path("registry/<int:pk>/", registry.entry_detail, name="entry"),
    path("registry/<int:pk>/<slug:step>/", registry.entry_step, name="entry_step"),
    path("contacts/", directory.contacts, name="contacts"),
    path("contacts/new/", directory.contact_new, name="contact_new"),
    path("contacts/import/", directory.contacts_import, name="contacts_import"),
    path("contacts/export.xlsx", directory.contacts_export, name="contacts_export"),
    path("contacts/template.xlsx", directory.contacts_template, name="contacts_template"),
    path("contacts/<int:pk>/", directory.contact_edit, name="contact"),
    path("contacts/<int:pk>/remove/", directory.contact_remove, name="contact_remove"),
    path("library/", library.library, name="library"),
    path("library/new/", library.document_new, name="document_new"),
    path("library/<int:pk>/", library.document_detail, name="document"),
    path(
        "library/<int:pk>/versions/<int:version>/file", library.document_file, name="document_file"
    ),
    path("policy/", policy.policy_page, name="policy"),
]
