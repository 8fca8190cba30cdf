from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "infocenter.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        # handlers, nav, panels and actions register once the apps are loaded
        from . import deadlines, home, permissions, report, search  # noqa: F401, PLC0415  (Django's loading order)
