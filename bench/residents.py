"""Residents register benchmark (LOG-4): intake's resident and room look-ups at 50 thousand
residents, and importing 10 thousand from Excel.

    .venv/bin/python -m bench.residents [--residents 50000] [--import-rows 10000] [--repeat 50]
                                        [--database-url URL]

Builds its own database (``var/bench-residents-<residents>.sqlite3`` unless ``--database-url``
or ``DATABASE_URL`` says otherwise): the organisation of ``bench.generate`` (two sites) through
the services, then 36 more buildings at the first site (32 floors, 2 units, 4 flats a floor:
about 9,500 flats in all) and ``--residents`` residents there, one current owner per flat, a
tenant in one flat of four and the rest moved out (each flat's history). A second run on the
same database skips what is already there.

Then it times, through Django's full request handling as the site's processor: intake's
type-ahead by phone, initials and Chinese name, the room look-up as typed ("3-1-1201",
"12栋12", "12栋1单元2001") on the page's JSON endpoint and the API, and the register page
searched by address. Last, it imports ``--import-rows`` residents into the second site from an
.xlsx built in memory (checked, then committed, one transaction), timed once each.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from pathlib import Path

from bench.generate import (
    ADMIN_USERNAME,
    BATCH_SIZE,
    _name,
    _phone,
    build_organisation,
    database_size,
    describe_database,
    setup_django,
)
from bench.servicedesk import _load, expect, measure

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 30
EXTRA_BUILDINGS = [f"{n}栋" for n in range(5, 41)]


def default_url(residents: int) -> str:
    var = Path(os.environ.get("INFOCENTER_VAR_DIR") or ROOT / "var")
    return f"sqlite:///{var / f'bench-residents-{residents}.sqlite3'}"


def generate(residents: int, seed: int) -> None:
    import datetime as dt

    from django.core.management import call_command
    from django.db import transaction
    from tqdm import tqdm

    from infocenter.core import services as core
    from infocenter.core.models import Building, Room, Site, User
    from infocenter.core.pinyin import initials, spelled
    from infocenter.servicedesk.models import Resident

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(seed)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        build_organisation(2, rng, print)
    root = User.objects.get(username=ADMIN_USERNAME)
    site = Site.objects.filter(branch__code="cq").order_by("pk").first()
    for name in EXTRA_BUILDINGS:
        if not Building.objects.filter(site=site, name=name).exists():
            core.create_building(
                root, site=site, name=name, floors=32, units=["1单元", "2单元"], rooms_per_floor=4
            )
    rooms = list(Room.objects.filter(unit__building__site=site).values_list("pk", flat=True))
    have = Resident.objects.filter(site=site).count()
    today = dt.date(2026, 12, 1)
    with tqdm(total=residents, initial=have, unit="resident", desc="residents") as bar:
        while have < residents:
            rows = []
            for _ in range(min(BATCH_SIZE, residents - have)):
                room = rooms[have % len(rooms)]
                lap = have // len(rooms)  # 0: the owner, 1: a tenant or a past owner, …
                current = lap == 0 or (lap == 1 and room % 4 == 0)
                name = _name(rng)
                moved_in = today - dt.timedelta(days=rng.randrange(30, 6000))
                rows.append(
                    Resident(
                        site=site,
                        name=name,
                        kind="owner" if lap != 1 else "tenant",
                        phone=_phone(rng),
                        room_id=room,
                        name_pinyin=spelled(name),
                        name_initials=initials(name),
                        state="current" if current else "moved_out",
                        moved_in_on=moved_in,
                        moved_out_on=None
                        if current
                        else moved_in + dt.timedelta(days=rng.randrange(1, 20)),
                    )
                )
                have += 1
            with transaction.atomic():
                Resident.objects.bulk_create(rows, batch_size=1000)
            bar.update(len(rows))
    from infocenter.core.worker import refresh_statistics

    refresh_statistics()


def import_sheet(rows: int, seed: int) -> bytes:
    """An .xlsx of ``rows`` new residents of the second site, in the export's columns."""
    from infocenter.core.excel import workbook
    from infocenter.core.models import Room, Site
    from infocenter.servicedesk.exports import resident_columns

    site = Site.objects.filter(branch__code="cq").order_by("pk")[1]
    run_no = site.residents.count()  # a later run imports other names, not what is there
    rng = random.Random(seed + 1 + run_no)
    rooms = list(
        Room.objects.filter(unit__building__site=site).values_list(
            "unit__building__name", "unit__name", "number"
        )
    )
    return workbook(
        title="residents",
        header=list(resident_columns()),
        rows=(
            [f"{_name(rng)}{run_no + n}", "业主", _phone(rng), "", *rooms[n % len(rooms)], "", ""]
            for n in range(rows)
        ),
    )


def run(args) -> list:
    from django.test import Client

    from infocenter.core.models import Site, User
    from infocenter.servicedesk.models import Resident

    site = Site.objects.filter(branch__code="cq").order_by("pk").first()
    processor = User.objects.filter(
        role_assignments__site=site, role_assignments__role="processor"
    ).first()
    client = Client()
    client.force_login(processor)
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}
    sample = Resident.objects.filter(site=site, state="current").order_by("pk")[123]
    lookup = f"/servicedesk/residents/lookup/?site={site.pk}&q="
    rooms = f"/servicedesk/rooms/lookup/?site={site.pk}&q="
    return [
        measure(
            "r1",
            "intake: resident by phone (first 7 digits)",
            lambda: expect(client.get(lookup + sample.phone[:7]), 200),
            note=f"{Resident.objects.filter(site=site).count():,} residents at the site",
            **opts,
        ),
        measure(
            "r2",
            "intake: resident by initials",
            lambda: expect(client.get(lookup + sample.name_initials), 200),
            note=f"q={sample.name_initials}",
            **opts,
        ),
        measure(
            "r3",
            "intake: resident by Chinese name",
            lambda: expect(client.get(lookup + sample.name), 200),
            note=f"q={sample.name}",
            **opts,
        ),
        measure(
            "r4",
            "intake: room look-up 3-1-1201",
            lambda: expect(client.get(rooms + "3-1-1201"), 200),
            **opts,
        ),
        measure(
            "r5",
            "intake: room look-up 12栋12 (prefix)",
            lambda: expect(client.get(rooms + "12栋12"), 200),
            **opts,
        ),
        measure(
            "r6",
            "API: room look-up 12栋1单元2001",
            lambda: expect(
                client.get(f"/api/v1/servicedesk/rooms/lookup/?site={site.pk}&q=12栋1单元2001"),
                200,
            ),
            **opts,
        ),
        measure(
            "r7",
            "register page searched by address 3-1-1201 (current and past)",
            lambda: expect(
                client.get(f"/servicedesk/residents/?site={site.pk}&state=&q=3-1-1201"), 200
            ),
            **opts,
        ),
        measure(
            "r8",
            "register page, first page (current)",
            lambda: expect(client.get(f"/servicedesk/residents/?site={site.pk}"), 200),
            **opts,
        ),
    ]


def time_import(rows: int, seed: int) -> list[tuple[str, float]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infocenter.core.models import Site, User
    from infocenter.servicedesk import exports, services

    second = Site.objects.filter(branch__code="cq").order_by("pk")[1]
    actor = User.objects.filter(
        role_assignments__site=second, role_assignments__role="processor"
    ).first()
    body = import_sheet(rows, seed)
    started = time.perf_counter()
    parsed = exports.read_residents(SimpleUploadedFile("r.xlsx", body))
    read = time.perf_counter()
    checked = services.import_residents(actor, site=second, rows=parsed, dry_run=True)
    previewed = time.perf_counter()
    services.import_residents(actor, site=second, rows=parsed)
    done = time.perf_counter()
    return [
        (f"read {len(parsed):,} rows from .xlsx ({len(body) // 1024} KiB)", read - started),
        (f"check and preview ({len(checked['new']):,} new)", previewed - read),
        ("check again and commit (one transaction)", done - previewed),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.residents", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument(
        "--database-url", help="benchmark database (default: $DATABASE_URL, else a SQLite file)"
    )
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show-queries", action="store_true")
    args = parser.parse_args(argv)
    setup_django(
        orders=0,
        database_url=args.database_url
        or os.environ.get("DATABASE_URL")
        or default_url(args.residents),
    )

    import django
    from django.conf import settings
    from django.test import override_settings

    started = time.monotonic()
    print(f"database: {describe_database()}")
    generate(args.residents, args.seed)
    print(f"data ready in {time.monotonic() - started:.0f} s; {database_size()}")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {django.get_version()}; load average {_load()} at the start"
    )
    storages = settings.STORAGES
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        storages = {
            **storages,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    with override_settings(STORAGES=storages):
        rows = run(args)
    print(
        f"\n{args.repeat} timed runs after {args.warmup} warm-up runs; target p95 < {TARGET_MS} ms"
    )
    print("| | measurement | median ms | p95 ms | SQL queries | p95 < 30 ms | notes |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for row in rows:
        verdict = "pass" if row.p95_ms < TARGET_MS else "**over**"
        print(
            f"| {row.key} | {row.label} | {row.median_ms:.1f} | {row.p95_ms:.1f} | "
            f"{row.queries} | {verdict} | {row.note} |"
        )
    print(f"\nimport of {args.import_rows:,} residents:")
    for label, seconds in time_import(args.import_rows, args.seed):
        print(f"- {label}: {seconds:.1f} s")
    print(
        f"load average {_load()} at the end; median of medians {statistics.median(r.median_ms for r in rows):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
