from django.urls import path

from . import views

app_name = "machineroom"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("desk/sign-in/", views.sign_in_staff, name="sign_in_staff"),
    path("desk/visitor/", views.sign_in_visitor, name="sign_in_visitor"),
    path("desk/refusal/", views.refusal, name="refusal"),
    path("visits/<int:pk>/sign-out/", views.sign_out, name="sign_out"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/phone/", views.request_phone, name="request_phone"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/print/", views.request_print, name="request_print"),
    path("requests/<int:pk>/<slug:step>/", views.request_step, name="request_step"),
    path("approvals/", views.approvals_inbox, name="approvals"),
    path("log/", views.access_log, name="log"),
    path("log/print/", views.log_print, name="log_print"),
    path("log/export.xlsx", views.log_export, name="log_export"),
    path("items/", views.items, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/print/", views.items_print, name="items_print"),
    path("items/export.xlsx", views.items_export, name="items_export"),
    path("rooms/", views.rooms, name="rooms"),
    path("keys/", views.keys, name="keys"),
    path("keys/new/", views.key_new, name="key_new"),
    path("keys/<int:pk>/<slug:step>/", views.key_step, name="key_step"),
    path("credentials/", views.credentials, name="credentials"),
    path("credentials/new/", views.credential_new, name="credential_new"),
    path("credentials/<int:pk>/<slug:step>/", views.credential_step, name="credential_step"),
    path("security/", views.reports, name="reports"),
    path("security/<int:pk>/", views.report_detail, name="report"),
]
