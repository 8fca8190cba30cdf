"""What the HTTP benchmarks share (``bench.writes``, ``bench.pages``): a free 127.0.0.1 port,
gunicorn started on it and waited for, and a cookie-keeping client that logs in through the
log-in form. Only the loopback address is ever contacted."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
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


def wait_up(port: int, path: str, server: subprocess.Popen | None = None) -> None:
    """Until ``path`` answers 200 (60 s at most); a server that stopped is reported at once."""
    for _ in range(240):
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
