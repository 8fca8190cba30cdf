"""Photos of a work order before and after the work (X-10)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core.web import attachment_response, attempt
from infocenter.core.workflows import may

from .. import selectors, services, workflows
from ..forms import (
    PhotoForm,
)


def may_add_photos(actor, order) -> bool:
    """Whether the actor may add photos to the order now (X-10)."""
    return (
        order.archived_at is None
        and order.state in ("assigned", "in_progress", "reported")
        and may(actor, workflows.ORDER_STEPS["report"], order)
    )


@login_required
@require_POST
def order_photo_add(request, pk):
    """POST of one or several photos (X-10): all kept, or none with the reason of the refused."""
    order = selectors.get_order(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and (
        photos := attempt(
            request,
            form,
            lambda: services.add_order_photos(
                request.user,
                order,
                uploads=form.cleaned_data["upload"],
                stage=form.cleaned_data["stage"],
            ),
        )
    ):
        messages.success(request, _("Photos added: %(n)d.") % {"n": len(photos)})
    else:
        messages.error(
            request,
            _("Photos not added: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
    return redirect("servicedesk:order", pk=pk)


@login_required
def order_photo(request, pk, photo):
    """A photo of an order, only to those who may see the order."""

    return attachment_response(selectors.get_order(request.user, pk), photo)
