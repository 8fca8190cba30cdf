"""The reference library (LOG-5): documents and their versions."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    form_page,
    page_filter,
    render_page,
    saved,
    site_of,
)

from .. import selectors, services
from ..choices import DocumentCategory
from ..filtersets import DocumentFilter
from ..forms import (
    DocumentForm,
    VersionForm,
)


@login_required
def library(request):
    site, sites = site_of(request, "lb.view")
    q, category = request.GET.get("q", ""), request.GET.get("category", "")
    rows = (
        page_filter(
            DocumentFilter, request, selectors.documents_for(request.user, site=site, q=q)
        ).qs
        if site
        else []
    )
    return render_page(
        request,
        "logbook/library.html",
        {
            "site": site,
            "sites": sites,
            "q": q,
            "category": category,
            "categories": DocumentCategory.choices,
            "rows": [(d, selectors.current_version(d)) for d in rows],
            "may_edit": site is not None
            and permissions.can(request.user, "lb.library", site_id=site.pk),
        },
    )


@login_required
def document_new(request):
    site, sites = site_of(request, "lb.library")
    permissions.check(request.user, "lb.library", site=site)
    form = DocumentForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.add_document(request.user, site=site, **form.cleaned_data),
        _("Document added; now add its first version."),
        lambda document: reverse("logbook:document", kwargs={"pk": document.pk}),
        template="logbook/document_form.html",
        context={"site": site, "sites": sites},
    )


@login_required
def document_detail(request, pk):
    document = selectors.get_document(request.user, pk)
    may_edit = permissions.can(request.user, "lb.library", site_id=document.site_id)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        permissions.check(request.user, "lb.library", site=document.site_id)
        if response := saved(
            request,
            form,
            lambda: services.add_document_version(request.user, document, **form.cleaned_data),
            _("Version added."),
            reverse("logbook:document", kwargs={"pk": pk}),
        ):
            return response
    return render_page(
        request,
        "logbook/document_detail.html",
        {
            "record": document,
            "current": selectors.current_version(document),
            "form": form if may_edit else None,
            "events": core_selectors.timeline(document),
        },
        status=400 if form.errors else 200,
    )


@login_required
def document_file(request, pk, version):
    document = selectors.get_document(request.user, pk)
    found = next((v for v in document.versions.all() if v.pk == version and v.attachment_id), None)
    if found is None:
        raise Http404()
    return FileResponse(
        found.attachment.file.open("rb"),
        content_type=found.attachment.content_type,
        as_attachment=True,
        filename=found.attachment.original_name,
    )
