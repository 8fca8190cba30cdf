"""Pages of the shell and the organisation (ORG-1…4), staff profiles, the working calendar,
the audit log and the outbox. Thin: parse, call one selector or service, render."""

import calendar as pycalendar

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import calendar, home, live, permissions, search, selectors, services
from .exceptions import PermissionDenied
from .forms import (
    BuildingForm,
    CalendarFilterForm,
    CalendarOverrideForm,
    DepartmentForm,
    PasswordForm,
    ProfileForm,
    ReceiversForm,
    RoleForm,
    SiteForm,
    StaffForm,
    WebhookForm,
    WorkingDaysForm,
)
from .validators import is_number
from .web import attempt, render_page, saved


@login_required
def home_page(request):
    if response := live.unchanged(request):
        return response
    panels = home.panels_for(request.user)
    return render_page(
        request,
        "core/home.html",
        {
            "panels": panels,
            "live_urgent": home.urgent_links(panels),
            "assignments": request.user.role_assignments.select_related(
                "site", "branch", "department"
            ),
        },
    )


@login_required
def password_change(request):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = attempt(
            request,
            form,
            lambda: services.change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            ),
        )
        if user:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render_page(request, "core/password_change.html", {"form": form})


@login_required
def site_list(request):
    sites = selectors.sites_for(request.user).prefetch_related("departments")
    return render_page(request, "core/site_list.html", {"sites": sites})


@login_required
def site_detail(request, pk):
    site = selectors.get_site(request.user, pk)
    can_manage = permissions.can(request.user, "org.manage", site_id=site.pk)
    return render_page(
        request,
        "core/site_detail.html",
        {
            "site": site,
            "can_manage": can_manage,
            "departments": selectors.departments_for(request.user, site=site),
            "buildings": selectors.buildings_for(request.user, site=site),
            "department_form": DepartmentForm(),
            "building_form": BuildingForm(),
            "webhooks": selectors.webhooks_for(request.user, site=site),
            "webhook_form": WebhookForm(departments=site.departments.all()),
            "events": selectors.timeline(site)[:50],
        },
    )


@login_required
def site_edit(request, pk):
    site = selectors.get_site(request.user, pk)
    permissions.check(request.user, "org.manage", site=site)
    initial = {
        "version": site.version,
        "name": site.name,
        "address": site.address,
        "workday_start": site.workday_start,
        "workday_end": site.workday_end,
    }
    form = SiteForm(request.POST or None, initial=initial)
    if response := saved(
        request,
        form,
        lambda: services.update_site(request.user, site, **form.cleaned_data),
        _("Site saved."),
        reverse("core:site", kwargs={"pk": site.pk}),
    ):
        return response
    return render_page(
        request, "core/form_page.html", {"form": form, "title": site.name, "back": site}
    )


def _add_to_site(request, pk, form_class, create, added, refused):
    """POST handler shared by the "add to this site" forms of the site page."""
    site = selectors.get_site(request.user, pk)
    permissions.check(request.user, "org.manage", site=site)
    form = form_class(request.POST)
    _post(
        request, form, lambda: create(request.user, site=site, **form.cleaned_data), added, refused
    )
    return redirect("core:site", pk=site.pk)


def _post(request, form, call, done: str, refused: str) -> None:
    """A small form posted from a page: ``call`` when it is valid (``attempt``), then ``done``
    said, or ``refused`` with the form's errors (``%(errors)s``)."""
    if form.is_valid() and attempt(request, form, call):
        messages.success(request, done)
    else:
        messages.error(request, refused % {"errors": _errors(form)})


@login_required
@require_POST
def department_create(request, pk):
    return _add_to_site(
        request,
        pk,
        DepartmentForm,
        services.create_department,
        _("Department added."),
        _("Department not added: %(errors)s"),
    )


@login_required
def department_detail(request, pk):
    """A department's page: its profile and its designated receivers (SD-5), which its head,
    the site's managers and administrators may change."""
    department = selectors.get_department(request.user, pk)
    may_edit = permissions.can(
        request.user, "org.receivers", site_id=department.site_id, department_id=department.pk
    )
    if request.method == "POST":
        permissions.check(
            request.user, "org.receivers", site=department.site_id, department=department.pk
        )
    members = selectors.department_members(department)
    initial = {"version": department.version, "receivers": list(department.receivers.all())}
    form = ReceiversForm(request.POST or None, initial=initial, members=members)
    if response := saved(
        request,
        form,
        lambda: services.set_department_receivers(request.user, department, **form.cleaned_data),
        _("Designated receivers saved."),
        reverse("core:department", kwargs={"pk": department.pk}),
    ):
        return response
    return render_page(
        request,
        "core/department_detail.html",
        {
            "department": department,
            "receivers": department.receivers.all(),
            "form": form if may_edit else None,
            "events": selectors.timeline(department)[:50],
        },
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


@login_required
@require_POST
def building_create(request, pk):
    return _add_to_site(
        request,
        pk,
        BuildingForm,
        services.create_building,
        _("Building added."),
        _("Building not added: %(errors)s"),
    )


@login_required
@require_POST
def webhook_add(request, pk):
    site = selectors.get_site(request.user, pk)
    permissions.check(request.user, "org.manage", site=site)
    form = WebhookForm(request.POST, departments=site.departments.all())
    _post(
        request,
        form,
        lambda: services.add_department_webhook(request.user, **form.cleaned_data),
        _("Robot connected."),
        _("Robot not connected: %(errors)s"),
    )
    return redirect("core:site", pk=site.pk)


@login_required
@require_POST
def webhook_remove(request, pk):
    hook = selectors.get_webhook(request.user, pk)
    attempt(request, None, lambda: services.remove_department_webhook(request.user, hook))
    return redirect("core:site", pk=hook.department.site_id)


def _errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
def building_detail(request, pk):
    building = selectors.get_building(request.user, pk)
    return render_page(request, "core/building_detail.html", {"building": building})


@login_required
def people_list(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.people_for(request.user, q=q), 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "core/people_list.html",
        {"page": page, "q": q, "can_manage": permissions.can(request.user, "people.manage")},
    )


@login_required
def person_detail(request, pk):
    person = selectors.get_person(request.user, pk)
    managed = selectors.sites_for(request.user, "people.manage")
    return render_page(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "assignments": person.role_assignments.select_related("site", "branch", "department"),
            "can_edit": services.may_edit_profile(request.user, person),
            "managed_site_ids": set(managed.values_list("pk", flat=True)),
            "role_form": RoleForm(sites=managed) if managed.exists() else None,
            "events": selectors.timeline(person)[:50],
        },
    )


@login_required
def person_add(request):
    permissions.check(request.user, "people.manage")
    form = StaffForm(request.POST or None, sites=selectors.sites_for(request.user, "people.manage"))
    if request.method == "POST" and form.is_valid():
        person = attempt(
            request, form, lambda: services.add_staff(request.user, **form.cleaned_data)
        )
        if person:
            messages.success(request, _("%(name)s can now log in.") % {"name": person.full_name})
            return redirect("core:person", pk=person.pk)
    return render_page(request, "core/form_page.html", {"form": form, "title": _("Add a person")})


@login_required
@require_POST
def role_add(request, pk):
    person = selectors.get_person(request.user, pk)
    permissions.check(request.user, "people.manage")
    form = RoleForm(request.POST, sites=selectors.sites_for(request.user, "people.manage"))
    _post(
        request,
        form,
        lambda: services.assign_role(request.user, person=person, **form.cleaned_data),
        _("Role granted."),
        _("Role not granted: %(errors)s"),
    )
    return redirect("core:person", pk=person.pk)


@login_required
@require_POST
def role_revoke(request, pk):
    assignment = selectors.get_role_assignment(request.user, pk)
    attempt(request, None, lambda: services.revoke_role(request.user, assignment))
    return redirect("core:person", pk=assignment.user_id)


@login_required
def profile_edit(request, pk):
    person = selectors.get_person(request.user, pk)
    if not services.may_edit_profile(request.user, person):
        raise PermissionDenied()
    fields = ["full_name", "phone", "email", "title", "responsibilities", "specialties"]
    initial = {"version": person.version, **{f: getattr(person, f) for f in fields}}
    form = ProfileForm(request.POST or None, initial=initial)
    if response := saved(
        request,
        form,
        lambda: services.update_profile(request.user, person, **form.cleaned_data),
        _("Profile saved."),
        reverse("core:person", kwargs={"pk": person.pk}),
    ):
        return response
    return render_page(request, "core/form_page.html", {"form": form, "title": person.full_name})


@login_required
def calendar_page(request):
    sites = selectors.sites_for(request.user, "calendar.view")
    filters = CalendarFilterForm(request.GET or None, sites=sites)
    filters.is_valid()
    site = filters.cleaned_data.get("site") if filters.is_bound else None
    site = site or sites.first()
    year = (
        filters.cleaned_data.get("year") if filters.is_bound else None
    ) or timezone.localdate().year
    cal = calendar.for_site(site)
    can_manage = site is not None and permissions.can(
        request.user, "calendar.manage", site_id=site.pk
    )
    compute = WorkingDaysForm(request.GET if "days" in request.GET else None)
    result = None
    if compute.is_bound and compute.is_valid():
        start = (
            timezone.make_aware(compute.cleaned_data["start"])
            if timezone.is_naive(compute.cleaned_data["start"])
            else compute.cleaned_data["start"]
        )
        result = cal.add_working_days(start, compute.cleaned_data["days"])
    return render_page(
        request,
        "core/calendar.html",
        {
            "filters": filters,
            "site": site,
            "year": year,
            "can_manage": can_manage,
            "months": _months(cal, year),
            "known": year in calendar.official_years() or year in cal.published_years,
            "overrides": selectors.calendar_overrides_for(request.user, site=site, year=year)
            if site
            else [],
            "form": CalendarOverrideForm(),
            "compute": compute,
            "result": result,
        },
    )


def _months(cal: calendar.SiteCalendar, year: int) -> list[dict]:
    """Twelve month grids (weeks of days, Monday first) with each day's working state."""
    grid = pycalendar.Calendar(firstweekday=0)
    return [
        {
            "number": month,
            "weeks": [
                [
                    {
                        "date": day,
                        "in_month": day.month == month,
                        "working": cal.is_working_day(day),
                        "reason": cal.reason(day) if day.month == month else "",
                    }
                    for day in week
                ]
                for week in grid.monthdatescalendar(year, month)
            ],
        }
        for month in range(1, 13)
    ]


@login_required
@require_POST
def calendar_override_add(request):
    site = selectors.get_site(request.user, request.POST.get("site"), "calendar.view")
    permissions.check(request.user, "calendar.manage", site=site)
    form = CalendarOverrideForm(request.POST)
    _post(
        request,
        form,
        lambda: services.add_calendar_override(request.user, site=site, **form.cleaned_data),
        _("Calendar entry added."),
        _("Calendar entry not added: %(errors)s"),
    )
    year = form.cleaned_data["date"].year if form.is_valid() else ""
    return redirect(f"{_calendar_url()}?site={site.pk}&year={year}")


@login_required
@require_POST
def calendar_override_remove(request, pk):
    override = selectors.get_calendar_override(request.user, pk)
    attempt(request, None, lambda: services.remove_calendar_override(request.user, override))
    return redirect(f"{_calendar_url()}?site={override.site_id}&year={override.date.year}")


def _calendar_url() -> str:

    return reverse("core:calendar")


@login_required
def audit_log(request):
    permissions.check(request.user, "audit.view")
    sites = selectors.sites_for(request.user, "audit.view")
    site = (
        selectors.get_site(request.user, request.GET["site"], "audit.view")
        if request.GET.get("site")
        else None
    )
    events = (
        selectors.audit_events_for(request.user, site=site)
        .select_related("site")
        .order_by("-occurred_at", "-seq")
    )
    kind = request.GET.get("kind", "").strip()
    if kind:
        events = events.filter(kind__startswith=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render_page(
        request, "core/audit_log.html", {"page": page, "sites": sites, "site": site, "kind": kind}
    )


@login_required
def outbox_page(request):
    permissions.check(request.user, "outbox.view")
    state = request.GET.get("state", "pending")
    rows = selectors.outbox_for(request.user).filter(state=state).order_by("-created_at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(request, "core/outbox.html", {"page": page, "state": state})


@login_required
def notifications_page(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render_page(request, "core/notifications.html", {"page": page})


@login_required
def bell(request):
    """The bell of the top bar with the unread count, for its poll: 204 when the count and the
    latest message are what the browser shows (``core.live``)."""
    if response := live.unchanged_bell(request):
        return response
    response = render(request, "core/partials/bell_poll.html", {"unread_count": request.unread[0]})
    response[live.HEADER] = request.live_stamp
    return response


@login_required
@require_POST
def notifications_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if is_number(i)] or None
    services.mark_notifications_read(request.user, ids=ids)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "core:notifications"
    return redirect(target)


# -- saved filters of the list pages -------------------------------------------------------------


@login_required
@require_POST
def filter_save(request):
    """Save the list page's current filter under a name, then show the page filtered by it."""
    list_name = request.POST.get("list", "")
    try:
        page = reverse(list_name)
    except NoReverseMatch:
        raise Http404() from None
    query = request.POST.get("query", "")
    saved_filter = attempt(
        request,
        None,
        lambda: services.save_filter(
            request.user, list_name=list_name, name=request.POST.get("name", ""), query=query
        ),
    )
    if saved_filter is None:
        return redirect(f"{page}?{query}" if query else page)
    messages.success(request, _("Filter saved: %(name)s.") % {"name": saved_filter.name})
    return redirect(f"{page}?{saved_filter.query}" if saved_filter.query else page)


@login_required
@require_POST
def filter_delete(request, pk):
    """Remove one of the person's own saved filters; another person's is not found."""
    list_name = attempt(request, None, lambda: services.delete_filter(request.user, pk=pk))
    messages.success(request, _("Saved filter removed."))
    return redirect(list_name or "home")


@login_required
def search_page(request):
    """The one search box's results, grouped by kind; an exact serial opens its record."""
    query = search.read(request.GET.get("q", ""))
    groups = search.search(request.user, query)
    exact = search.exact_hit(groups)
    if exact is not None:
        return redirect(exact.url)
    context = {"q": query.text, "groups": groups, "refusal": search.refusal(query)}
    return render_page(request, "core/search.html", context)


@login_required
def search_suggest(request):
    """The top bar's type-ahead: the first few of each kind as the person types (htmx)."""
    query = search.read(request.GET.get("q", ""))
    groups = search.search(request.user, query, limit=search.SUGGESTIONS)
    context = {"q": query.text, "groups": groups, "refusal": search.refusal(query)}
    return render(request, "core/search_suggest.html", context)
