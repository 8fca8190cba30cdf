"""Write benchmark (issue 15, target 1): calls logged and dispatched over HTTP, as one request
(登记并派工) and as the two separate steps, with 1 and 2 client threads.

    .venv/bin/python -m bench.writes [--orders 10000] [--database-url URL] [--seconds 15]
                                     [--clients 1,2] [--workers 2]

Runs against a ``bench.generate`` database (``--database-url``, then ``DATABASE_URL``, then
``var/bench-<orders>.sqlite3``). It starts gunicorn on a free 127.0.0.1 port (``--workers``
sync workers, 2 by default as in production on two cores), logs in as the busiest site's
processor (whose password it sets with the project's own hasher: the generated MD5 hashes are
refused) and, for each mode and number of client threads, sends requests for ``--seconds``:

* ``one``: ``POST /api/v1/servicedesk/forms/log-and-dispatch/``;
* ``two``: ``POST /api/v1/servicedesk/forms/`` then ``POST …/forms/<id>/dispatch_order/``
  (latency is the pair's).

Every call is dispatched to 环境部 (``hj``), so the 工程部 inbox the read benchmarks measure does
not grow. Printed: median and p95 latency (ms, connect to last byte, one connection per
request as gunicorn's sync workers close them), throughput (calls logged and dispatched per
second) and the SQL statements per request, counted in-process beforehand (Django's test
client, the same views). The rows written stay in the benchmark database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time

from bench.generate import PASSWORD, describe_database, load_sites, setup_django
from bench.loopback import Http, free_port, serve, wait_up
from bench.servicedesk import p95

ONE = "/api/v1/servicedesk/forms/log-and-dispatch/"
LOG = "/api/v1/servicedesk/forms/"
DISPATCH = "/api/v1/servicedesk/forms/{id}/dispatch_order/"


def call_body(site, department: int, n: int) -> dict:
    """A call about a resident's flat, a different caller now and then (a new register entry)."""
    resident = site.residents[n % len(site.residents)] if site.residents else None
    new_caller = n % 10 == 0 or resident is None
    return {
        "site": site.pk,
        "source": "phone",
        "reporter_kind": "owner",
        "reporter_name": f"来电{n}" if new_caller else resident[1],
        "reporter_phone": f"139{n % 100000000:08d}" if new_caller else resident[2],
        "category": "repair",
        "content": f"楼道灯不亮（基准 {n}）",
        "room": resident[4] if resident else None,
        "department": department,
        "assistant": site.assistant,
    }


# -- in-process: queries per request ----------------------------------------------------------------


def count_queries(site, processor, department: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(processor)
    counts = {}

    def post(key, path, body):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, json.dumps(body), content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"{path} answered {response.status_code}: {response.content[:500]!r}")
        counts[key] = len(queries)
        return response.json()

    fresh = int(time.time()) * 10  # a multiple of ten: a caller new to the register
    post("one (known caller)", ONE, call_body(site, department, fresh + 1))
    post("one (new caller)", ONE, call_body(site, department, fresh))
    body = call_body(site, department, fresh + 2)
    form = post(
        "two: log", LOG, {k: v for k, v in body.items() if k not in ("department", "assistant")}
    )
    post(
        "two: dispatch",
        DISPATCH.format(id=form["id"]),
        {"version": form["version"], "department": department, "assistant": site.assistant},
    )
    return counts


# -- over HTTP -----------------------------------------------------------------------------------


def start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "infocenter.settings"}
    server = serve("infocenter.wsgi:application", port, env, workers=workers)
    try:
        wait_up(port, "/login/", server)
    except SystemExit:
        server.terminate()
        raise
    return server, port


def run(port: int, username: str, site, department: int, mode: str, clients: int, seconds):
    """``clients`` threads, each logged in on its own, sending ``mode`` for ``seconds``."""
    sessions = []
    for _ in range(clients):
        session = Http(port)
        session.log_in(username, PASSWORD)
        sessions.append(session)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(1_000_000 * (int(time.time()) % 1000), 10**12))
    deadline = time.perf_counter() + seconds

    def client(session: Http):
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter)
            body = call_body(site, department, n)
            try:
                if mode == "one":
                    _, elapsed = session.post_json(ONE, body)
                else:
                    intake = {k: v for k, v in body.items() if k not in ("department", "assistant")}
                    form, first = session.post_json(LOG, intake)
                    _, second = session.post_json(
                        DISPATCH.format(id=form["id"]),
                        {
                            "version": form["version"],
                            "department": department,
                            "assistant": site.assistant,
                        },
                    )
                    elapsed = first + second
            except RuntimeError as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return latencies, wall, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.writes", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--orders", type=int, default=10_000, help="picks var/bench-<orders>.sqlite3"
    )
    parser.add_argument("--database-url", help="the benchmark database (default: see --orders)")
    parser.add_argument("--seconds", type=float, default=15, help="per mode and client count")
    parser.add_argument("--clients", default="1,2", help="client thread counts (default 1,2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--modes", default="one,two", help="one, two or both (default)")
    args = parser.parse_args(argv)
    url = setup_django(orders=args.orders, database_url=args.database_url)

    from infocenter.core.models import User

    sites = load_sites()
    if not sites:
        raise SystemExit("no benchmark data: run python -m bench.generate first")
    site = sites[0]
    department = site.departments["hj"]
    processor = User.objects.get(pk=site.processor)
    processor.set_password(PASSWORD)  # the project's hasher: the generated MD5 one is refused
    processor.save(update_fields=["password"])

    print(f"Write benchmark · {describe_database()}")
    print(f"{platform.node()} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.2f}")
    print(f"site {site.code}, processor {processor.username}, to 环境部; {args.workers} workers")
    counts = count_queries(site, processor, department)
    print("\nSQL statements per request (in-process, session-authenticated):")
    for key, count in counts.items():
        print(f"  {key:<22} {count:>3}")

    from django.db import connections

    connections.close_all()
    server, port = start_gunicorn(url, args.workers)
    try:
        print(
            f"\n{'mode':<5} {'clients':>7} {'calls':>6} {'median ms':>10} {'p95 ms':>8}"
            f" {'calls/s':>8} {'errors':>6}"
        )
        for mode in args.modes.split(","):
            for clients in (int(c) for c in args.clients.split(",")):
                run(port, processor.username, site, department, mode, clients, 2)  # warm-up
                latencies, wall, errors = run(
                    port, processor.username, site, department, mode, clients, args.seconds
                )
                if not latencies:
                    print(f"{mode:<5} {clients:>7}  nothing succeeded: {errors[:1]}")
                    continue
                print(
                    f"{mode:<5} {clients:>7} {len(latencies):>6}"
                    f" {statistics.median(latencies) * 1000:>10.1f} {p95(latencies) * 1000:>8.1f}"
                    f" {len(latencies) / wall:>8.1f} {len(errors):>6}"
                )
                if errors:
                    print(f"      first error: {errors[0][:200]}")
                sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
