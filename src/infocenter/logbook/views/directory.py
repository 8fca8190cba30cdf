"""The contact directory (LOG-4): one search over contacts and residents; import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.validators import is_number
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    form_page,
    import_page,
    page_filter,
    render_page,
    site_of,
    xlsx_response,
)

from .. import exports, selectors, services
from ..choices import ContactCategory
from ..filtersets import ContactFilter
from ..forms import (
    ContactEditForm,
    ContactForm,
    ImportForm,
)


@login_required
def contacts(request):
    """LOG-4: one search over the directory and the residents register."""
    site, sites = site_of(request, "lb.view")
    q, category = request.GET.get("q", "").strip(), request.GET.get("category", "")
    rows = (
        page_filter(
            ContactFilter, request, selectors.search_contacts(request.user, site=site, q=q)
        ).qs
        if site
        else []
    )
    residents = (
        selectors.search_residents(request.user, site=site, q=q)[:10]
        if site and len(q) >= 2 and category in ("", "residents")
        else []
    )
    if category == "residents":
        rows = []
    return render_page(
        request,
        "logbook/contacts.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "category": category,
            "categories": ContactCategory.choices,
            "page": LookaheadPaginator(rows, 25).get_page(request.GET.get("page"))
            if rows != []
            else None,
            "residents": residents,
            "may_edit": site is not None
            and permissions.can(request.user, "lb.directory", site_id=site.pk),
        },
    )


@login_required
def contact_new(request):
    site, sites = site_of(request, "lb.directory")
    permissions.check(request.user, "lb.directory", site=site)
    form = ContactForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.add_contact(request.user, site=site, **form.cleaned_data),
        _("Contact added."),
        f"{request.path.rsplit('new/', 1)[0]}?site={site.pk}",
        template="logbook/contact_form.html",
        context={"site": site, "sites": sites},
    )


@login_required
def contact_edit(request, pk):
    contact = selectors.get_contact(request.user, pk)
    permissions.check(request.user, "lb.directory", site=contact.site_id)
    initial = {
        "version": contact.version,
        **{f: getattr(contact, f) for f in services.CONTACT_FIELDS},
    }
    form = ContactEditForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.update_contact(request.user, contact, **form.cleaned_data),
        _("Contact saved."),
        f"/logbook/contacts/?site={contact.site_id}",
        template="logbook/contact_form.html",
        context={
            "contact": contact,
            "site": contact.site,
            "events": core_selectors.timeline(contact),
        },
    )


@login_required
@require_POST
def contact_remove(request, pk):
    contact = selectors.get_contact(request.user, pk)
    version = request.POST.get("version", "")
    if attempt(
        request,
        None,
        lambda: services.remove_contact(
            request.user, contact, version=int(version) if is_number(version) else 0
        ),
    ):
        messages.success(request, _("Contact removed."))
    return redirect(f"/logbook/contacts/?site={contact.site_id}")


@login_required
def contacts_import(request):
    """LOG-4: an Excel file of contacts, all or nothing, with every bad row reported."""
    site, sites = site_of(request, "lb.directory")
    permissions.check(request.user, "lb.directory", site=site)
    return import_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda file: services.import_contacts(
            request.user, site=site, rows=exports.read_contacts(file)
        ),
        message=_("%(n)s contacts imported."),
        then=f"/logbook/contacts/?site={site.pk}",
        template="logbook/contacts_import.html",
        context={
            "site": site,
            "sites": sites,
            "columns": list(exports.contact_columns()),
            "categories": ContactCategory.choices,
        },
    )


@login_required
def contacts_export(request):
    site, _sites = site_of(request, "lb.view")
    rows = page_filter(
        ContactFilter,
        request,
        selectors.search_contacts(request.user, site=site, q=request.GET.get("q", "")),
    ).qs
    return xlsx_response(
        exports.contacts_workbook(rows, title=_("Contact directory")), f"contacts-{site.code}"
    )


@login_required
def contacts_template(request):
    return xlsx_response(exports.contacts_template(), "contacts-template")
