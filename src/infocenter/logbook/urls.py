from django.urls import path

from . import views

app_name = "logbook"

urlpatterns = [
    path("handovers/", views.handovers, name="handovers"),
    path("handovers/export.xlsx", views.handovers_export, name="handovers_export"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover"),
    path("handovers/<int:pk>/accept/", views.handover_accept, name="handover_accept"),
    path("handovers/<int:pk>/print/", views.handover_print, name="handover_print"),
    path("calls/", views.calls, name="calls"),
    path("calls/print/", views.calls_print, name="calls_print"),
    path("calls/export.xlsx", views.calls_export, name="calls_export"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/<slug:step>/", views.call_step, name="call_step"),
    path("whereabouts/", views.whereabouts, name="whereabouts"),
    path("registry/", views.registry, name="registry"),
    path("registry/new/", views.entry_new, name="entry_new"),
    path("registry/print/", views.registry_print, name="registry_print"),
    path("registry/export.xlsx", views.registry_export, name="registry_export"),
    path("registry/late/", views.late_reports, name="late_reports"),
    path("registry/<int:pk>/", views.entry_detail, name="entry"),
    path("registry/<int:pk>/<slug:step>/", views.entry_step, name="entry_step"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/import/", views.contacts_import, name="contacts_import"),
    path("contacts/export.xlsx", views.contacts_export, name="contacts_export"),
    path("contacts/template.xlsx", views.contacts_template, name="contacts_template"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact"),
    path("contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("library/", views.library, name="library"),
    path("library/new/", views.document_new, name="document_new"),
    path("library/<int:pk>/", views.document_detail, name="document"),
    path("library/<int:pk>/versions/<int:version>/file", views.document_file, name="document_file"),
    path("policy/", views.policy_page, name="policy"),
]
