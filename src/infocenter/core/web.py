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
