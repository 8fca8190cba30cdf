"""Staff submissions (SD-17): filing a form from a phone and "my submissions"; internal feedback
referred to a branch or company department (SD-11); a form's photos."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import attachment_response, form_page, render_page, site_of

from .. import selectors, services
from ..forms import SubmitForm

PAGE_ROWS = 20


@login_required
def submit(request):
    """SD-17: any staff member of a site (not the auditor) files a form, on a phone."""
    permissions.check(request.user, "sd.submit")
    site, sites = site_of(request, "sd.submit")
    form = SubmitForm(request.POST or None, request.FILES or None, site=site)
    return form_page(
        request,
        form,
        lambda: services.submit_form(request.user, site=site, **form.cleaned_data),
        lambda filed: (
            _("%(serial)s sent to the control room; you will be told the result.")
            % {"serial": filed.serial}
        ),
        reverse("servicedesk:mine"),
        template="servicedesk/submit.html",
        context={"site": site, "sites": sites},
    )


@login_required
def mine(request):
    """SD-17: the forms I filed and what became of them."""
    page = Paginator(selectors.submissions_of(request.user), PAGE_ROWS).get_page(
        request.GET.get("page")
    )
    return render_page(request, "servicedesk/mine.html", {"page": page})


@login_required
def referred(request):
    """SD-11: internal feedback referred to my branch or company department."""
    permissions.check(request.user, "sd.department")
    page = Paginator(selectors.referred_to_me(request.user), PAGE_ROWS).get_page(
        request.GET.get("page")
    )
    return render_page(request, "servicedesk/referred.html", {"page": page})


@login_required
def form_photo(request, pk, photo):
    """A photo of a form, only to those who may see the form."""
    return attachment_response(selectors.get_form(request.user, pk), photo)
