from django.urls import path

from .views import endpoints

app_name = "staffwork"

urlpatterns = [
    path("endpoints/", endpoints.endpoints, name="endpoints"),
    path("endpoints/new/", endpoints.endpoint_new, name="endpoint_new"),
    path("endpoints/export.xlsx", endpoints.endpoints_export, name="endpoints_export"),
    path("endpoints/rates/", endpoints.endpoint_rates, name="endpoint_rates"),
    path("endpoints/import/", endpoints.endpoint_import, name="endpoint_import"),
    path("endpoints/import/columns/", endpoints.endpoint_mapping, name="endpoint_mapping"),
    path(
        "endpoints/import/confirm/",
        endpoints.endpoint_import_confirm,
        name="endpoint_import_confirm",
    ),
    path("endpoints/import/sample.xlsx", endpoints.endpoint_sample, name="endpoint_sample"),
    path("endpoints/differences/", endpoints.endpoint_differences, name="endpoint_differences"),
    path(
        "endpoints/differences/<int:pk>/",
        endpoints.endpoint_difference,
        name="endpoint_difference",
    ),
    path(
        "endpoints/differences/<int:pk>/<slug:step>/",
        endpoints.endpoint_difference_step,
        name="endpoint_difference_step",
    ),
    path("endpoints/<int:pk>/", endpoints.endpoint_detail, name="endpoint"),
    path("endpoints/<int:pk>/<slug:step>/", endpoints.endpoint_step, name="endpoint_step"),
]
