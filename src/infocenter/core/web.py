"""Helpers shared by every app's views: run a service and turn its refusal into form errors
(mapping application errors to HTTP in one place), the one step view, pages, periods and
Excel answers."""

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import live, permissions, selectors
from .attachments import attachments_of
from .calendar import days_span
from .exceptions import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from .queues import go_next


def attempt(request, form, call: Callable[[], object]):
    """Run ``call``; on a refusal put its messages on ``form`` (field by field where known) and
    return None. Permission and not-found refusals become 403/404 pages."""
    try:
        return call()
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except ApplicationError as exc:
        if form is not None:
            form.refusal_status = exc.status
        placed = False
        for field, errors in exc.field_errors.items():
            target = field if form is not None and field in form.fields else None
            for error in errors if isinstance(errors, list | tuple) else [errors]:
                if form is not None:
                    form.add_error(target, error)
                    placed = True
        if not placed:
            if form is not None:
                form.add_error(None, exc.message)
            else:
                messages.error(request, exc.message)
        return None


def saved(
    request,
    form,
    call: Callable[[], object],
    message: str | Callable[[object], str],
    then: str | Callable[[object], str],
):
    """A posted, valid ``form`` that ``call`` saved (``attempt``): ``message`` said and the
    redirect to ``then`` (either may be made from what ``call`` returned, the record it made);
    None when nothing was posted or it was refused (show the page)."""
    if request.method == "POST" and form.is_valid():
        result = attempt(request, form, call)
        if result:
            messages.success(request, message(result) if callable(message) else message)
            return redirect(then(result) if callable(then) else then)
    return None


def form_page(
    request,
    form,
    call: Callable[[], object],
    message: str | Callable[[object], str],
    then: str | Callable[[object], str],
    *,
    template: str,
    context: dict,
) -> HttpResponse:
    """A page with one ``form``: posted, valid and saved by ``call`` → ``message`` and the
    redirect to ``then`` (``saved``); else ``template`` with the form and ``context`` (a 400
    when the form has errors: bad input or a refusal)."""
    if response := saved(request, form, call, message, then):
        return response
    return render_page(
        request, template, {"form": form, **context}, status=400 if form.errors else 200
    )


def import_refused(form, exc) -> list:
    """An import refused as a whole (``ValidationFailed``) shown on its page: what is wrong with
    the file at the file field, the refusal above the form when rows are bad; the bad rows."""
    rows = exc.field_errors.get("rows", [])
    for error in exc.field_errors.get("file", []):
        form.add_error("file", error)
    if rows:
        form.add_error(None, exc.message)
    return rows


def import_page(
    request,
    form,
    load: Callable[[object], list],
    *,
    message: str,
    then: str,
    template: str,
    context: dict,
    named: Callable[[list], list] | None = None,
) -> HttpResponse:
    """An Excel import page, all or nothing: the file of a posted, valid ``form`` imported by
    ``load(file)`` → ``message`` (``%(n)s``: how many were imported) said and the redirect to
    ``then``; the file refused as a whole → ``template`` again at 400 with ``problems``, its bad
    rows (``named(rows)`` puts them as the reader sees them)."""
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            created = load(form.cleaned_data["file"])
        except ValidationFailed as exc:
            problems = import_refused(form, exc)
            if named is not None:
                problems = named(problems)
        else:
            messages.success(request, message % {"n": len(created)})
            return redirect(then)
    return render_page(
        request,
        template,
        {"form": form, "problems": problems, **context},
        status=400 if form.errors or problems else 200,
    )


def done(request, label) -> None:
    """The message after a step succeeded: "Done: <step>."."""
    messages.success(request, _("Done: %(step)s.") % {"step": label})


def post_step(
    request,
    record,
    name: str,
    steps: dict[str, tuple],
    *,
    page: Callable[..., HttpResponse],
    labels: dict | None = None,
    bind: Callable | None = None,
    auto_id: str = "id_%s",
) -> HttpResponse:
    """The one step view: POST of step ``name`` of ``record`` from the record's page.

    ``steps`` maps each step to ``(form class, service)`` or ``(form class, service, label)``;
    without a label it is ``labels[name].label`` (the workflow table). ``bind(form_class, data)``
    binds the form when it needs more than the data (choices of the site); ``auto_id`` may name
    the step (``"{step}_%s"``) where a page holds the forms of several steps. The
    service is called as ``service(actor, record, **cleaned_data)``. Done → "Done: <step>." and
    back to the record's page; bad input or a refusal (400, 409, a stale version) → ``page(
    request, record.pk, {name: form}, status=…)``, the page again with the form, what was typed
    and the reason. A step the table does not know is a 404."""
    if name not in steps:
        raise Http404()
    form_class, service, *label = steps[name]
    if bind:
        form = bind(form_class, request.POST)
    else:
        form = form_class(request.POST, auto_id=auto_id.format(step=name))
    if form.is_valid() and attempt(
        request, form, lambda: service(request.user, record, **form.cleaned_data)
    ):
        done(request, label[0] if label else labels[name].label)
        return redirect(go_next(request) or record.get_absolute_url())
    return page(request, record.pk, {name: form}, status=getattr(form, "refusal_status", 400))


def page_filter(filterset_class, request, queryset):
    """A list page's filterset over ``queryset``, from the page's parameters but its ``site``
    (the page took the site as its scope already, with ``site_of``); a value the filterset
    does not know is ignored. The API and the exports use the same filterset."""
    params = request.GET.copy()
    params.pop("site", None)
    return filterset_class(params, queryset=queryset)


def step_view(
    get: Callable,
    steps: dict[str, tuple],
    *,
    page: Callable[..., HttpResponse],
    labels: dict | None = None,
    bind: Callable | None = None,
    auto_id: str = "id_%s",
):
    """The step view of one kind of record, for ``urls.py``: POST ``…/<pk>/<step>/`` reads the
    record with ``get(actor, pk)`` (the same 404 for missing and out of scope) and runs
    ``post_step``; ``bind(request, record, form_class, data)`` binds a form that needs more than
    the data."""

    @login_required
    @require_POST
    def view(request, pk, step):
        record = get(request.user, pk)
        binder = (lambda cls, data: bind(request, record, cls, data)) if bind else None
        return post_step(
            request, record, step, steps, page=page, labels=labels, bind=binder, auto_id=auto_id
        )

    return view


def render_page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a page, or only its ``#main`` partial for htmx requests that ask for it, or only
    its refreshable region (``{% block live %}``) for a region's poll (``core.live``)."""
    if live.is_poll(request):
        return live_region(request, template, context, status=status)
    if getattr(request, "htmx", False) and request.htmx.target == "main":
        context = {**context, "base_template": "partial.html"}
    else:
        context = {**context, "base_template": "base.html"}
    return render(request, template, context, status=status)


def live_region(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Only the ``live`` block of ``template`` (the page's refreshable region), rendered with
    the page's context, for a region's poll; a template without one answers in full."""
    compiled = get_template(template).template
    block = next(
        (n for n in compiled.nodelist.get_nodes_by_type(BlockNode) if n.name == "live"), None
    )
    if block is None:
        return render(request, template, {**context, "base_template": "partial.html"})
    ctx = make_context({**context, "base_template": "partial.html"}, request)
    with ctx.bind_template(compiled):
        body = block.render(ctx)
    response = HttpResponse(body, status=status)
    if stamp := getattr(request, "live_stamp", ""):
        response[live.HEADER] = stamp
    return response


def url_for_each(name: str, *before) -> Callable[[object], str]:
    """``reverse(name, args=[*before, pk])`` for every row of a long list: the address is
    reversed once and each row's key is put in its place."""
    marker = "987654321"
    head, _, tail = reverse(name, args=[*before, int(marker)]).partition(marker)
    return lambda pk: f"{head}{pk}{tail}"


class LookaheadPaginator:
    """Pages without a count: each page reads one row more than it shows to know whether a
    next page exists. For searches over large registers, where counting every match would cost
    as much as the search itself (UX 8: the pager then shows no total)."""

    def __init__(self, object_list, per_page: int):
        self.object_list, self.per_page = object_list, per_page
        self.num_pages = None

    def get_page(self, number) -> "LookaheadPage":
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        return LookaheadPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )


class LookaheadPage:
    def __init__(self, rows, number, paginator, *, has_next):
        self.object_list, self.number, self.paginator, self._has_next = (
            rows,
            number,
            paginator,
            has_next,
        )

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def attachment_response(subject, pk) -> FileResponse:
    """The attachment ``pk`` of ``subject`` (a photo of a form or order), as stored; 404 for
    one that is not ``subject``'s. The caller has read ``subject`` in the actor's scope."""
    found = attachments_of(subject).filter(pk=pk).first()
    if found is None:
        raise Http404()
    return FileResponse(found.file.open("rb"), content_type=found.content_type)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def period_register(
    request, action: str, rows, template: str, *, days: int, order: str, paged: bool
):
    """A register of the site chosen (where the actor may ``action``) for a period (the last
    ``days`` days by default): ``rows(site, since, until)`` ordered by ``order``, on its page
    (``paged``, 50 a page, with the site picker) or its print view (every row)."""
    site, sites = site_of(request, action)
    start, end, since, until = period_of(request, days=days)
    rows = rows(site, since, until).order_by(order)
    context = {"site": site, "start": start, "end": end}
    if paged:
        context |= {
            "sites": sites,
            "page": LookaheadPaginator(rows, 50).get_page(request.GET.get("page")),
        }
    else:
        context["rows"] = rows
    return render_page(request, template, context)


def period_export(request, action: str, rows, workbook, name: str, heading: str = ""):
    """A register of a period in Excel (X-5): ``rows(site, since, until)`` of the site chosen
    (where the actor may ``action``) and the period asked (the last 31 days by default), as
    ``workbook(rows, title=…)`` downloaded as ``<name>-<site code>-<start>-<end>.xlsx``."""
    site, _sites = site_of(request, action)
    start, end, since, until = period_of(request, days=31)
    return xlsx_response(
        workbook(rows(site, since, until), title=f"{heading}{start}~{end}"),
        f"{name}-{site.code}-{start}-{end}",
    )


SANE_YEARS = range(
    2000, 2101
)  # query dates outside are typos; date arithmetic near year 9999 overflows


def day_of(raw, default=None) -> dt.date | None:
    """An ISO date from a query parameter (years 2000–2100), or ``default``."""
    try:
        day = dt.date.fromisoformat(raw or "")
    except ValueError:
        return default
    return day if day.year in SANE_YEARS else default


def period_of(request, *, days: int = 1) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """``start``/``end`` dates of the request (default: the last ``days`` days), and the instants
    that bound them."""
    today = timezone.localdate()
    end = day_of(request.GET.get("end"), today)
    start = day_of(request.GET.get("start"), end - dt.timedelta(days=days - 1))
    start = min(start, end)
    return start, end, *days_span(start, end)


def site_of(request, action: str):
    """The site chosen in the request, or the actor's first site for ``action``, with the sites
    to choose from; refused when the actor has none (a register page is always a site's)."""

    sites = selectors.sites_for(request.user, action)
    chosen = request.GET.get("site") or request.POST.get("site")
    site = selectors.get_site(request.user, chosen, action) if chosen else sites.first()
    if site is None:
        permissions.check(request.user, action)  # names the action that no role grants here
        raise Http404()
    return site, sites
