"""Issue 14, item 4 and acceptance 3: no rule code (SD-6, MR-9, LOG-2 …) in any page a person
reads. The demo is loaded once for the module and its reminders sent; then, for each demo
person (one per role), every page they can reach is rendered: each URL pattern of every app
without arguments, and every link, ``hx-get`` and form (GET) found on the pages, with the demo's
real ids, one URL per route and role. Each page must answer 200, 302 or 403 (never 500) and its
visible text (tags, scripts and styles stripped) must name rules in words."""

import datetime as dt
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from infocenter.core import demo, worker
from infocenter.core.models import User
from tests.conftest import FAST_HASHERS, kept_for_module

RULE_CODE = re.compile(r"\b(SD|MR|LOG|IT|X|ORG)-\d+\b")
HIDDEN = re.compile(
    r"<(script|style|template|noscript)\b.*?</\1\s*>|<!--.*?-->|<code\b[^>]*>\s*</code>",
    re.S | re.I,
)
TAG = re.compile(r"<[^>]+>")
TARGETS = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"'#]*)""", re.I)
FORM = re.compile(r"<form\b([^>]*)>", re.I)
ACTION = re.compile(r"""action\s*=\s*["']([^"'#]*)""", re.I)
# Not pages: signing out, the language switch, Django's admin, the API and its schema, files.
SKIPPED = ("/logout/", "/i18n/", "/admin/", "/api/", "/static/", "/media/")
DOWNLOADS = ("application/vnd", "application/pdf", "image/", "text/csv", "application/json")
ANSWERS = {200, 302, 403}


def visible_text(html: str) -> str:
    """What a person reads on the page: the text without tags, scripts and styles, with the
    attributes people see (titles, placeholders, labels of buttons) kept."""
    html = HIDDEN.sub(" ", html)
    shown = re.findall(r"""(?:title|placeholder|aria-label|alt)\s*=\s*["']([^"']*)""", html)
    return unescape(" ".join([TAG.sub(" ", html), *shown]))


def codes_in(html: str) -> list[str]:
    text = visible_text(html)
    return sorted(
        {text[max(m.start() - 30, 0) : m.end() + 10].strip() for m in RULE_CODE.finditer(text)}
    )


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def seeds() -> list[str]:
    """Every route that takes no argument."""
    urls = []
    for name, _pattern in _patterns():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not url.startswith(SKIPPED) and url not in urls:
            urls.append(url)
    return urls


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@pytest.fixture(scope="module")
def demo_people(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (rolled back after it), with its reminders sent so
    the messages pages have something to show."""
    with kept_for_module(django_db_blocker), django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            demo.load()
        worker.run_once(at=dt.datetime.now(dt.UTC), echo=lambda _: None)
        people = list(User.objects.filter(username__in=[p[0] for p in demo.PEOPLE]).order_by("pk"))
        yield people


def walk(client: Client, start: list[str]) -> tuple[dict, dict]:
    """Render what ``client`` can reach from ``start``: one URL per route. Returns the answer
    of each URL and the rule codes found on each page."""
    queue, seen_routes, answers, found = deque(start), set(), {}, {}
    while queue:
        url = queue.popleft()
        route = route_of(urlsplit(url).path)
        if route is None or route in seen_routes or url in answers:
            continue
        response = client.get(url)
        answers[url] = response.status_code
        if response.status_code != 200:
            # a route that needs a query (?visit=…) is tried again when a page links to it
            if url not in start:
                seen_routes.add(route)
            continue
        seen_routes.add(route)
        kind = response.get("Content-Type", "")
        if kind.startswith(DOWNLOADS) or getattr(response, "streaming", False):
            continue
        html = response.content.decode()
        if codes := codes_in(html):
            found[url] = codes
        gets = [f for f in FORM.findall(html) if not re.search(r"method\s*=\s*[\"']?post", f, re.I)]
        for target in [*TARGETS.findall(html), *(a for f in gets for a in ACTION.findall(f))]:
            target = unescape(urldefrag(target)[0])
            if target.startswith("/") and not target.startswith(SKIPPED):
                queue.append(target)
    return answers, found


def test_ux4_visible_text_ignores_markup_but_not_words():
    page = (
        '<p title="派工时限">派工时限</p><script>// SD-6 clock</script><style>/* MR-2 */</style>'
        "<!-- LOG-3 --><td>SA-GD-2026-00001</td>"
    )
    assert codes_in(page) == []
    assert codes_in("<td>超时 (SD-6)</td>") == ["超时 (SD-6)"]
    assert codes_in('<button title="MR-9">x</button>') == ["x  MR-9"]


def test_ux4_no_rule_code_on_any_page_of_the_demo(demo_people, db):
    assert len(demo_people) >= 10
    start = seeds()
    problems, broken, reached = {}, {}, set()
    for person in demo_people:
        client = Client()
        client.force_login(person)
        answers, found = walk(client, start)
        reached |= {route_of(urlsplit(u).path) for u, code in answers.items() if code == 200}
        for url, code in answers.items():
            # a route without arguments may need a query or a POST: it must only not fail
            if code not in ANSWERS and (url not in start or code >= 500):
                broken[f"{person.username} {url}"] = code
        for url, codes in found.items():
            problems[f"{person.username} {url}"] = codes
    assert not broken, "\n".join(f"{k}: {v}" for k, v in broken.items())
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    # the walk really went through the pages: list, detail, print and form pages of each app
    for app in ("core", "servicedesk", "logbook", "machineroom", "staffwork"):
        assert len([r for r in reached if r.startswith(f"{app}:")]) >= 5, app
    assert len(reached) >= 120, len(reached)
