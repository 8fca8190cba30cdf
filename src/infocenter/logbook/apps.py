from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "infocenter.logbook"
    label = "logbook"
    verbose_name = _("Control-room registers")

    def ready(self):
        # handlers, nav, actions and archive participants register once the apps are loaded
        from . import archive, deadlines, home, permissions, report, search  # noqa: F401, PLC0415  (Django's loading order)

        archive.register()
