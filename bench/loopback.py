"""What the HTTP benchmarks share (``bench.writes``, ``bench.pages``, ``bench.machineroom``): a
free 127.0.0.1 port, gunicorn started on it and waited for, a cookie-keeping client that logs in
through the log-in form, pages asked for in interleaved rounds beside the floor, their SQL
statements counted in-process, and the table of the results. Only the loopback address is ever
contacted."""

from __future__ import annotations

import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, port: int, env: dict, *, workers: int = 2) -> subprocess.Popen:
    """gunicorn with ``workers`` sync workers serving ``app`` on ``port`` (stop it with
    ``terminate()``)."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(gunicorn), app, "--chdir", str(ROOT), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--timeout", "300", "--log-level", "warning"],
        env=env,
    )


def wait_up(port: int, path: str, server: subprocess.Popen | None = None, *, seconds=120) -> None:
    """Until ``path`` answers 200 (``seconds`` at most); a server that stopped is reported at
    once."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if server is not None and server.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped at start")
        time.sleep(0.25)
    raise SystemExit(f"the server on port {port} did not come up")


@contextmanager
def serving(apps: list[tuple[str, int, dict, str]]):
    """gunicorn serving each ``(app, port, env, path)``, up when ``path`` answers 200; all of
    them stopped on the way out (also on Ctrl+C or an error)."""
    servers = [serve(app, port, env) for app, port, env, _path in apps]
    try:
        for server, (_app, port, _env, path) in zip(servers, apps, strict=True):
            wait_up(port, path, server)
        yield
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


@contextmanager
def beside_floor(url: str, against: str | None = None):
    """Infocenter on ``url``'s database and the bare floor (``bench.floor``), and with
    ``against`` (another checkout) that checkout's Infocenter too, each on a free port:
    yields ``(app_port, floor_port, other_port or None)`` once all answer."""
    import os

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "infocenter.settings"}
    app_port, floor_port = free_port(), free_port()
    apps = [
        ("infocenter.wsgi:application", app_port, env, "/login/"),
        ("bench.floor:application", floor_port, env, "/ok/"),
    ]
    other_port = None
    if against:
        other_port = free_port()
        other = {**env, "PYTHONPATH": str(Path(against).resolve() / "src")}
        apps.append(("infocenter.wsgi:application", other_port, other, "/login/"))
    with serving(apps):
        yield app_port, floor_port, other_port


class Http:
    """A cookie-keeping client on one loopback port; a new connection per request (gunicorn's
    sync workers close each one), timed from connecting to the last byte."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}/login/"

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """``(status, body, seconds, Location)``."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        took = time.perf_counter() - started
        conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = rest
        return response.status, data, took, response.getheader("Location")

    def log_in(self, username: str, password: str) -> None:
        status, body, _, _ = self.request("GET", "/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not found:
            raise SystemExit(f"/login/ answered {status} without a log-in form")
        form = {"csrfmiddlewaretoken": found.group(1).decode(), "username": username}
        status, _, _, _ = self.request(
            "POST",
            "/login/",
            urlencode({**form, "password": password}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.origin},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"logging in as {username} failed ({status})")

    def post_json(self, path: str, body: dict) -> tuple[dict, float]:
        """POST ``body`` as JSON with the session's CSRF token; anything but 201 stops."""
        status, data, took, _ = self.request(
            "POST",
            path,
            json.dumps(body).encode(),
            {
                "Content-Type": "application/json",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "Referer": self.origin,
            },
        )
        if status != 201:
            raise RuntimeError(f"{path} answered {status}: {data[:300]!r}")
        return json.loads(data), took


# -- pages against the floor (bench.pages, bench.machineroom) --------------------------------------

# name -> (the client to ask with, the path of round i)
Pages = dict[str, tuple[Http, Callable[[int], str]]]


def interleaved(pages: Pages, rounds: int, warmup: int) -> dict[str, list[float]]:
    """Every page once per round, the page that goes first rotating, so that whatever else the
    machine does hits every page alike; ms per request of the rounds after ``warmup``. A page
    answering anything but 200 stops the run."""
    names = list(pages)
    times: dict[str, list[float]] = {n: [] for n in names}
    for i in range(warmup + rounds):
        turn = names[i % len(names) :] + names[: i % len(names)]
        for name in turn:
            client, path = pages[name]
            status, body, took, _ = client.request("GET", path(i))
            if status != 200:
                raise SystemExit(f"{name} {path(i)} answered {status}: {body[:300]!r}")
            if i >= warmup:
                times[name].append(took * 1000)
    return times


def count_queries(pages: dict[str, tuple[str, Callable[[int], str]]]) -> dict[str, int]:
    """SQL statements of one request of each page (name -> (username, path of round i)), asked a
    second time in-process (Django's test client) so that what is cached per process is not
    counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from infocenter.core.models import User

    clients: dict[str, Client] = {}
    found = {}
    for name, (username, path) in pages.items():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        client.get(path(0))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path(0))
        if response.status_code != 200:
            raise SystemExit(f"{name} {path(0)} answered {response.status_code} in-process")
        found[name] = len(captured)
    return found


def table(
    times: dict[str, list[float]],
    queries: dict[str, int],
    label: str,
    targets: dict[str, float],
    *,
    p95_budget: float | None = None,
) -> list[dict]:
    """Print the Markdown table of ``times`` (with a ``floor`` entry): median and nearest-rank
    p95 in ms, the median's ratio to the floor's, the target ratio and the SQL statements of one
    request. Returns the rows."""
    from bench.servicedesk import p95

    floor = statistics.median(times["floor"])
    rows = []
    print(f"\n{label}")
    budget = f" (p95 < {p95_budget:g} ms)" if p95_budget else ""
    print(f"| page | median ms | p95 ms | x floor (median) | target{budget} | queries |")
    print("|---|---|---|---|---|---|")
    for name, samples in times.items():
        median, ratio = statistics.median(samples), statistics.median(samples) / floor
        target, tail = targets.get(name), p95(samples)
        verdict = ""
        if target is not None:
            met = ratio <= target and (p95_budget is None or tail < p95_budget)
            verdict = f"≤ {target}x " + ("pass" if met else "**over**")
        row = {
            "page": name,
            "median_ms": round(median, 2),
            "p95_ms": round(tail, 2),
            "ratio": round(ratio, 2),
            "queries": queries.get(name, ""),
        }
        rows.append(row)
        print(
            f"| {name} | {median:.2f} | {row['p95_ms']:.2f} | {ratio:.2f} | {verdict} | "
            f"{row['queries']} |"
        )
    return rows
