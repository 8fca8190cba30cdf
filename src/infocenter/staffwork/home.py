"""Staff work's navigation entries and home-page panels."""

from django.utils.translation import gettext_lazy as _

STAFF_WORK = _("Staff work")
