"""What the service desk's pages share: the record's page after a refused step, and the
urgency badges of long lists."""

from collections.abc import Callable

from django.contrib import messages
from django.template.loader import render_to_string

from infocenter.core.workflows import available

from ..choices import Priority


def urgency_badges() -> Callable[[str, bool], str]:
    """A row's urgent and major badges (``includes/urgency.html``) for a page of many rows:
    rendered once per kind, then reused (``badges(priority, major)``)."""
    rendered: dict[tuple[bool, bool], str] = {}

    def badges(priority: str, major: bool) -> str:
        kind = (priority == Priority.URGENT, bool(major))
        if kind not in rendered:
            rendered[kind] = render_to_string(
                "includes/urgency.html", {"form": {"priority": priority, "major": major}}
            )
        return rendered[kind]

    return badges


def refused_page(get, steps, detail):
    """The record's page after a refused step. A refused step that is not on the page any more
    (the state moved on), or a side step outside the table, says why at the top."""

    def page(request, pk, bound, status):
        record = get(request.user, pk)
        offered = {s.name for s in available(request.user, record, steps)}
        for name, form in bound.items():
            if name not in offered:
                for error in form.non_field_errors():
                    messages.error(request, error)
        return detail(request, pk, bound, status=status)

    return page
