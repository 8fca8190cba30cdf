"""The queues a record can be opened from, for "next item": a record opened
from a queue (``?queue=inbox``) offers, after an action, the next record of that queue. An app
registers each of its queues with the function that lists its records' pages in queue order."""

from collections.abc import Callable

from django.utils.http import url_has_allowed_host_and_scheme

# queue name → pages(user) -> the records' URLs in queue order (a bounded list)
_queues: dict[str, Callable] = {}
LIMIT = 200  # how far down a queue "next" looks


def register_queue(name: str, pages: Callable) -> None:
    _queues[name] = pages


def next_item(request) -> str:
    """The page of the record after this one in the queue it was opened from ("" when none):
    from ``?queue=`` when the record's page is shown, or as posted with a step (``next``)."""
    if request.method == "POST":
        posted = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(posted, {request.get_host()}, request.is_secure())
        return posted if safe else ""
    name = request.GET.get("queue", "")
    if name not in _queues or not request.user.is_authenticated:
        return ""
    urls = list(_queues[name](request.user))
    after = urls[urls.index(request.path) + 1 :] if request.path in urls else urls
    following = next((u for u in after if u != request.path), None)
    return f"{following}?queue={name}" if following else ""


def go_next(request) -> str:
    """Where a step posted from a record opened from a queue goes when it succeeded: the next
    record when the person kept "then open the next item" ticked, else ""."""
    return next_item(request) if request.POST.get("go_next") else ""
