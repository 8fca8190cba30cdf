from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffworkConfig(AppConfig):
    name = "infocenter.staffwork"
    label = "staffwork"
    verbose_name = _("Staff work")

    def ready(self):
        # actions and navigation register once the apps are loaded
        from . import (  # noqa: F401, PLC0415  (Django's loading order)
            deadlines,
            figures_endpoints,
            figures_worklog,  # the figures each area gives the annual assessment (IT-4)
            home,
            permissions,
            report,  # the reports' staff-work section (X-9)
            search,
        )
        from .selectors import assessment_figures  # noqa: F401, PLC0415  (IT-4 figures)
