"""Service-desk benchmark (acceptance item 8): server-side time of the busiest pages and steps.

    .venv/bin/python -m bench.servicedesk --orders 10000 [--repeat 50] [--warmup 5] [--database-url URL]

Runs in-process against a database filled by ``bench.generate`` (same database choice:
``DATABASE_URL``, else ``--database-url``, else ``var/bench-<orders>.sqlite3``). Each
measurement goes through Django's full request handling with the test ``Client`` (session
log-in, middleware, templates) and the real database; the network and the browser are left
out. It prints one Markdown table row per measurement: median and p95 (nearest rank) in ms,
and the SQL queries per request.

(d) writes: each repetition logs a form and dispatches an order through the API; afterwards
the benchmark walks those orders to closed through the services (not timed), so repeated runs
do not pile up open work in the measured inbox.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass

from bench.generate import describe_database, setup_django

OPEN = ("dispatched", "acknowledged", "assigned", "in_progress")
TARGET_MS = 50


@dataclass
class Row:
    key: str
    label: str
    median_ms: float
    p95_ms: float
    max_ms: float
    queries: int
    note: str = ""

    def markdown(self) -> str:
        verdict = "pass" if self.p95_ms < TARGET_MS else "**over**"
        return (
            f"| {self.key} | {self.label} | {self.median_ms:.1f} | {self.p95_ms:.1f} | {self.queries} | "
            f"{verdict} | {self.note} |"
        )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def measure(
    key, label, call, *, repeat: int, warmup: int, show: bool = False, note: str = ""
) -> Row:
    """Time ``call`` ``repeat`` times after ``warmup`` untimed calls; count its queries. With
    ``show``, one more call prints its queries."""
    from django.db import connection

    for _ in range(warmup):
        call()
    times, counts = [], []
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        counts.append(counter.count)
    if show:
        show_queries(f"{key} {label}", call)
    return Row(key, label, statistics.median(times), p95(times), max(times), max(counts), note)


def show_queries(label, call) -> None:
    """One more call, printing its queries, slowest first (for the findings)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    print(f"\n-- {label}: {len(captured)} queries, slowest first")
    ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for query in ranked[:5]:
        print(f"   {float(query['time']) * 1000:7.2f} ms  {query['sql'][:600]}")
    slowest = next((q["sql"] for q in ranked if q["sql"].startswith("SELECT")), None)
    if slowest:
        print("   plan of the slowest SELECT:")
        for line in explain(slowest):
            print(f"     {line}")


def explain(sql: str) -> list[str]:
    """The plan of one captured query: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [f"{'  ' * (row[1] > 0)}{row[-1]}" for row in cursor.fetchall()]


def expect(response, status: int):
    if response.status_code != status:
        raise SystemExit(
            f"{response.request['PATH_INFO']} answered {response.status_code}, not {status}:\n"
            f"{response.content[:2000].decode(errors='replace')}"
        )
    return response


# -- the scene --------------------------------------------------------------------------------------


def scene():
    """The busiest site (most work orders), its 工程部 head, processor and assistant, a resident,
    the last full month, and an open order of 工程部 to look at."""
    from django.db.models import Count
    from django.utils import timezone

    from infocenter.core.choices import Role
    from infocenter.core.models import Department, Site, User
    from infocenter.servicedesk.models import Resident, WorkOrder

    busiest = WorkOrder.objects.values("site").annotate(n=Count("pk")).order_by("-n").first()
    site = Site.objects.get(pk=busiest["site"])
    gc = Department.objects.get(site=site, code="gc")

    def person(role, **where):
        return (
            User.objects.filter(
                role_assignments__role=role,
                role_assignments__site=site,
                **{f"role_assignments__{k}": v for k, v in where.items()},
            )
            .order_by("pk")
            .first()
        )

    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    return {
        "site": site,
        "orders_at_site": busiest["n"],
        "gc": gc,
        "month": month,
        "head": person(Role.DEPT_HEAD, department=gc),
        "processor": person(Role.PROCESSOR),
        "assistant": person(Role.CS_ASSISTANT),
        "resident": Resident.objects.filter(site=site, room__isnull=False).order_by("pk").first(),
    }


def open_order(s) -> tuple:
    """The oldest open 工程部 order of the site from the generated data (what the head clicks first
    in the inbox; generated rows have no audit events). When the data has none (small data sets),
    one is logged and dispatched through the services, once: later runs find it again."""
    from infocenter.core.models import AuditEvent
    from infocenter.servicedesk.models import WorkOrder

    audited = AuditEvent.objects.filter(subject_type="servicedesk.workorder").values("subject_id")
    candidates = WorkOrder.objects.filter(department=s["gc"], state__in=OPEN).order_by(
        "dispatched_at"
    )
    order = candidates.exclude(pk__in=[int(i["subject_id"]) for i in audited]).first()
    if order is not None:
        return order, "generated, open"
    order = candidates.filter(instructions="基准测试：待处理").first()
    if order is not None:
        return (
            order,
            "none open in the data: logged and dispatched through the services by a first run",
        )
    order = log_and_dispatch(s, content="基准测试：厨房水龙头漏水", instructions="基准测试：待处理")
    return order, "none open in the data: logged and dispatched through the services"


def log_and_dispatch(s, *, content: str, instructions: str):
    """A repair call from the scene's resident, logged and dispatched to 工程部 through the services."""
    from infocenter.servicedesk import services

    resident = s["resident"]
    form = services.log_form(
        s["processor"],
        site=s["site"],
        source="phone",
        reporter_kind=resident.kind,
        reporter_name=resident.name,
        reporter_phone=resident.phone,
        category="repair",
        content=content,
        room=resident.room,
        resident=resident,
    )
    return services.dispatch_order(
        s["processor"],
        form,
        version=form.version,
        department=s["gc"],
        assistant=s["assistant"],
        instructions=instructions,
    )


def fill_inbox(s, rows: int = 50) -> list[int]:
    """Top the 工程部 head's inbox up to a full page (``rows`` open orders) through the services,
    so that (a) renders the same 50 rows at every data size (at 10 k the data holds one or two
    open orders). Returns the ids made; ``close_out`` closes them after the measurement."""
    from infocenter.servicedesk import selectors

    missing = rows - len(selectors.inbox_for(s["head"])[:rows])
    return [
        log_and_dispatch(s, content="基准测试：收件箱", instructions="基准测试：收件箱").pk
        for _ in range(max(missing, 0))
    ]


def close_out(s, order_ids: list[int]) -> None:
    """Walk the orders created by (d) to closed through the services (not timed)."""
    from infocenter.servicedesk import services
    from infocenter.servicedesk.models import WorkOrder

    head, processor, assistant = s["head"], s["processor"], s["assistant"]
    for order in WorkOrder.objects.filter(pk__in=order_ids, state="dispatched"):
        order = services.assign_order(head, order, version=order.version, assignee=head)
        order = services.start_order(head, order, version=order.version)
        order = services.report_result(
            head,
            order,
            version=order.version,
            result="基准测试：已处理",
            signed_by_customer=order.form.reporter_name,
        )
        order = services.verify_order(assistant, order, version=order.version)
        services.close_in_register(processor, order, version=order.version)


def drain_worker() -> int:
    """Run the worker until nothing is due now (what became due since the data was made)."""
    from infocenter.core import worker

    handled = 0
    while True:
        done = worker.run_once(echo=lambda _line: None)
        if not done:
            return handled
        handled += done


# -- the run ------------------------------------------------------------------------------------------


def run(args) -> list[Row]:
    from django.test import Client
    from django.urls import reverse

    from infocenter.core import worker
    from infocenter.servicedesk import selectors

    s = scene()
    rows: list[Row] = []
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}

    head = Client()
    head.force_login(s["head"])
    in_data = len(list(selectors.inbox_for(s["head"])[:50]))
    topped_up = fill_inbox(s)
    try:
        inbox = reverse("servicedesk:inbox")
        rows.append(
            measure(
                "a",
                "department inbox (工程部 head, busiest site)",
                lambda: expect(head.get(inbox), 200),
                note=f"50 open orders listed: {in_data} from the data, {len(topped_up)} added",
                **opts,
            )
        )
    finally:
        close_out(s, topped_up)

    processor = Client()
    processor.force_login(s["processor"])
    register = f"{reverse('servicedesk:register')}?site={s['site'].pk}&month={s['month']}"
    month_start = dt.datetime.strptime(s["month"], "%Y-%m")
    forms_in_month = (
        s["site"]
        .service_forms.filter(
            received_at__year=month_start.year, received_at__month=month_start.month
        )
        .count()
    )
    rows.append(
        measure(
            "b",
            f"register, one site and month {s['month']} (processor)",
            lambda: expect(processor.get(register), 200),
            note=f"{forms_in_month} forms in the month, 50 a page",
            **opts,
        )
    )
    rows.append(
        measure(
            "b2",
            "same register page as the 工程部 head (department scope)",
            lambda: expect(head.get(register), 200),
            **opts,
        )
    )

    order, origin = open_order(s)
    order_url = reverse("servicedesk:order", args=[order.pk])
    rows.append(
        measure(
            "c",
            "order page (工程部 head)",
            lambda: expect(head.get(order_url), 200),
            note=f"{order.serial}, {origin}",
            **opts,
        )
    )

    created: list[int] = []
    resident = s["resident"]
    form_payload = {
        "site": s["site"].pk,
        "source": "phone",
        "reporter_kind": resident.kind,
        "reporter_name": resident.name,
        "reporter_phone": resident.phone,
        "category": "repair",
        "content": "基准测试：卫生间漏水",
        "room": resident.room_id,
    }
    parts = {"log": [], "dispatch": []}

    def log_and_dispatch():
        started = time.perf_counter()
        form = expect(
            processor.post(
                "/api/v1/servicedesk/forms/",
                json.dumps(form_payload),
                content_type="application/json",
            ),
            201,
        ).json()
        middle = time.perf_counter()
        order = expect(
            processor.post(
                f"/api/v1/servicedesk/forms/{form['id']}/dispatch_order/",
                json.dumps(
                    {
                        "version": form["version"],
                        "department": s["gc"].pk,
                        "assistant": s["assistant"].pk,
                        "instructions": "基准测试",
                    }
                ),
                content_type="application/json",
            ),
            201,
        ).json()
        parts["log"].append((middle - started) * 1000)
        parts["dispatch"].append((time.perf_counter() - middle) * 1000)
        created.append(order["id"])

    try:
        row = measure(
            "d", "log + dispatch through the API (2 POSTs, processor)", log_and_dispatch, **opts
        )
    finally:
        close_out(s, created)
    timed = {k: v[args.warmup : args.warmup + args.repeat] for k, v in parts.items()}
    row.note = (
        f"log {statistics.median(timed['log']):.1f} / p95 {p95(timed['log']):.1f}, "
        f"dispatch {statistics.median(timed['dispatch']):.1f} / p95 {p95(timed['dispatch']):.1f}"
    )
    rows.append(row)

    fired = drain_worker()

    def idle_pass():
        if worker.run_once(echo=lambda _line: None):
            raise SystemExit(
                "the worker found work during the idle measurement; run the benchmark again"
            )

    rows.append(
        measure(
            "e",
            "idle worker pass (run_once, nothing due)",
            idle_pass,
            note=f"first, {fired} due deadlines and messages (mostly from d) were handled",
            **opts,
        )
    )
    return rows


def header(s_orders: int) -> list[str]:
    import django

    from infocenter.core.models import Deadline
    from infocenter.servicedesk.models import ServiceForm

    return [
        f"database: {describe_database()}",
        f"data: {s_orders:,} work orders, {ServiceForm.objects.count():,} forms, "
        f"{Deadline.objects.count():,} deadlines",
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, Django {django.get_version()}; "
        f"load average {_load()} at the start",
    ]


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.servicedesk", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=10_000,
        help="picks the default database var/bench-<orders>.sqlite3 (default 10000)",
    )
    parser.add_argument(
        "--database-url", help="benchmark database (default: $DATABASE_URL, else the SQLite file)"
    )
    parser.add_argument("--repeat", type=int, default=50, help="timed repetitions (default 50)")
    parser.add_argument(
        "--warmup", type=int, default=5, help="untimed repetitions first (default 5)"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print each measurement's slowest queries"
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    setup_django(orders=args.orders, database_url=args.database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import override_settings

    from infocenter.servicedesk.models import WorkOrder

    if MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    ):
        print("applying new migrations to the benchmark database …")
        call_command("migrate", interactive=False, verbosity=0)
    orders = WorkOrder.objects.count()
    if not orders:
        sys.exit("no work orders: fill the database with `python -m bench.generate` first")
    storages = settings.STORAGES
    if not (
        settings.STATIC_ROOT / "staticfiles.json"
    ).exists():  # not collected: plain static storage
        storages = {
            **storages,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    lines = header(orders)
    print("\n".join(lines))
    with override_settings(STORAGES=storages):
        rows = run(args)
    lines.append(f"load average {_load()} at the end (1 / 5 / 15 min)")
    print(
        f"\n{lines[-1]}; {args.repeat} timed runs after {args.warmup} warm-up runs; target p95 < {TARGET_MS} ms\n"
    )
    print("| | measurement | median ms | p95 ms | SQL queries | p95 < 50 ms | notes |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for row in rows:
        print(row.markdown())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "header": lines,
                    "vendor": connection.vendor,
                    "orders": orders,
                    "repeat": args.repeat,
                    "rows": [asdict(r) for r in rows],
                },
                out,
                ensure_ascii=False,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
