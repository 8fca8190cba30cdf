from django.urls import path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("residents/lookup/", views.resident_lookup, name="resident_lookup"),
    path("register/", views.register, name="register"),
    path("register/export.xlsx", views.register_export, name="register_export"),
    path("inbox/", views.inbox, name="inbox"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("search/", views.search, name="search"),
    path("policy/", views.policy_page, name="policy"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("archive/", views.archive_list, name="archive"),
    path("archive/<int:pk>/", views.batch_detail, name="batch"),
    path("archive/<int:pk>/approve/", views.batch_approve, name="batch_approve"),
    path("archive/<int:pk>/return/", views.batch_return, name="batch_return"),
    path("forms/<int:pk>/", views.form_detail, name="form"),
    path("forms/<int:pk>/print/", views.form_print, name="form_print"),
    path("forms/<int:pk>/<slug:step>/", views.form_step, name="form_step"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/signature.png", views.signature, name="signature"),
    path("orders/<int:pk>/print/", views.order_print, name="order_print"),
    path("orders/<int:pk>/photos/add/", views.order_photo_add, name="order_photo_add"),
    path("orders/<int:pk>/photos/<int:photo>/", views.order_photo, name="order_photo"),
    path("orders/<int:pk>/<slug:step>/", views.order_step, name="order_step"),
]
