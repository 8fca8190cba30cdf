"""The reports' menu entry."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.home import NavItem, register_nav

register_nav(NavItem(_("Reports"), "reports:page", "graph-up-arrow", "reports.view"))
