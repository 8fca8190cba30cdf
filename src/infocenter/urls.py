"""The project's URLs: pages, /api/v1/, the OpenAPI schema and its local Swagger UI."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from infocenter.core import health
from infocenter.core import views as core_views

urlpatterns = [
    path("", core_views.home_page, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.password_change, name="password_change"),
    path("search/", core_views.search_page, name="search"),
    path("search/suggest/", core_views.search_suggest, name="search_suggest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("core/", include("infocenter.core.urls")),
    path("servicedesk/", include("infocenter.servicedesk.urls")),
    path("logbook/", include("infocenter.logbook.urls")),
    path("machineroom/", include("infocenter.machineroom.urls")),
    path("staffwork/", include("infocenter.staffwork.urls")),
    path("reports/", include("infocenter.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("infocenter.core.api_urls")),
    path("api/v1/servicedesk/", include("infocenter.servicedesk.api_urls")),
    path("api/v1/logbook/", include("infocenter.logbook.api_urls")),
    path("api/v1/machineroom/", include("infocenter.machineroom.api_urls")),
    path("api/v1/staffwork/", include("infocenter.staffwork.api_urls")),
    path("api/v1/reports/", include("infocenter.reports.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", health.metrics, name="metrics"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
