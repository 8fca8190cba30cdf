"""Working through lists (UX 11): a bulk action runs the record's own service
on each chosen record, one at a time, each in the service's own transaction, so a refusal
leaves that record untouched and the others done; the page then says, record by record, what
was done and what was refused and why."""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .exceptions import ApplicationError


def each(records: Iterable, call: Callable[[object], object]) -> list[tuple[object, str]]:
    """``call(record)`` for each record (the per-record service; never inside an outer
    transaction, the services' are durable). Returns each record with "" when done or the
    reason it was refused."""
    results = []
    for record in records:
        try:
            call(record)
        except ApplicationError as refused:
            results.append((record, reason_of(refused)))
        else:
            results.append((record, ""))
    return results


def reason_of(refused: ApplicationError) -> str:
    """A refusal in one line: its message and the fields' messages."""
    fields = [str(m) for ms in refused.field_errors.values() for m in ms]
    return " ".join([str(refused.message), *fields]) if fields else str(refused.message)


def report(request, results: list[tuple[object, str]], done_label: str) -> None:
    """One message for what was done ("Done: 消档 — A, B.") and one per refused record with
    its reason; nothing chosen says so."""
    if not results:
        messages.warning(request, _("Choose at least one item."))
        return
    done = [str(label_of(r)) for r, reason in results if not reason]
    if done:
        messages.success(
            request,
            _("%(action)s done for %(n)s: %(items)s.")
            % {"action": done_label, "n": len(done), "items": "、".join(done)},
        )
    for record, reason in results:
        if reason:
            messages.error(
                request,
                _("%(item)s was refused: %(reason)s")
                % {"item": label_of(record), "reason": reason},
            )


def label_of(record) -> str:
    """How a record is named in a bulk action's report: its serial, else its title."""
    return getattr(record, "serial", None) or getattr(record, "title", None) or str(record)


def back(request, default: str):
    """Back to the list the action was posted from (its filter kept), never to another host."""
    url = request.POST.get("back", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return redirect(url)
    return redirect(default)
