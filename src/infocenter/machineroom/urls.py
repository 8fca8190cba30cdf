from django.urls import path

from .views import access, security
from .views import backups as bk
from .views import changes as change_views
from .views import data_access as da

app_name = "machineroom"

urlpatterns = [
    path("", access.desk, name="desk"),
    path("desk/sign-in/", access.sign_in_staff, name="sign_in_staff"),
    path("desk/visitor/", access.sign_in_visitor, name="sign_in_visitor"),
    path("desk/refusal/", access.refusal, name="refusal"),
    path("visits/<int:pk>/sign-out/", access.sign_out, name="sign_out"),
    path("requests/", access.requests, name="requests"),
    path("requests/new/", access.request_new, name="request_new"),
    path("requests/phone/", access.request_phone, name="request_phone"),
    path("requests/<int:pk>/", access.request_detail, name="request"),
    path("requests/<int:pk>/print/", access.request_print, name="request_print"),
    path("requests/<int:pk>/<slug:step>/", access.request_step, name="request_step"),
    path("approvals/", access.approvals_inbox, name="approvals"),
    path("log/", access.access_log, name="log"),
    path("log/print/", access.log_print, name="log_print"),
    path("log/export.xlsx", access.log_export, name="log_export"),
    path("items/", access.items, name="items"),
    path("items/new/", access.item_new, name="item_new"),
    path("items/print/", access.items_print, name="items_print"),
    path("items/export.xlsx", access.items_export, name="items_export"),
    path("rooms/", access.rooms, name="rooms"),
    path("keys/", security.keys, name="keys"),
    path("keys/new/", security.key_new, name="key_new"),
    path("keys/<int:pk>/<slug:step>/", security.key_step, name="key_step"),
    path("credentials/", security.credentials, name="credentials"),
    path("credentials/new/", security.credential_new, name="credential_new"),
    path("credentials/<int:pk>/<slug:step>/", security.credential_step, name="credential_step"),
    path("security/", security.reports, name="reports"),
    path("security/<int:pk>/", security.report_detail, name="report"),
    # backups and data access (MR-11)
    path("backups/", bk.register, name="backups"),
    path("backups/new/", bk.job_new, name="backup_job_new"),
    path("backups/print/", bk.register_print, name="backups_print"),
    path("backups/export.xlsx", bk.register_export, name="backups_export"),
    path("backups/<int:pk>/", bk.job_detail, name="backup_job"),
    path("backups/<int:pk>/result/", bk.result_new, name="backup_result_new"),
    path("backups/<int:pk>/restore-test/", bk.restore_new, name="restore_test_new"),
    path("backups/<int:pk>/<slug:step>/", bk.job_step, name="backup_job_step"),
    path("backups/results/<int:pk>/correct/", bk.result_correct, name="backup_result_correct"),
    path("backups/alerts/<int:pk>/", bk.alert_handle, name="backup_alert_handle"),
    path("data-requests/", da.requests, name="data_requests"),
    path("data-requests/new/", da.request_new, name="data_request_new"),
    path("data-requests/export.xlsx", da.requests_export, name="data_requests_export"),
    path("data-requests/<int:pk>/", da.request_detail, name="data_request"),
    path("data-requests/<int:pk>/print/", da.request_print, name="data_request_print"),
    path("data-requests/<int:pk>/<slug:step>/", da.request_step, name="data_request_step"),
    # changes (MR-7, MR-8)
    path("changes/", change_views.change_register, name="changes"),
    path("changes/new/", change_views.change_new, name="change_new"),
    path("changes/calendar/", change_views.change_calendar, name="change_calendar"),
    path("changes/export.xlsx", change_views.change_export, name="change_export"),
    path("changes/print/", change_views.change_register_print, name="change_register_print"),
    path("changes/<int:pk>/", change_views.change_detail, name="change"),
    path("changes/<int:pk>/edit/", change_views.change_edit, name="change_edit"),
    path("changes/<int:pk>/print/", change_views.change_print, name="change_print"),
    path("changes/<int:pk>/notice/", change_views.change_notice, name="change_notice"),
    path("changes/<int:pk>/<slug:step>/", change_views.change_step, name="change_step"),
]
