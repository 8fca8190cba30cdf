"""Staff work's navigation entries and home-page panels."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, register_nav

STAFF_WORK = _("Staff work")

# IT-1, IT-3: the work log and learning (a person's own, or the site's IT staff's).
register_nav(NavItem(_("Work log"), "staffwork:worklog", "journal-text", "sw.view", STAFF_WORK))
register_nav(NavItem(_("Learning"), "staffwork:learning", "mortarboard", "sw.view", STAFF_WORK))
register_event_labels(
    {
        "worklog.entry_added": _("work log entry added"),
        "worklog.entry_corrected": _("work log entry corrected"),
        "worklog.entry_removed": _("work log entry removed"),
        "worklog.proposal_dismissed": _("proposed entry dismissed"),
        "worklog.project_added": _("project added"),
        "worklog.project_corrected": _("project corrected"),
        "worklog.milestone_added": _("milestone added"),
        "worklog.milestone_done": _("milestone done"),
        "learning.plan_set": _("learning plan set"),
        "learning.record_added": _("learning recorded"),
        "learning.record_removed": _("learning record removed"),
        "learning.course_added": _("course or certificate added"),
    }
)
