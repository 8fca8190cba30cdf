from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("sites/", views.site_list, name="sites"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/departments/add/", views.department_create, name="department_add"),
    path("sites/<int:pk>/buildings/add/", views.building_create, name="building_add"),
    path("sites/<int:pk>/robots/add/", views.webhook_add, name="webhook_add"),
    path("robots/<int:pk>/remove/", views.webhook_remove, name="webhook_remove"),
    path("departments/<int:pk>/", views.department_detail, name="department"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("people/", views.people_list, name="people"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/roles/add/", views.role_add, name="role_add"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("people/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/overrides/add/", views.calendar_override_add, name="calendar_override_add"),
    path(
        "calendar/overrides/<int:pk>/remove/",
        views.calendar_override_remove,
        name="calendar_override_remove",
    ),
    path("audit/", views.audit_log, name="audit"),
    path("outbox/", views.outbox_page, name="outbox"),
    path("notifications/", views.notifications_page, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/bell/", views.bell, name="bell"),
    path("filters/save/", views.filter_save, name="filter_save"),
    path("filters/<int:pk>/delete/", views.filter_delete, name="filter_delete"),
]
