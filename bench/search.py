"""Search benchmark (target: p95 under 50 ms): the one search box's type-ahead and results page.

    .venv/bin/python -m bench.search --orders 10000 [--repeat 50] [--warmup 5] [--database-url URL]

Runs in-process against a database filled by ``bench.generate`` (same database choice:
``--database-url``, else ``DATABASE_URL``, else ``var/bench-<orders>.sqlite3``), through Django's
full request handling with the test ``Client``, as ``bench.servicedesk`` does. For each kind of
query — a serial, a whole phone number, a number's last four digits, a Chinese name, pinyin
initials, an address — it times ``/search/suggest/?q=`` (what the top bar asks as the person
types) and ``/search/?q=`` (the results page; an exact serial answers with the redirect to the
record), as the busiest site's information processor and as the branch's general manager (every
site of the branch). It prints the median and the nearest-rank p95 in ms and the SQL queries
per request. The general manager is added through the services on the first run, as
``bench.endpoints`` does; nothing else is written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from urllib.parse import urlencode

from bench.generate import ADMIN_USERNAME, MD5, PASSWORD, setup_django
from bench.servicedesk import TARGET_MS, _load, expect, header, measure


def branch_gm(site):
    """The branch's general manager (added through the services when missing)."""
    from django.test import override_settings

    from infocenter.core import services
    from infocenter.core.choices import Role
    from infocenter.core.models import User

    person = User.objects.filter(username="bench-gm").first()
    if person is None:
        root = User.objects.get(username=ADMIN_USERNAME)
        with override_settings(PASSWORD_HASHERS=MD5):
            person = services.create_person(
                root, username="bench-gm", full_name="陈国栋", password=PASSWORD
            )
            services.assign_role(root, person=person, role=Role.BRANCH_GM, branch=site.branch)
    return person


def queries(site) -> dict[str, str]:
    """What is typed: a recent form's serial, and a resident of the busiest site found by their
    number, its last four digits, their name, their initials and their flat."""
    from infocenter.servicedesk.addresses import key
    from infocenter.servicedesk.models import Resident, ServiceForm

    form = ServiceForm.objects.filter(site=site).order_by("-received_at").first()
    resident = (
        Resident.objects.filter(site=site, room__isnull=False)
        .select_related("room__unit__building")
        .order_by("pk")[len(form.serial) % 7]
    )
    room = resident.room
    return {
        "serial": form.serial,
        "phone": resident.phone,
        "phone tail": resident.phone[-4:],
        "name": resident.name,
        "initials": resident.name_initials,
        "address": f"{key(room.unit.building.name)}-{key(room.unit.name)}-{room.number}",
    }


def run(args) -> list:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from infocenter.core.choices import Role
    from infocenter.core.models import Site, User
    from infocenter.servicedesk.models import WorkOrder

    busiest = WorkOrder.objects.values("site").annotate(n=Count("pk")).order_by("-n").first()
    site = Site.objects.select_related("branch").get(pk=busiest["site"])
    processor = (
        User.objects.filter(role_assignments__role=Role.PROCESSOR, role_assignments__site=site)
        .order_by("pk")
        .first()
    )
    people = {"processor": processor, "branch GM": branch_gm(site)}
    typed = queries(site)
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}
    rows = []
    for who, person in people.items():
        client = Client()
        client.force_login(person)
        url = reverse("search_suggest") + "?q=1"
        rows.append(
            measure(
                f"{who[0]}0",
                f"type-ahead refused, `1`: the request's own cost, no search ({who})",
                lambda c=client, u=url: expect(c.get(u), 200),
                **opts,
            )
        )
        for kind, q in typed.items():
            for page, name in (("type-ahead", "search_suggest"), ("results", "search")):
                url = reverse(name) + "?" + urlencode({"q": q})
                status = 302 if (kind == "serial" and name == "search") else 200
                rows.append(
                    measure(
                        f"{who[0]}{len(rows) % 13}",
                        f"{page}, {kind} `{q}` ({who})",
                        lambda c=client, u=url, s=status: expect(c.get(u), s),
                        **opts,
                    )
                )
    return rows


def _loop() -> float:
    """The machine's speed now (0.17 s on an idle machine of the figures in docs/benchmarks.md):
    on a shared machine, the figures scale with it."""
    started = time.perf_counter()
    for _ in range(10_000_000):
        pass
    return time.perf_counter() - started


def start(args) -> tuple[list[str], dict]:
    """What an in-process benchmark does first: open the benchmark database (``--orders``,
    ``--database-url``), apply migrations it lacks, refuse an empty one, and print the header
    (database, data, machine, calibration). Returns the header's lines and the storages to run
    under (plain static files when they were never collected)."""
    setup_django(orders=args.orders, database_url=args.database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from infocenter.servicedesk.models import WorkOrder

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("applying new migrations to the benchmark database …")
        call_command("migrate", interactive=False, verbosity=0)
    orders = WorkOrder.objects.count()
    if not orders:
        sys.exit("no work orders: fill the database with `python -m bench.generate` first")
    storages = settings.STORAGES
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        storages = {
            **storages,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    lines = header(orders)
    lines.append(f"calibration: `for i in range(10_000_000): pass` took {_loop():.2f} s")
    print("\n".join(lines))
    return lines, storages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--show-queries", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    lines, storages = start(args)

    from django.test import override_settings

    with override_settings(STORAGES=storages):
        rows = run(args)
    lines.append(f"load average {_load()} at the end (1 / 5 / 15 min)")
    print(
        f"\n{lines[-1]}; {args.repeat} timed runs after {args.warmup} warm-up runs; "
        f"target p95 < {TARGET_MS} ms\n"
    )
    print("| | measurement | median ms | p95 ms | SQL queries | p95 < 50 ms | notes |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for row in rows:
        print(row.markdown())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"header": lines, "rows": [asdict(r) for r in rows]}, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
