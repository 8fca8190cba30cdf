"""Staff work's navigation entries and home-page panels."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, register_nav

STAFF_WORK = _("Staff work")

# -- IT-4 annual assessment ----------------------------------------------------------------------

register_nav(
    NavItem(
        _("Annual assessments"), "staffwork:assessments", "journal-check", "sw.view", STAFF_WORK
    )
)
register_event_labels(
    {
        "assessment.drafted": _("assessment drafted"),
        "assessment.edited": _("assessment edited"),
        "assessment.submitted": _("assessment submitted"),
        "assessment.returned": _("assessment returned"),
        "assessment.signed": _("assessment signed"),
    }
)
