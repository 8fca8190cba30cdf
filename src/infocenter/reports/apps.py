from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "infocenter.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # the action and the menu entry register once the apps are loaded
        from . import home, permissions, schedule  # noqa: F401, PLC0415  (Django's loading order)
