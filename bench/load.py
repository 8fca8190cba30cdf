"""The load drill (issue 17, item 3): 50 people at once for 10 minutes against ``infocenter
serve`` with the demo data, in the mix of ``bench/locustfile.py`` (processors logging and
dispatching, heads arranging, technicians finishing, assistants verifying and calling back,
managers on the dashboard and reports, maintainers on the machine-room pages).

    .venv/bin/python -m bench.load [--database sqlite|postgres] [--users 50] [--minutes 10]
                                   [--spawn-rate 5] [--scratch /tmp/infocenter-load]

It makes a fresh installation in ``--scratch`` (SQLite) or the PostgreSQL database
``infocenter_load`` (dropped and created), loads the demo, issues the six people API keys,
starts ``infocenter serve`` on a free 127.0.0.1 port (2 × cores gunicorn workers and one
worker process, as in production on one machine), runs Locust headless, and prints per request
kind the count, errors, median and p95 (ms), then the totals, the server's own errors ("database
is locked", tracebacks) and ``audit verify`` on the database afterwards. Exit status 1 when any
request failed or the server logged an error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.loopback import free_port, wait_up

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "Infocenter@2026"  # the demo's
PEOPLE = ("wangfang", "zhangwei", "zhaoqiang", "lina", "chenguodong", "wulei")
PG = "postgres://postgres@127.0.0.1:5432/"


def environment(args) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"INFOCENTER_VAR_DIR": str(args.scratch), "INFOCENTER_DEV": "true"}
    if args.database == "postgres":
        env["DATABASE_URL"] = PG + args.dbname
    return env


def prepare(args, env: dict) -> None:
    shutil.rmtree(args.scratch, ignore_errors=True)
    args.scratch.mkdir(parents=True)
    if args.database == "postgres":
        for sql in (
            f"DROP DATABASE IF EXISTS {args.dbname} WITH (FORCE)",
            f"CREATE DATABASE {args.dbname}",
        ):
            subprocess.run(
                ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True
            )
    install(env)


def install(env: dict) -> None:
    """Migrate the (empty) database of ``env`` and load the demo into it."""
    for command in (["migrate", "--noinput", "-v", "0"], ["demo"]):
        print("infocenter", *command, flush=True)
        subprocess.run(
            [BIN / "infocenter", *command], env=env, check=True, stdout=subprocess.DEVNULL
        )


def people_arguments(parser, *, users: int = 50, minutes: float = 10) -> None:
    """The options every drill of the people of ``locustfile.py`` takes."""
    parser.add_argument("--users", type=int, default=users)
    parser.add_argument("--minutes", type=float, default=minutes)
    parser.add_argument("--spawn-rate", type=float, default=5)


SCENE = """
import json
import django
django.setup()
from infocenter.core import services
from infocenter.core.models import Department, Site, User
from infocenter.servicedesk.models import Resident
site = Site.objects.get(code="jahy")
people = {
    name: {"id": user.pk, "token": services.issue_api_key(None, person=user)}
    for name in %r
    for user in [User.objects.get(username=name)]
}
residents = [
    {"kind": r.kind, "name": r.name, "phone": r.phone, "room": r.room_id}
    for r in Resident.objects.filter(site=site, room__isnull=False, state="current")[:300]
]
print(json.dumps({
    "site": site.pk,
    "department": Department.objects.get(site=site, code="gc").pk,
    "assistant": people["lina"]["id"],
    "technician": people["zhaoqiang"]["id"],
    "people": people,
    "residents": residents,
    "password": %r,
}))
"""


def locust_command(args, port: int, csv_prefix: Path, loglevel: str) -> list:
    """Locust headless with the people of ``locustfile.py``: ``args.users`` of them, started
    at ``args.spawn_rate`` a second, for ``args.minutes``, against 127.0.0.1:``port``."""
    return [
        BIN / "locust",
        "-f",
        ROOT / "bench" / "locustfile.py",
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{round(args.minutes * 60)}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        csv_prefix,
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        loglevel,
    ]


def scene(env: dict) -> dict:
    done = subprocess.run(
        [BIN / "python", "-c", SCENE % (PEOPLE, PASSWORD)],
        env={**env, "DJANGO_SETTINGS_MODULE": "infocenter.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args) -> int:
    env = environment(args)
    prepare(args, env)
    return drive(args, env)


def drive(args, env: dict) -> int:
    """Serve the installation of ``env`` and run the people against it; the report."""
    scene_json = json.dumps(scene(env))
    port = free_port()
    log = args.scratch / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [BIN / "infocenter", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_up(port, "/login/", server, seconds=600)  # static files collected first
        print(f"{args.users} users for {args.minutes} min against 127.0.0.1:{port}", flush=True)
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        subprocess.run(
            locust_command(args, port, args.scratch / "load", "WARNING"),
            env={**os.environ, "LOAD_SCENE": scene_json},
            check=False,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return report(args, env, log, started)


def report(args, env: dict, log: Path, started: str) -> int:
    with (args.scratch / "load_stats.csv").open() as f:
        rows = list(csv.DictReader(f))
    print(f"\nLoad drill · {args.database} · {started} · {platform.node()} · {os.cpu_count()} CPUs")
    print(f"{'request':<46} {'count':>7} {'errors':>6} {'median ms':>9} {'p95 ms':>7}")
    for row in rows:
        print(
            f"{row['Name'][:46]:<46} {row['Request Count']:>7} {row['Failure Count']:>6}"
            f" {row['Median Response Time']:>9} {row['95%']:>7}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    server_log = log.read_text(errors="replace")
    locked = server_log.count("database is locked")
    tracebacks = server_log.count("Traceback")
    audit = subprocess.run(
        [BIN / "infocenter", "audit", "verify"], env=env, capture_output=True, text=True
    )
    print(
        f"\nrequests {total['Request Count']}, errors {errors}, per second"
        f" {float(total['Requests/s']):.1f}; server log: 'database is locked' {locked},"
        f" tracebacks {tracebacks}; audit verify exit {audit.returncode}"
    )
    failures = args.scratch / "load_failures.csv"
    if errors and failures.exists():
        print(failures.read_text()[:3000])
    return 1 if errors or locked or tracebacks or audit.returncode else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    people_arguments(parser)
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/infocenter-load"))
    args = parser.parse_args(argv)
    args.scratch = args.scratch.resolve()
    args.dbname = "infocenter_load"
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
