"""The busiest pages against a bare Django request, over HTTP (issue 15, "pages close to the
floor"): the department inbox (50 rows), an order's page and the API list of 25 orders, each
as the 工程部 head of the busiest site, beside the floor (``bench/floor.py``, a Django project
answering ``ok``), all served by gunicorn with 2 sync workers on free 127.0.0.1 ports.

    .venv/bin/python -m bench.pages --orders 10000 [--rounds 200] [--database-url URL]

The requests are interleaved (each round asks every page once, the page that goes first
rotating), so whatever else the machine does hits every page alike. It prints the median and
p95 (nearest rank) of each page in ms, its ratio to the floor's median and the SQL queries of
one request (counted in-process). Targets: the inbox within 4x of the floor, the order page
and the API list within 3x. Two more rows say what any signed-in request costs before its own
work, on the same server: ``signed in`` (the API's root: middleware, session, user, DRF) and
``layout`` (the password-change page: the page layout and a three-field form).

Before measuring it prepares the database as ``bench.servicedesk`` does: the head's inbox is
topped up to 50 open orders through the services and the head's password is set with the
project's hasher (the generated MD5 hashes are refused). It writes into the benchmark
database only, and collects the static files into the project's ``var/`` (or
``INFOCENTER_VAR_DIR``).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bench import loopback
from bench.generate import describe_database, setup_django
from bench.loopback import Http, beside_floor

PASSWORD = "Bench-Passw0rd!"
TARGETS = {"inbox": 4, "order": 3, "api": 3}


def prepare(orders_in_inbox: int = 50) -> dict:
    """The scene (``bench.servicedesk.scene``) with a full inbox and a usable password."""
    from django.core.management import call_command

    from bench import servicedesk as bsd
    from infocenter.servicedesk.models import WorkOrder

    call_command("collectstatic", interactive=False, verbosity=0)
    s = bsd.scene()
    s["head"].set_password(PASSWORD)
    s["head"].save(update_fields=["password"])
    bsd.fill_inbox(s, orders_in_inbox)
    ids = list(
        WorkOrder.objects.filter(site=s["site"], department=s["gc"]).values_list("pk", flat=True)
    )
    rng = random.Random(7)
    return {
        "site": s["site"].pk,
        "department": s["gc"].pk,
        "head": s["head"].username,
        "order_ids": [rng.choice(ids) for _ in range(500)],
    }


def paths(scene: dict) -> dict:
    ids = scene["order_ids"]
    return {
        "inbox": lambda i: "/servicedesk/inbox/",
        "order": lambda i: f"/servicedesk/orders/{ids[i % len(ids)]}/",
        "api": lambda i: (
            f"/api/v1/servicedesk/orders/?site={scene['site']}&department={scene['department']}"
            "&state=dispatched&page_size=25"
        ),
        "floor": lambda i: "/ok/",
        # What every signed-in request of Infocenter costs before its own work, on the same
        # server: the API's root (middleware, session, user, DRF; no query of its own) and a
        # page that is only the layout and a three-field form (the password change).
        "signed in": lambda i: "/api/v1/",
        "layout": lambda i: "/password/",
    }


def count_queries(scene: dict) -> dict:
    """SQL statements of one request of each page, in-process (Django's test client)."""
    get = paths(scene)
    return loopback.count_queries({n: (scene["head"], get[n]) for n in get if n != "floor"})


def measure(
    scene: dict, app_port: int, floor_port: int, rounds: int, warmup: int, other_port=None
) -> dict:
    """Interleaved rounds; with ``other_port`` (``--against``) every page of the other checkout
    too, named ``<page> (against)``."""
    get = paths(scene)
    servers = [("", app_port)] + ([(" (against)", other_port)] if other_port else [])
    pages: loopback.Pages = {"floor": (Http(floor_port), get["floor"])}
    for suffix, port in servers:
        head = Http(port)
        head.log_in(scene["head"], PASSWORD)
        for page in ("inbox", "order", "api", "signed in", "layout"):
            pages[page + suffix] = (head, get[page])
    return loopback.interleaved(pages, rounds, warmup)


def report(times: dict, queries: dict, label: str) -> list[dict]:
    return loopback.table(times, queries, label, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--out", help="also write the samples' summary as JSON here")
    parser.add_argument(
        "--against",
        metavar="CHECKOUT",
        help="another checkout of the project (e.g. the main branch, for before and after): "
        "its pages are served too, on the same database, and measured in the same rounds",
    )
    args = parser.parse_args()

    url = setup_django(orders=args.orders, database_url=args.database_url)
    from django.db import connections

    database = describe_database()
    scene = prepare()
    queries = count_queries(scene)
    connections.close_all()

    with beside_floor(url, args.against) as (app_port, floor_port, other_port):
        times = measure(scene, app_port, floor_port, args.rounds, args.warmup, other_port)
    at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    label = f"{database}, {args.rounds} rounds, {at}" + (
        f", against {args.against}" if args.against else ""
    )
    rows = report(times, queries, label)
    if args.out:
        Path(args.out).write_text(json.dumps({"label": label, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
