from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "infocenter.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        from . import deadlines, home, permissions  # noqa: F401  (handlers, nav, panels, actions)
