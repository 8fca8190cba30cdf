from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "infocenter.logbook"
    label = "logbook"
    verbose_name = _("Control-room registers")

    def ready(self):
        from . import archive, deadlines, home, permissions  # noqa: F401  (handlers, nav, actions)

        archive.register()
