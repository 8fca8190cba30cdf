from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachineroomConfig(AppConfig):
    name = "infocenter.machineroom"
    label = "machineroom"
    verbose_name = _("Machine room")

    def ready(self):
        from . import deadlines, home, permissions, selectors  # noqa: F401  (handlers, nav, actions, approvals)
