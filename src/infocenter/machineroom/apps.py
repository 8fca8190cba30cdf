from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachineroomConfig(AppConfig):
    name = "infocenter.machineroom"
    label = "machineroom"
    verbose_name = _("Machine room")

    def ready(self):
        # Registered once the apps are ready: clock handlers, menu and panels, actions, approvals.
        from . import deadlines, home, permissions, report, search, selectors  # noqa: F401, PLC0415  (Django's loading order)
