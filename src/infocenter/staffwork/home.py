"""Staff work's navigation entries and home-page panels."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, register_nav

STAFF_WORK = _("Staff work")

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
