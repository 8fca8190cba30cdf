"""Staff work's navigation entries and home-page panels."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core import permissions
from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel

from .models import AssessmentState
from .selectors.assessment import assessments_for

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

# -- IT-4 annual assessment ----------------------------------------------------------------------

register_nav(
    NavItem(
        _("Annual assessments"), "staffwork:assessments", "journal-check", "sw.view", STAFF_WORK
    )
)


def _to_sign(user):
    """IT-4: the submitted assessments of the sites where the reader signs, the oldest first."""
    sites = permissions.scope_for(user, "sw.sign").site_ids
    rows = assessments_for(user).filter(state=AssessmentState.SUBMITTED).exclude(person=user)
    if not permissions.scope_for(user, "sw.sign").everywhere:
        rows = rows.filter(site__in=sites)
    return [
        PanelItem(str(a), a.get_absolute_url(), f"{timezone.localtime(a.submitted_at):%m-%d %H:%M}")
        for a in rows.order_by("submitted_at")[:10]
    ]


register_panel(
    Panel("sw_to_sign", _("Annual assessments waiting for your signature"), "sw.sign", _to_sign)
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

# -- IT-2 endpoint registry ----------------------------------------------------------------------

register_nav(
    NavItem(_("Endpoint registry"), "staffwork:endpoints", "pc-display", "sw.view", STAFF_WORK)
)
register_nav(
    NavItem(
        _("Registration rates"), "staffwork:endpoint_rates", "bar-chart-line", "sw.view", STAFF_WORK
    )
)
register_event_labels(
    {
        "endpoint.added": _("endpoint added"),
        "endpoint.changed": _("endpoint changed"),
        "endpoint.retired": _("endpoint retired"),
        "endpoint.mapping_saved": _("list columns chosen"),
        "endpoint.list_imported": _("list imported and reconciled"),
        "endpoint.difference_resolved": _("difference resolved"),
        "endpoint.difference_reassigned": _("difference reassigned"),
    }
)
