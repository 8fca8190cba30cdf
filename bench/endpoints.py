"""Endpoint registry benchmark (IT-2): a branch of 20 sites with 20,000 endpoints in all, each
site's security-system backend export imported and reconciled (timed), then the rates page of
the whole branch measured.

    .venv/bin/python -m bench.endpoints [--sites 20] [--endpoints 20000] [--repeat 30]
                                        [--database-url URL]

Builds its own database (``var/bench-endpoints-<endpoints>.sqlite3`` unless ``--database-url``
or ``DATABASE_URL`` says otherwise): the organisation of ``bench.generate`` through the
services, an IT staffer and a general manager for the branch, ``--endpoints`` endpoints spread
evenly over the sites (bulk-inserted, unregistered) and 180 days of daily snapshots per site and
department (the history the chart reads). A second run on the same database skips what is there.

Then, for every site, its backend export (.xlsx built in memory: every endpoint but 1 %, 1 %
named differently and 1 % unknown devices) is read, checked and previewed, and applied through
the service (one transaction each), timed. Last, the rates page of the branch (and its API) as
the general manager: median and p95 over ``--repeat`` runs, target p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import time
from pathlib import Path

from bench.generate import (
    ADMIN_USERNAME,
    MD5,
    PASSWORD,
    _name,
    build_organisation,
    database_size,
    describe_database,
    setup_django,
)
from bench.servicedesk import _load, expect, measure

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50
HISTORY_DAYS = 180
HEADER = ["终端IP", "MAC地址", "使用人", "所属部门", "资产编号", "注册状态", "实名状态"]
COLUMNS = dict(
    zip(
        ["ip", "mac", "user_name", "department", "asset_tag", "registered", "real_name"],
        HEADER,
        strict=True,
    )
)


def default_url(endpoints: int) -> str:
    var = Path(os.environ.get("INFOCENTER_VAR_DIR") or ROOT / "var")
    return f"sqlite:///{var / f'bench-endpoints-{endpoints}.sqlite3'}"


def _people(branch):
    from django.test import override_settings

    from infocenter.core import services
    from infocenter.core.choices import Role
    from infocenter.core.models import User

    root = User.objects.get(username=ADMIN_USERNAME)
    found = {}
    with override_settings(PASSWORD_HASHERS=MD5):
        for username, role, name in (
            ("bench-it", Role.IT_STAFF, "郑浩"),
            ("bench-gm", Role.BRANCH_GM, "陈国栋"),
        ):
            person = User.objects.filter(username=username).first()
            if person is None:
                person = services.create_person(
                    root, username=username, full_name=name, password=PASSWORD
                )
                services.assign_role(root, person=person, role=role, branch=branch)
            found[role] = person
    return found[Role.IT_STAFF], found[Role.BRANCH_GM]


def generate(n_sites: int, endpoints: int, seed: int):
    """The organisation, the registry and its history; what is there already is kept."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from infocenter.core.models import Branch, Department, Site, User
    from infocenter.staffwork.models import Endpoint, EndpointSnapshot

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(seed)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        build_organisation(n_sites, rng, print)
    branch = Branch.objects.get(code="cq")
    it, gm = _people(branch)
    sites = list(Site.objects.filter(branch=branch).order_by("pk")[:n_sites])
    per_site = endpoints // len(sites)
    with tqdm(total=per_site * len(sites), unit="endpoint", desc="registry") as bar:
        for s, site in enumerate(sites):
            have = Endpoint.objects.filter(site=site).count()
            bar.update(have)
            if have >= per_site:
                continue
            departments = list(Department.objects.filter(site=site).order_by("pk"))
            rows = [
                Endpoint(
                    site=site,
                    department=departments[n % len(departments)],
                    location=f"{n // 10 + 1}楼{n % 10 + 1}号位",
                    user_name=_name(rng),
                    asset_tag=f"S{s:02d}-PC-{n:05d}",
                    ip=f"10.{s}.{n // 250}.{n % 250 + 1}",
                    mac=f"3C:52:{s:02X}:{n // 65536:02X}:{n // 256 % 256:02X}:{n % 256:02X}",
                )
                for n in range(have, per_site)
            ]
            with transaction.atomic():
                Endpoint.objects.bulk_create(rows, batch_size=1000)
            bar.update(len(rows))
    today = timezone.localdate()
    if not EndpointSnapshot.objects.filter(site__in=sites).exists():
        snapshots = []
        for site in sites:
            departments = list(Department.objects.filter(site=site).values_list("pk", flat=True))
            share = per_site // len(departments)
            for days in range(HISTORY_DAYS, 0, -1):
                done = 0.6 + 0.38 * (HISTORY_DAYS - days) / HISTORY_DAYS
                for department in [*departments, None]:
                    total = per_site if department is None else share
                    snapshots.append(
                        EndpointSnapshot(
                            site=site,
                            department_id=department,
                            day=today - dt.timedelta(days=days),
                            total=total,
                            registered=int(total * done),
                            real_name=int(total * (done - 0.03)),
                        )
                    )
        EndpointSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    from infocenter.core.worker import refresh_statistics

    refresh_statistics()
    return sites, it, gm


def backend_export(site, rng) -> bytes:
    """The site's backend export: every endpoint but 1 %, 1 % named otherwise, 1 % unknown."""
    from infocenter.core.excel import workbook
    from infocenter.staffwork.models import Endpoint

    rows = []
    endpoints = Endpoint.objects.filter(site=site, retired_at__isnull=True).values_list(
        "ip", "mac", "user_name", "department__name", "asset_tag"
    )
    for n, (ip, mac, name, department, tag) in enumerate(endpoints.order_by("pk")):
        if n % 100 == 7:
            continue  # missing in the backend
        if n % 100 == 13:
            name = _name(rng)
        rows.append([ip, mac.replace(":", "-"), name, department, tag, "已注册", "已实名"])
        if n % 100 == 42:
            rows.append(
                [
                    "",
                    f"00-1A-{n // 65536:02X}-{n // 256 % 256:02X}-{n % 256:02X}-99",
                    _name(rng),
                    department,
                    "",
                    "已注册",
                    "否",
                ]
            )
    return workbook(title="终端列表", header=HEADER, rows=rows)


def time_imports(sites, it, seed) -> list[tuple[str, float]]:
    """Every site's export read, previewed (dry run) and applied; seconds per step, summed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infocenter.core.excel import read_table
    from infocenter.staffwork.services import endpoint_lists as lists

    rng = random.Random(seed + 7)
    read = preview = apply = 0.0
    rows = differences = 0
    slowest = 0.0
    for site in sites:
        lists.save_mapping(it, site=site, kind="backend", columns=COLUMNS)
        body = backend_export(site, rng)
        started = time.perf_counter()
        header, lines = read_table(SimpleUploadedFile("backend.xlsx", body))
        parsed = lists.rows_by_mapping(header, lines, COLUMNS)
        t1 = time.perf_counter()
        lists.import_list(it, site=site, kind="backend", rows=parsed, dry_run=True)
        t2 = time.perf_counter()
        summary = lists.import_list(it, site=site, kind="backend", rows=parsed)
        t3 = time.perf_counter()
        read, preview, apply = read + t1 - started, preview + t2 - t1, apply + t3 - t2
        slowest = max(slowest, t3 - started)
        rows += len(parsed)
        differences += summary["new"] + summary["kept"]
    return [
        (f"read {rows:,} rows from {len(sites)} .xlsx files", read),
        ("check, match and preview (dry run)", preview),
        (
            f"check, match and apply, one transaction a site ({differences:,} open differences)",
            apply,
        ),
        ("slowest site, read to applied", slowest),
        ("total, read to applied", read + preview + apply),
    ]


def settle() -> None:
    """What autovacuum does to freshly bulk-written tables on PostgreSQL (statistics and the
    visibility map, so counts can be answered from an index); SQLite's ``ANALYZE``."""
    from django.db import connection

    from infocenter.core.worker import refresh_statistics

    if connection.vendor != "postgresql":
        refresh_statistics()
        return
    with connection.cursor() as cursor:
        for table in ("staffwork_endpoint", "staffwork_endpointsnapshot", "staffwork_difference"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def run(args, branch, gm) -> list:
    from django.test import Client

    client = Client()
    client.force_login(gm)
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}
    return [
        measure(
            "e1",
            f"rates page of the branch ({args.sites} sites, with its history chart)",
            lambda: expect(client.get(f"/staffwork/endpoints/rates/?branch={branch.pk}"), 200),
            note=f"{args.endpoints:,} endpoints, {HISTORY_DAYS} days of snapshots",
            **opts,
        ),
        measure(
            "e2",
            "API: rates of the branch",
            lambda: expect(
                client.get(f"/api/v1/staffwork/endpoint-rates/?branch={branch.pk}"), 200
            ),
            **opts,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.endpoints", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--endpoints", type=int, default=20_000)
    parser.add_argument(
        "--database-url", help="benchmark database (default: $DATABASE_URL, else a SQLite file)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show-queries", action="store_true")
    args = parser.parse_args(argv)
    setup_django(
        orders=0,
        database_url=args.database_url
        or os.environ.get("DATABASE_URL")
        or default_url(args.endpoints),
    )

    import django
    from django.conf import settings
    from django.test import override_settings

    from infocenter.core.models import Branch

    started = time.monotonic()
    print(f"database: {describe_database()}")
    sites, it, gm = generate(args.sites, args.endpoints, args.seed)
    print(f"data ready in {time.monotonic() - started:.0f} s; {database_size()}")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {django.get_version()}; load average {_load()} at the start"
    )
    print(f"\nimport and reconciliation of {args.endpoints:,} endpoints:")
    for label, seconds in time_imports(sites, it, args.seed):
        print(f"- {label}: {seconds:.1f} s")
    settle()
    storages = settings.STORAGES
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        storages = {
            **storages,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    with override_settings(STORAGES=storages):
        rows = run(args, Branch.objects.get(code="cq"), gm)
    print(
        f"\n{args.repeat} timed runs after {args.warmup} warm-up runs; target p95 < {TARGET_MS} ms"
    )
    print(f"| | measurement | median ms | p95 ms | SQL queries | p95 < {TARGET_MS} ms | notes |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for row in rows:
        verdict = "pass" if row.p95_ms < TARGET_MS else "**over**"
        print(
            f"| {row.key} | {row.label} | {row.median_ms:.1f} | {row.p95_ms:.1f} | "
            f"{row.queries} | {verdict} | {row.note} |"
        )
    print(f"load average {_load()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
