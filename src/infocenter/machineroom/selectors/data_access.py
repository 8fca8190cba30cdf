"""Scoped reads of outsiders' data-access requests (MR-11)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import url_for_each

from .. import approvals
from ..choices import DataRequestState
from ..models import DataRequest
from .common import get_scoped


def data_requests_for(actor, *, site=None) -> QuerySet:
    """MR-11: data-access requests of the actor's sites, or those the actor recorded."""
    qs = DataRequest.objects.select_related("site", "requested_by", "decided_by", "fulfilled_by")
    scope = permissions.scope_for(actor, "mr.view")
    if not scope.everywhere:
        qs = qs.filter(Q(site__in=scope.site_ids) | Q(requested_by=actor.pk))
    return qs.filter(site=site) if site is not None else qs


def get_data_request(actor, pk):
    return get_scoped(data_requests_for(actor), pk)


def _data_waiting(user):
    qs = permissions.restrict(DataRequest.objects.all(), user, "mr.approve")
    url = url_for_each("machineroom:data_request")
    return [
        approvals.Waiting(
            str(_("Data-access request")),
            f"{r.serial} {r.organisation} · {r.applicant}",
            url(r.pk),
            r.requested_at,
            r.purpose[:60],
            record=r,
        )
        for r in qs.filter(state=DataRequestState.REQUESTED).order_by("requested_at")[:100]
    ]


approvals.register("data_access", _data_waiting)
