"""The crash drill (issue 17, item 4): the load drill's 50 people at work while processes die.

    .venv/bin/python -m bench.chaos [--database sqlite|postgres] [--users 50] [--minutes 10]
                                    [--every 30-75] [--seed N] [--scratch /tmp/infocenter-chaos]

As ``bench.load`` it makes a fresh installation with the demo data and starts ``infocenter
serve`` (gunicorn and the background worker under their supervisor), then runs the people of
``bench/locustfile.py``. Beside them it

- plays the 工程部 department's chat-group robot: a real HTTP server on 127.0.0.1 that counts
  what it receives by the ``Idempotency-Key`` each outbox message carries (every order
  dispatched to 工程部 goes there through the outbox);
- moves ``--clocks`` open clocks of the demo (dispatch, arrange, finish, machine-room permits…)
  so that they fall due at random moments during the run, with their warnings before;
- kills, at random moments ``--every`` seconds apart, in turn: one gunicorn worker (``kill -9``;
  gunicorn starts another), the whole web server (the gunicorn master and all its workers at
  once; the supervisor starts it again), the background worker (the supervisor starts it
  again), and everything (the supervisor with its children, as when the machine loses power
  short of the disk; the drill starts ``infocenter serve`` again).

Locust writes every step a client got a 2xx for (``LOAD_ACKS``). Afterwards the drill lets the
worker finish what fell due, stops the server and checks: every acknowledged write is in the
database (the form and order exist, each at least at the version the client was told);
``audit verify`` passes; no clock fired twice (no person got the same reminder twice) and none
that fell due was missed; every robot message was received, none twice. Requests that failed
because their process was killed (connection refused or reset) are counted apart: nobody was
told they succeeded. Exit status 1 on any loss, duplicate, miss, audit failure or an error
answered by a running server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.load import (
    BIN,
    environment,
    locust_command,
    people_arguments,
    prepare,
    scene,
)
from bench.loopback import free_port, wait_up

KILLS = ("gunicorn worker", "web server", "background worker", "everything")
# what a client sees when the process serving it died: nobody was told it succeeded
CRASHED = ("no answer (connection)", "RemoteDisconnected", "ConnectionRefused", "reset")


class Robot(BaseHTTPRequestHandler):
    """工程部's chat-group robot: takes every message, counts it by its key."""

    keys: Counter = Counter()
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.lock:
            self.keys[self.headers.get("Idempotency-Key") or "(none)"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args):
        pass


def django(env: dict, code: str, *args) -> dict:
    """Run ``code`` in the installation (Django set up) and read the JSON it prints last."""
    done = subprocess.run(
        [BIN / "python", "-c", "import django; django.setup()\n" + code, *map(str, args)],
        env={**env, "DJANGO_SETTINGS_MODULE": "infocenter.settings"},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"the drill's own step failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SETUP = """
import datetime as dt, json, random, sys
from django.db import transaction
from django.utils import timezone
from infocenter.core import services
from infocenter.core.deadlines import OPEN_STATES
from infocenter.core.models import Deadline, Department, User
url, clocks, minutes, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
gc = Department.objects.get(site__code="jahy", code="gc")
services.add_department_webhook(
    User.objects.get(username="fengtao"), department=gc, channel="wecom", url=url,
    note="压力测试机器人",
)
# clocks that fall due during the run: the due moment at random within it, the warning 20 s
# before where the clock warns; the first after a minute, the last a minute before the end
now, rng = timezone.now(), random.Random(seed)
moved = []
with transaction.atomic():
    rows = list(Deadline.objects.filter(state="scheduled", data={}).order_by("?")[:clocks])
    for row in rows:
        due = now + dt.timedelta(seconds=rng.uniform(60, max(61, minutes * 60 - 60)))
        row.due_at = due
        row.warn_at = due - dt.timedelta(seconds=20) if row.warn_at else None
        row.next_at = row.warn_at or due
        row.save(update_fields=["due_at", "warn_at", "next_at"])
        moved.append(row.pk)
print(json.dumps({"clocks": moved}))
"""

ACKNOWLEDGED = """
import json, sys
from infocenter.servicedesk.models import ServiceForm, WorkOrder
wanted_orders, wanted_forms, n = {}, {}, 0
for line in open(sys.argv[1], encoding="utf-8"):
    n += 1
    ack = json.loads(line)
    a = ack["answer"]
    if "order" in a and "form" in a:  # log and dispatch
        wanted_forms[a["form"]] = max(wanted_forms.get(a["form"], 0), a["form_version"])
        wanted_orders[a["order"]] = max(wanted_orders.get(a["order"], 0), a["order_version"])
    elif "/orders/" in ack["path"]:
        wanted_orders[a["id"]] = max(wanted_orders.get(a["id"], 0), a["version"])
    else:
        wanted_forms[a["id"]] = max(wanted_forms.get(a["id"], 0), a["version"])
have_orders = dict(WorkOrder.objects.filter(pk__in=wanted_orders).values_list("pk", "version"))
have_forms = dict(ServiceForm.objects.filter(pk__in=wanted_forms).values_list("pk", "version"))
lost = [
    f"order {pk} v{v}" for pk, v in wanted_orders.items() if have_orders.get(pk, -1) < v
] + [f"form {pk} v{v}" for pk, v in wanted_forms.items() if have_forms.get(pk, -1) < v]
print(json.dumps({
    "acks": n, "orders": len(wanted_orders), "forms": len(wanted_forms), "lost": lost,
}))
"""

CLOCKS_AND_ROBOT = """
import json, sys
from django.db.models import Count
from infocenter.core.models import Deadline, OutboxMessage
clocks, since = json.loads(sys.argv[1]), sys.argv[2]
rows = Deadline.objects.filter(pk__in=clocks)
states = {}
for state in rows.values_list("state", flat=True):
    states[state] = states.get(state, 0) + 1
missed = [
    f"{d.kind} {d.subject_type}:{d.subject_id}"
    for d in rows.filter(state__in=("scheduled", "warned"))
]
# a clock that fired twice tells its people the same thing twice
twice = list(
    OutboxMessage.objects.filter(channel="in_app", created_at__gte=since)
    .values("recipient", "subject", "body", "link")
    .annotate(n=Count("id"))
    .filter(n__gt=1)
    .values_list("subject", "n")
)
robot = list(OutboxMessage.objects.filter(channel="wecom").values_list("pk", "state"))
print(json.dumps({"clock_states": states, "missed": missed, "twice": twice, "robot": robot}))
"""


def acknowledged(env: dict, acks: Path) -> dict:
    """Every write in ``acks`` looked up: the forms and orders, and those not in the database
    at least at the version the client was told."""
    if not acks.exists():
        acks.touch()
    return django(env, ACKNOWLEDGED, acks)


def processes() -> dict[int, tuple[int, str]]:
    """Every process: pid → (parent pid, command line)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        table[int(entry.name)] = (ppid, cmdline)
    return table


def children(pid: int, table: dict, marker: str) -> list[int]:
    return sorted(p for p, (pp, cmd) in table.items() if pp == pid and marker in cmd)


class Server:
    """``infocenter serve`` in its own process group, restartable."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [BIN / "infocenter", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # the first start collects the static files first: minutes on a busy machine
        wait_up(self.port, "/login/", self.process, seconds=600)

    def parts(self) -> tuple[int | None, list[int], int | None]:
        """The gunicorn master, its workers and the background worker, as they are now."""
        table = processes()
        masters = children(self.process.pid, table, "gunicorn")
        workers = children(masters[0], table, "gunicorn") if masters else []
        background = children(self.process.pid, table, "infocenter.cli worker")
        return (masters[0] if masters else None, workers, background[0] if background else None)

    def kill(self, kind: str) -> str:
        master, workers, background = self.parts()
        if kind == "gunicorn worker" and workers:
            victim = random.choice(workers)
            os.kill(victim, signal.SIGKILL)
            return f"gunicorn worker {victim}"
        if kind == "web server" and master:
            for pid in (master, *workers):
                os.kill(pid, signal.SIGKILL)
            return f"gunicorn master {master} and workers {workers}"
        if kind == "background worker" and background:
            os.kill(background, signal.SIGKILL)
            return f"background worker {background}"
        if kind == "everything":
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            return f"infocenter serve {self.process.pid} and its whole group"
        return "nothing (the process was not up)"

    def back(self, kind: str, timeout: float = 90) -> float:
        """Seconds until the killed part serves (or, for the worker, runs) again."""
        started = time.monotonic()
        if kind == "everything":
            self.start()
        deadline = started + timeout
        while time.monotonic() < deadline:
            master, workers, background = self.parts()
            if kind == "background worker" and background:
                return time.monotonic() - started
            if kind != "background worker" and master and workers:
                try:
                    wait_up(self.port, "/login/", seconds=2)
                    return time.monotonic() - started
                except SystemExit:  # still coming back
                    pass
            time.sleep(0.2)
        return float("nan")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def chaos(server: Server, locust: subprocess.Popen, args, rng: random.Random) -> list[dict]:
    kills, turn = [], 0
    while True:
        wait = rng.uniform(*args.every)
        if _ended(locust, wait):
            return kills
        kind = KILLS[turn % len(KILLS)]
        turn += 1
        at = time.strftime("%H:%M:%S")
        what = server.kill(kind)
        seconds = server.back(kind)
        kills.append({"at": at, "kind": kind, "what": what, "back_in": seconds})
        print(f"  {at} killed {what}; back in {seconds:.1f} s", flush=True)


def _ended(process: subprocess.Popen, seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        return False


def drain(env: dict, timeout: float = 180) -> dict:
    """Until the worker has sent every message and fired every clock that is due."""
    code = """
from django.utils import timezone
from infocenter.core.models import Deadline, OutboxMessage
now = timezone.now()
import json
print(json.dumps({
    "pending": OutboxMessage.objects.filter(state="pending", next_attempt_at__lte=now).count(),
    "due": Deadline.objects.filter(state__in=("scheduled", "warned"), next_at__lte=now).count(),
}))
"""
    ends = time.monotonic() + timeout
    while True:
        left = django(env, code)
        if not (left["pending"] or left["due"]) or time.monotonic() > ends:
            return left
        time.sleep(3)


def run(args) -> int:
    rng = random.Random(args.seed)
    env = environment(args)
    prepare(args, env)
    scene_json = json.dumps(scene(env))
    robot = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    threading.Thread(target=robot.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{robot.server_port}/cgi-bin/webhook/send?key=drill"
    since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    clocks = django(env, SETUP, url, args.clocks, args.minutes, args.seed)["clocks"]
    server = Server(env, free_port(), args.scratch / "serve.log")
    try:
        server.start()
    except SystemExit:
        server.stop()
        raise
    acks = args.scratch / "acks.jsonl"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"{args.users} users for {args.minutes} min against 127.0.0.1:{server.port};"
        f" {len(clocks)} clocks fall due meanwhile; kills every {args.every[0]:.0f}-"
        f"{args.every[1]:.0f} s",
        flush=True,
    )
    locust = subprocess.Popen(
        locust_command(args, server.port, args.scratch / "chaos", "ERROR"),
        env={**os.environ, "LOAD_SCENE": scene_json, "LOAD_ACKS": str(acks)},
        stdout=subprocess.DEVNULL,
    )
    try:
        kills = chaos(server, locust, args, rng)
        left = drain(env)
        # the robot's last messages may still be on their way when the queue reads empty
        time.sleep(2)
    finally:
        if locust.poll() is None:
            locust.terminate()
        server.stop()
        robot.shutdown()
    return report(args, env, started, since, kills, clocks, acks, left)


def report(args, env, started, since, kills, clocks, acks: Path, left: dict) -> int:
    with (args.scratch / "chaos_stats.csv").open() as f:
        total = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    crashed = answered = 0
    failures = args.scratch / "chaos_failures.csv"
    answered_errors = []
    if failures.exists():
        with failures.open() as f:
            for row in csv.DictReader(f):
                n = int(row["Occurrences"])
                if any(word in row["Error"] for word in CRASHED):
                    crashed += n
                else:
                    answered += n
                    answered_errors.append(f"{row['Name']}: {row['Error'][:200]} ×{n}")
    found = acknowledged(env, acks) | django(env, CLOCKS_AND_ROBOT, json.dumps(clocks), since)
    audit = subprocess.run(
        [BIN / "infocenter", "audit", "verify"], env=env, capture_output=True, text=True
    )
    in_db = {pk for pk, _ in found["robot"]}
    unsent = [pk for pk, state in found["robot"] if state != "sent"]
    received = {int(k.rsplit("-", 1)[1]): n for k, n in Robot.keys.items() if k[-1:].isdigit()}
    robot_lost = sorted(in_db - set(received))
    robot_twice = sorted(pk for pk, n in received.items() if n > 1)
    strangers = sorted(set(received) - in_db)
    print(
        f"\nCrash drill · {args.database} · {started} · {platform.node()} · {os.cpu_count()} CPUs"
    )
    for kill in kills:
        print(
            f"  {kill['at']} {kill['kind']:<18} back in {kill['back_in']:5.1f} s  ({kill['what']})"
        )
    print(
        f"requests {total['Request Count']}; failed because their process was killed {crashed};"
        f" errors answered by a running server {answered}"
    )
    for line in answered_errors[:20]:
        print("   ", line)
    print(
        f"acknowledged writes {found['acks']} ({found['forms']} forms, {found['orders']} orders);"
        f" lost {len(found['lost'])}" + (f": {found['lost'][:10]}" if found["lost"] else "")
    )
    print(
        f"clocks due during the run {len(clocks)} ({found['clock_states']}); missed"
        f" {len(found['missed'])}; fired twice {len(found['twice'])}"
        + (f": {found['twice'][:5]}" if found["twice"] else "")
        + f"; still due at the end {left['due']}"
    )
    print(
        f"robot messages {len(in_db)} queued, {sum(received.values())} received;"
        f" lost {len(robot_lost)}, received twice {len(robot_twice)}, unsent {len(unsent)},"
        f" not ours {len(strangers)}"
    )
    print(f"audit verify: exit {audit.returncode} {audit.stdout.strip()[-200:]}")
    bad = (
        answered
        or found["lost"]
        or found["missed"]
        or found["twice"]
        or robot_lost
        or robot_twice
        or unsent
        or audit.returncode
    )
    return 1 if bad else 0


def span(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.chaos", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    people_arguments(parser)
    parser.add_argument("--every", type=span, default=(30.0, 75.0), help="seconds, e.g. 30-75")
    parser.add_argument("--clocks", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/infocenter-chaos"))
    args = parser.parse_args(argv)
    args.scratch = args.scratch.resolve()
    args.dbname = "infocenter_chaos"
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
