"""Approving several machine-room records at once from the head's approvals inbox: each
through the same service as its own page."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import bulk, permissions, queues

from .. import approvals
from ..choices import ChangeClass, ChangeState
from ..services import access, changes, data_access, loans, safety


def _approve_change(actor, change, *, version):
    """An emergency change already carried out is approved after the fact (ratified)."""
    if change.kind == ChangeClass.EMERGENCY and change.state not in (
        ChangeState.SUBMITTED,
        ChangeState.DISCUSSION,
    ):
        return changes.ratify_change(actor, change, version=version)
    return changes.approve_change(actor, change, version=version)


approvals.register_approver("access", access.approve_request)
approvals.register_approver("power", safety.approve_permit)
approvals.register_approver("fire", safety.approve_permit)
approvals.register_approver("data_access", data_access.approve_data_request)
approvals.register_approver("equipment_loans", loans.approve_loan)
approvals.register_approver("changes", _approve_change)
queues.register_queue("approvals", lambda user: [w.url for w in approvals.waiting_for(user)])


@login_required
@require_POST
def approve_several(request):
    """POST the chosen rows' keys (``item``): each approved through its own service; the inbox
    then says which were approved and which were refused, and why."""
    permissions.check(request.user, "mr.approve")
    results = approvals.approve_several(request.user, request.POST.getlist("item"))
    bulk.report(request, results, _("Approve"))
    return bulk.back(request, "machineroom:approvals")
