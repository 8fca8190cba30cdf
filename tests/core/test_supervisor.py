"""X-11: ``infocenter serve`` stays up. A child that dies is restarted with back-off while the
other keeps running."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from infocenter.core.supervisor import Child, Supervisor, backoff


def test_x11_backoff_doubles_up_to_a_minute():
    assert [backoff(n) for n in (1, 2, 3, 4, 7, 20)] == [1, 2, 4, 8, 60, 60]


def test_x11_supervisor_restarts_a_dead_child_and_leaves_the_other_running():
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    steady, fragile = Child("steady", sleeper), Child("fragile", sleeper)
    supervisor = Supervisor([steady, fragile], first=0.1)
    supervisor.start()
    try:
        steady_pid, first_pid = steady.process.pid, fragile.process.pid
        os.kill(first_pid, signal.SIGKILL)
        fragile.process.wait()
        supervisor.check()  # notes the death, schedules the restart
        assert fragile.restart_at is not None and fragile.deaths == 1
        time.sleep(0.15)
        supervisor.check()  # restarts it
        assert fragile.running and fragile.process.pid != first_pid
        assert fragile.restarts == 1
        assert steady.running and steady.process.pid == steady_pid
    finally:
        supervisor.stop()
    assert not steady.running and not fragile.running


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def _migrated_sqlite(path: Path, command: list[str], env: dict) -> None:
    """A migrated SQLite database for the served site at ``path``: on SQLite a copy of this
    run's test database (already migrated; migrating anew costs 15 s of CPU), otherwise
    ``infocenter migrate``."""
    if connection.vendor != "sqlite":
        subprocess.run([*command, "migrate", "-v", "0"], env=env, check=True, timeout=600)
        return
    source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


@pytest.mark.django_db
def test_x11_serve_restarts_its_killed_worker_while_the_site_keeps_answering(tmp_path: Path):
    env = {
        **os.environ,
        "INFOCENTER_VAR_DIR": str(tmp_path),
        "INFOCENTER_DEBUG": "true",
        "INFOCENTER_DEV": "true",
        "INFOCENTER_WORKER_POLL_SECONDS": "1",
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "infocenter.cli"]
    _migrated_sqlite(tmp_path / "infocenter.sqlite3", command, env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/login/"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: _answers(url) == 200, 120), log.read_text()

        def worker_pids():
            return re.findall(r"worker started \(pid (\d+)\)", log.read_text())

        first = int(_wait_for(worker_pids, 30)[0])
        os.kill(first, signal.SIGKILL)
        assert _answers(url) == 200  # the site did not go down with the worker
        assert _wait_for(lambda: len(worker_pids()) >= 2, 30), log.read_text()
        second = int(worker_pids()[1])
        assert second != first
        assert f"worker (pid {first}) exited with -9" in log.read_text()
        assert serve.poll() is None
        assert _answers(url) == 200
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert serve.returncode == 0
