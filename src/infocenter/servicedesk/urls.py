from django.urls import path

from .views import (
    archive,
    corrections,
    dashboard,
    intake,
    orders,
    photos,
    policy,
    register,
    residents,
)

app_name = "servicedesk"

urlpatterns = [
    path("intake/", intake.intake, name="intake"),
    path("residents/lookup/", residents.resident_lookup, name="resident_lookup"),
    path("register/", register.register, name="register"),
    path("register/export.xlsx", register.register_export, name="register_export"),
    path("inbox/", orders.inbox, name="inbox"),
    path("follow-up/", orders.follow_up, name="follow_up"),
    path("search/", register.search, name="search"),
    path("policy/", policy.policy_page, name="policy"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("archive/", archive.archive_list, name="archive"),
    path("archive/<int:pk>/", archive.batch_detail, name="batch"),
    path("archive/<int:pk>/approve/", archive.batch_approve, name="batch_approve"),
    path("archive/<int:pk>/return/", archive.batch_return, name="batch_return"),
    path("corrections/", corrections.corrections, name="corrections"),
    path("corrections/<int:pk>/fix/", corrections.problem_fix, name="problem_fix"),
    path("forms/<int:pk>/", intake.form_detail, name="form"),
    path("forms/<int:pk>/correct/", corrections.form_correct, name="form_correct"),
    path("forms/<int:pk>/void/", corrections.form_void, name="form_void"),
    path("forms/<int:pk>/print/", intake.form_print, name="form_print"),
    path("forms/<int:pk>/<slug:step>/", intake.form_step, name="form_step"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/correct/", corrections.order_correct, name="order_correct"),
    path("orders/<int:pk>/signature.png", orders.signature, name="signature"),
    path("orders/<int:pk>/print/", orders.order_print, name="order_print"),
    path("orders/<int:pk>/photos/add/", photos.order_photo_add, name="order_photo_add"),
    path("orders/<int:pk>/photos/<int:photo>/", photos.order_photo, name="order_photo"),
    path("orders/<int:pk>/<slug:step>/", orders.order_step, name="order_step"),
]
