"""The lists behind the dashboard's figures: forms and work orders of the user's sites, narrowed
by ``filtersets.FormFilter`` / ``OrderFilter`` from the URL, with their exact count (a figure
clicked on the dashboard opens the list of what it counted)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import selectors as core_selectors
from infocenter.core.deadlines import clocks_for
from infocenter.core.web import page_filter, render_page

from .. import reports, selectors
from ..choices import CallbackOutcome
from ..filtersets import FormFilter, OrderFilter


@login_required
def form_list(request):
    """Forms of the user's sites (of those named by ``site``), filtered as in the URL."""
    sites, filters = _filtered(request, FormFilter, selectors.forms_for(request.user))
    rows = filters.qs.order_by("-received_at", "-pk")
    return _page(request, "servicedesk/form_list.html", rows, filters, sites, _("Service forms"))


@login_required
def order_list(request):
    """Work orders of the user's sites (of those named by ``site``), filtered as in the URL."""
    sites, filters = _filtered(request, OrderFilter, selectors.orders_for(request.user))
    rows = filters.qs.select_related("form").order_by("-dispatched_at", "-pk")
    return _page(request, "servicedesk/order_search.html", rows, filters, sites, _("Work orders"))


def _filtered(request, filterset_class, queryset):
    """The sites asked for (``site``, once or several times, as a dashboard figure over
    several sites links; each refused out of the user's scope, as everywhere) and the
    filterset. No ``site``: every site the user sees."""
    sites = _sites_asked(request)
    if sites:
        queryset = queryset.filter(site__in=sites)
    filters = page_filter(filterset_class, request, queryset)
    filters.is_valid()
    return sites, filters


def _sites_asked(request) -> list:
    """The sites named by ``site`` in the URL, in one query; one out of scope is refused as
    ``get_site`` refuses it (404, or 403 when seen but not allowed)."""
    wanted = list(dict.fromkeys(v for v in request.GET.getlist("site") if v))
    if not wanted:
        return []
    found = list(
        core_selectors.sites_for(request.user, "sd.view").filter(
            pk__in=[pk for pk in wanted if pk.isdigit()]
        )
    )
    missing = set(wanted) - {str(s.pk) for s in found}
    for pk in missing:
        core_selectors.get_site(request.user, pk, "sd.view")  # raises for this one
    return sorted(found, key=lambda s: s.name)


def _page(request, template, rows, filters, sites, title):
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        template,
        {
            "title": title,
            "page": page,
            "clocks": clocks_for(page.object_list),
            "site": sites[0] if len(sites) == 1 else None,
            "described": describe(filters, sites),
        },
    )


def describe(filters, sites) -> list[str]:
    """The filters in force, in words (for the chips above the list); ``sites`` the sites
    asked for."""
    data = {
        k: v for k, v in getattr(filters.form, "cleaned_data", {}).items() if v not in (None, "")
    }
    words = [" · ".join(s.name for s in sites)] if sites else []
    for name in ("received", "dispatched"):
        start, end = data.get(f"{name}_after"), data.get(f"{name}_before")
        if start or end:
            words.append(_period(start, end))
    start, end = data.get("returned_after"), data.get("returned_before")
    if start or end:
        words.append(_("returned %(period)s") % {"period": _period(start, end)})
    for name in ("category", "source", "state"):
        if name in data:
            field = filters.form.fields[name]
            words.append(str(dict(field.choices).get(data[name], data[name])))
    if "department" in data:
        words.append(data["department"].name)
    names = {kind: str(name) for kind, _rule, name in reports.CLOCKS}
    if "clock" in data or "clock_state" in data:
        outcome = {"met": _("on time"), "breached": _("late"), "open": _("running")}
        words.append(
            " · ".join(
                str(w)
                for w in (names.get(data.get("clock")), outcome.get(data.get("clock_state")))
                if w
            )
        )
    if data.get("overdue") is not None:
        words.append(_("overdue now") if data["overdue"] else _("not overdue"))
    if data.get("called_back") is not None:
        words.append(_("called back") if data["called_back"] else _("not called back"))
    if "callback" in data:
        words.append(str(CallbackOutcome(data["callback"]).label))
    if data.get("open") is not None:
        words.append(_("open orders") if data["open"] else _("finished orders"))
    if data.get("building") is not None:
        words.append(data["building"].name)
    if data.get("flat") is not None:
        words.append(_("at a flat") if data["flat"] else _("not at a flat"))
    if data.get("repeat"):
        words.append(_("repeat complaints"))
    if data.get("reissued") is not None:
        words.append(_("re-issued orders") if data["reissued"] else _("first issues"))
    return words


def _period(start: dt.datetime | None, end: dt.datetime | None) -> str:
    def day(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d")

    if start and end and end - start == dt.timedelta(days=1):
        return day(start)
    last = day(end - dt.timedelta(seconds=1)) if end else ""
    return f"{day(start) if start else ''} – {last}"
