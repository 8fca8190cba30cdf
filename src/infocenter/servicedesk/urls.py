from django.urls import path

from .views import archive, dashboard, intake, orders, photos, policy, register, residents

app_name = "servicedesk"

urlpatterns = [
    path("intake/", intake.intake, name="intake"),
    path("residents/lookup/", residents.resident_lookup, name="resident_lookup"),
    path("residents/", residents.residents_list, name="residents"),
    path("residents/add/", residents.resident_add, name="resident_add"),
    path("residents/export.xlsx", residents.residents_export, name="residents_export"),
    path("residents/import/", residents.residents_import, name="residents_import"),
    path(
        "residents/import/confirm/",
        residents.residents_import_confirm,
        name="residents_import_confirm",
    ),
    path("residents/<int:pk>/", residents.resident_detail, name="resident"),
    path("residents/<int:pk>/edit/", residents.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/move-out/", residents.resident_move_out, name="resident_move_out"),
    path("residents/<int:pk>/merge/", residents.resident_merge, name="resident_merge"),
    path("rooms/lookup/", residents.room_lookup, name="room_lookup"),
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
    path("forms/<int:pk>/", intake.form_detail, name="form"),
    path("forms/<int:pk>/print/", intake.form_print, name="form_print"),
    path("forms/<int:pk>/<slug:step>/", intake.form_step, name="form_step"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/signature.png", orders.signature, name="signature"),
    path("orders/<int:pk>/print/", orders.order_print, name="order_print"),
    path("orders/<int:pk>/photos/add/", photos.order_photo_add, name="order_photo_add"),
    path("orders/<int:pk>/photos/<int:photo>/", photos.order_photo, name="order_photo"),
    path("orders/<int:pk>/<slug:step>/", orders.order_step, name="order_step"),
]
