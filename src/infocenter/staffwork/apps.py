from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffworkConfig(AppConfig):
    name = "infocenter.staffwork"
    label = "staffwork"
    verbose_name = _("Staff work")

    def ready(self):
        # actions and navigation register once the apps are loaded
        from . import deadlines, figures_endpoints, home, permissions  # noqa: F401, PLC0415  (Django's loading order)  # noqa: F401, PLC0415  (IT-2)
