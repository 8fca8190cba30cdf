from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "infocenter.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Deadline handlers and home panels register themselves on import.
        from . import deadlines, home  # noqa: F401, PLC0415  (Django's loading order)
