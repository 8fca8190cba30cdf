"""The register (信息中心记录表, SD-2): a month of forms with their orders, its Excel export and
the one search box."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import selectors as core_selectors
from infocenter.core.calendar import days_span
from infocenter.core.deadlines import clock_rows_for
from infocenter.core.templatetags.infocenter import Clocks
from infocenter.core.web import page_filter, render_page, url_for_each, xlsx_response

from .. import selectors
from ..choices import Category, FormState, OrderState
from ..exports import register_workbook
from ..filtersets import FormFilter
from .common import urgency_badges


@login_required
def register(request):
    """信息中心记录表 (SD-2): every form of a month with its orders; closed serials struck. By
    default in queue order (overdue, urgent, what is due first; UX 11), ``?sort=received`` in
    the paper register's order, newest first."""
    sites = core_selectors.sites_for(request.user, "sd.view")
    site = (
        core_selectors.get_site(request.user, request.GET["site"], "sd.view")
        if request.GET.get("site")
        else sites.first()
    )
    month = _month(request.GET.get("month"))
    start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
    end = timezone.make_aware(dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1))
    rows = page_filter(
        FormFilter, request, selectors.register_for(request.user, site=site, start=start, end=end)
    ).qs
    sort = "received" if request.GET.get("sort") == "received" else "due"
    ordered = selectors.forms_in_queue_order(rows) if sort == "due" else rows
    # the page's keys first, in order, without the flats' joins and the orders (a busy site's
    # month is a few thousand forms, all sorted before the fifty are cut); then its rows
    page = Paginator(
        ordered.select_related(None).prefetch_related(None).values_list("pk", flat=True), 50
    ).get_page(request.GET.get("page"))
    found = {form.pk: form for form in rows.filter(pk__in=list(page.object_list))}
    page.object_list = _rows([found[pk] for pk in page.object_list if pk in found])
    return render_page(
        request,
        "servicedesk/register.html",
        {
            "page": page,
            "sites": sites,
            "site": site,
            "month": month.strftime("%Y-%m"),
            "categories": Category.choices,
            "states": FormState.choices,
            "category": request.GET.get("category", ""),
            "state": request.GET.get("state", ""),
            "closed": OrderState.CLOSED,
            "returned": OrderState.RETURNED,
            "redispatched": OrderState.REDISPATCHED,
            "sort": sort,
        },
    )


def _rows(forms: list) -> list:
    """The page's forms with what their rows show worked out once, as the queues do (UX 11):
    addresses reversed from one prefix, the urgency badges rendered once per kind, each clock
    rendered in Python by one ``Clocks``."""
    clocks = clock_rows_for(
        "servicedesk.serviceform", [f.pk for f in forms], sites={f.site_id for f in forms}
    )
    faces, badges = Clocks(), urgency_badges()
    form_url, order_url = url_for_each("servicedesk:form"), url_for_each("servicedesk:order")
    for form in forms:
        form.url, form.badges = form_url(form.pk), badges(form.priority, form.major)
        form.clock_faces = [faces.render(c, named=True) for c in clocks.get(form.pk, [])]
        for order in form.register_orders:
            order.url = order_url(order.pk)
    return forms


def _month(raw: str | None) -> dt.date:
    try:
        return dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def search(request):
    """The service desk's old search address: the one search box now answers it."""
    return redirect(reverse("search") + "?" + urlencode({"q": request.GET.get("q", "")}))


@login_required
def register_export(request):
    """The register of one site for any date range as Excel (X-5)."""

    site = core_selectors.get_site(request.user, request.GET.get("site"), "sd.view")
    start, end = _day(request.GET.get("start")), _day(request.GET.get("end"))
    if start is None or end is None or end < start:
        messages.error(request, _("Choose a start and an end date."))
        return redirect("servicedesk:register")
    start_at, end_at = days_span(start, end)
    forms = page_filter(
        FormFilter,
        request,
        selectors.register_for(request.user, site=site, start=start_at, end=end_at),
    ).qs
    data = register_workbook(forms, title=f"{site.code}-{start:%Y%m%d}-{end:%Y%m%d}")
    return xlsx_response(data, f"register-{site.code}-{start:%Y%m%d}-{end:%Y%m%d}")


def _day(raw):
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return None
