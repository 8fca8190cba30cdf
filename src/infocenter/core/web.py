"""Helpers shared by every app's views: run a service and turn its refusal into form errors,
and map application errors to HTTP in one place."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .exceptions import ApplicationError, NotFound, PermissionDenied


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


def render_page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a page, or only its ``#main`` partial for htmx requests that ask for it."""
    if getattr(request, "htmx", False) and request.htmx.target == "main":
        context = {**context, "base_template": "partial.html"}
    else:
        context = {**context, "base_template": "base.html"}
    return render(request, template, context, status=status)


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
        rows = list(self.object_list[start:start + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        return LookaheadPage(rows[:self.per_page], number, self, has_next=len(rows) > self.per_page)


class LookaheadPage:
    def __init__(self, rows, number, paginator, *, has_next):
        self.object_list, self.number, self.paginator, self._has_next = rows, number, paginator, has_next

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
