"""Registers benchmark (acceptance item 7 of the registers issue): the information registry's
"now" search and the contact directory's search at 100 thousand entries each.

    .venv/bin/python -m bench.logbook --entries 100000 [--repeat 50] [--database-url URL]

Builds its own database (``var/bench-logbook-<entries>.sqlite3`` unless ``--database-url`` or
``DATABASE_URL`` says otherwise): the organisation of ``bench.generate`` through the services,
then ``--entries`` registry entries over 5 years (outages, repairs, events, most of them long
over, a few in force or coming) and ``--entries`` directory contacts with their pinyin keys,
spread over the sites like the service-desk data (the first site is the busiest). A second run
on the same database skips what is already there.

Then it times, through Django's full request handling as the busiest site's processor:
the "now" board page searched for "3栋停电", the same through the API, the board with no
search, and the directory page searched by initials, by a number and by a Chinese name.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

from bench.generate import (
    ADMIN_USERNAME,
    BATCH_SIZE,
    SURNAMES,
    _cumulative,
    _name,
    _phone,
    build_organisation,
    database_size,
    describe_database,
    insert_rows,
    new,
    setup_django,
)
from bench.servicedesk import TARGET_MS, Row, _load, expect, measure

ROOT = Path(__file__).resolve().parent.parent
KINDS = [
    ("water_outage", 8, "二次供水水箱清洗停水"),
    ("power_outage", 8, "配电柜检修停电"),
    ("gas_outage", 3, "燃气管道检修停气"),
    ("major_repair", 4, "外墙防水大修"),
    ("medium_repair", 8, "单元门禁更换"),
    ("minor_repair", 30, "电梯年度维保"),
    ("complaint_follow_up", 10, "装修噪音投诉跟进"),
    ("community_event", 14, "业主游园活动"),
    ("internal_notice", 15, "消防演练通知"),
]
CONTACT_KINDS = [
    "water_supplier",
    "power_supplier",
    "gas_supplier",
    "police",
    "flood_hq",
    "residents_committee",
    "equipment",
    "internal",
    "emergency",
    "other",
]
ORGS = [
    "重庆水务集团",
    "国网重庆市电力公司",
    "重庆燃气集团",
    "观音桥派出所",
    "江北区三防指挥部",
    "江岸社区居委会",
    "重庆通力电梯有限公司",
    "嘉禾物业",
    "重庆安盾消防工程有限公司",
    "重庆市政设施维护中心",
]


def default_url(entries: int) -> str:
    var = Path(os.environ.get("INFOCENTER_VAR_DIR") or ROOT / "var")
    return f"sqlite:///{var / f'bench-logbook-{entries}.sqlite3'}"


def generate(entries: int, seed: int) -> None:
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from infocenter.core.models import Building, Department, Site, User
    from infocenter.core.pinyin import initials, spelled
    from infocenter.logbook.models import AffectedBuilding, Contact, RegistryEntry

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(seed)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        build_organisation(20, rng, print)
    sites = list(Site.objects.filter(branch__code="cq").order_by("pk"))
    weights = _cumulative([1 / (rank + 1) ** 0.5 for rank in range(len(sites))])
    departments = {
        s.pk: list(Department.objects.filter(site=s).values_list("pk", flat=True)) for s in sites
    }
    buildings = {
        s.pk: list(Building.objects.filter(site=s).values_list("pk", "name")) for s in sites
    }
    recorder = {
        s.pk: User.objects.filter(role_assignments__site=s, role_assignments__role="processor")
        .first()
        .pk
        for s in sites
    }
    now = timezone.now()
    start = now - dt.timedelta(days=5 * 365)
    through = AffectedBuilding
    have = RegistryEntry.objects.count()
    kind_weights = _cumulative([w for _k, w, _t in KINDS])
    with tqdm(total=entries, initial=have, unit="entry", desc="registry") as bar:
        next_id = have + 1
        while have < entries:
            rows, links = [], []
            for _ in range(min(BATCH_SIZE, entries - have)):
                site = rng.choices(sites, cum_weights=weights)[0]
                kind, _w, title = rng.choices(KINDS, cum_weights=kind_weights)[0]
                starts = (
                    start
                    + (now - start) * ((have + rng.random()) / entries)
                    + dt.timedelta(days=rng.choice((0, 1, 2)))
                )
                ends = (
                    None
                    if rng.random() < 0.03
                    else starts + dt.timedelta(hours=rng.choice((2, 4, 6, 8, 24)))
                )
                changed = starts - dt.timedelta(hours=rng.choice((2, 6, 24, 48)))
                recorded = changed + dt.timedelta(
                    minutes=rng.choice((10, 30, 60, 120, 200, 300, 600))
                )
                late = max(0, int((recorded - changed).total_seconds() // 60) - 240)
                # An entry open "until further notice" is ended by the processor within weeks.
                ended = (
                    ends is None
                    and starts < now - dt.timedelta(days=30)
                    or ends is not None
                    and ends <= now
                )
                # (an entry past its end was ended by the worker at that time)
                entry_buildings = rng.sample(buildings[site.pk], rng.choice((0, 1, 1, 2)))
                rows.append(
                    new(
                        RegistryEntry,
                        id=next_id,
                        site_id=site.pk,
                        serial=f"{site.code.upper()}-DJ-B-{next_id:07d}",
                        department_id=rng.choice(departments[site.pk]),
                        kind=kind,
                        title=f"{'、'.join(name for _pk, name in entry_buildings) or '全小区'}{title}",
                        details="",
                        starts_at=starts,
                        ends_at=ends,
                        changed_at=changed,
                        channel="phone",
                        reported_by="值班员",
                        recorded_at=recorded,
                        recorded_by_id=recorder[site.pk],
                        late=late > 0,
                        late_minutes=late,
                        state="ended" if ended else "active",
                        ended_at=(ends or starts + dt.timedelta(days=rng.choice((3, 7, 14))))
                        if ended
                        else None,
                        end_note="",
                        archive_batch_id=None,
                        archived_at=None,
                    )
                )
                links += [
                    through(registryentry_id=next_id, building_id=pk, site_id=site.pk)
                    for pk, _name in entry_buildings
                ]
                next_id += 1
                have += 1
            with transaction.atomic():
                insert_rows(RegistryEntry, rows)
                through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            bar.update(len(rows))
    have = Contact.objects.count()
    with tqdm(total=entries, initial=have, unit="contact", desc="directory") as bar:
        next_id = have + 1
        while have < entries:
            rows = []
            for _ in range(min(BATCH_SIZE, entries - have)):
                site = rng.choices(sites, cum_weights=weights)[0]
                category = rng.choice(CONTACT_KINDS)
                name = _name(rng) if rng.random() < 0.8 else f"{rng.choice(SURNAMES)}师傅"
                organisation = rng.choice(ORGS)
                rows.append(
                    new(
                        Contact,
                        id=next_id,
                        site_id=site.pk,
                        category=category,
                        name=name,
                        organisation=organisation,
                        title="",
                        phone=_phone(rng),
                        phone2="",
                        note="",
                        search_pinyin=f"{spelled(name)} {spelled(organisation)}",
                        search_initials=f"{initials(name)} {initials(organisation)}",
                        version=1,
                    )
                )
                next_id += 1
                have += 1
            with transaction.atomic():
                insert_rows(Contact, rows)
            bar.update(len(rows))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [RegistryEntry, Contact]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    from infocenter.core.worker import refresh_statistics

    refresh_statistics()  # SQLite: what the worker does when it starts, then daily


def run(args) -> list[Row]:
    from django.db.models import Count
    from django.test import Client

    from infocenter.core.models import Site, User
    from infocenter.logbook.models import Contact, RegistryEntry
    from infocenter.logbook.selectors import now_board

    busiest = RegistryEntry.objects.values("site").annotate(n=Count("pk")).order_by("-n").first()
    site = Site.objects.get(pk=busiest["site"])
    processor = User.objects.filter(
        role_assignments__site=site, role_assignments__role="processor"
    ).first()
    client = Client()
    client.force_login(processor)
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}
    contacts_here = Contact.objects.filter(site=site).count()
    in_force = len(now_board(processor, site=site))
    sample = Contact.objects.filter(site=site).order_by("pk").first()
    rows = [
        measure(
            "f",
            'registry "now" page, search 3栋停电',
            lambda: expect(client.get(f"/logbook/registry/?site={site.pk}&q=3栋停电"), 200),
            note=f"{busiest['n']:,} entries at the site, {in_force} in force",
            **opts,
        ),
        measure(
            "f2",
            'registry "now" API, search 3栋停电',
            lambda: expect(
                client.get(f"/api/v1/logbook/registry/now/?site={site.pk}&q=3栋停电"), 200
            ),
            **opts,
        ),
        measure(
            "f3",
            "registry page, no search (board, coming, recent)",
            lambda: expect(client.get(f"/logbook/registry/?site={site.pk}"), 200),
            **opts,
        ),
        measure(
            "g",
            "directory page, search by initials",
            lambda: expect(
                client.get(f"/logbook/contacts/?site={site.pk}&q={sample.search_initials[:2]}"), 200
            ),
            note=f"{contacts_here:,} contacts at the site; q={sample.search_initials[:2]}",
            **opts,
        ),
        measure(
            "g2",
            "directory page, search by number",
            lambda: expect(
                client.get(f"/logbook/contacts/?site={site.pk}&q={sample.phone[:5]}"), 200
            ),
            note=f"q={sample.phone[:5]}",
            **opts,
        ),
        measure(
            "g3",
            "directory page, search by Chinese name",
            lambda: expect(client.get(f"/logbook/contacts/?site={site.pk}&q={sample.name}"), 200),
            note=f"q={sample.name}",
            **opts,
        ),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.logbook", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--entries",
        type=int,
        default=100_000,
        help="registry entries and contacts (default 100000)",
    )
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
        or default_url(args.entries),
    )

    import django
    from django.conf import settings
    from django.test import override_settings

    started = time.monotonic()
    print(f"database: {describe_database()}")
    generate(args.entries, args.seed)
    print(
        f"data ready in {time.monotonic() - started:.0f} s; {describe_database()}, {database_size()}"
    )
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, Django {django.get_version()}; "
        f"load average {_load()} at the start"
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
        f"\nload average {_load()} at the end; {args.repeat} timed runs after {args.warmup} warm-up runs; "
        f"target p95 < {TARGET_MS} ms\n"
    )
    print("| | measurement | median ms | p95 ms | SQL queries | p95 < 50 ms | notes |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for row in rows:
        print(row.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
