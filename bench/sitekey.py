"""Does every query a request makes carry the site key? (issue 17, item 7: the design for a
group of thousands of sites on PostgreSQL distributed by ``site_id``, docs/scaling.md)

    .venv/bin/python -m bench.sitekey [--users 20] [--minutes 3] [--show 25]

On a PostgreSQL cluster of its own (``bench.standby.Cluster``) logging every statement with the
process that sent it, it loads the demo and runs the load drill's people (``bench.load``), then
reads the log. The background worker's statements (it scans every site's clocks and messages on
purpose) are set apart by their process; every other statement came from a request.

The tables are sorted by ``infocenter.core.sharding.layout()``, the layout a distributed
database (Citus) would hold them in:

- **distributed by site** (``site_id``): a statement on them should name its site,
  ``site_id = …`` (or ``IN`` the sites'), or insert the row with its ``site_id``, so that it
  goes to one shard (or the few of a person's sites);
- **distributed by person** (the in-app messages, ``recipient_id``);
- **site-owned, no key**: a site's records without the column yet (a change's comments, a
  loan's lines), listed in ``core.sharding.SITE_OWNED_WITHOUT_KEY``: never keyed;
- **reference**: copied to every node (the organisation, people and their roles, each site's
  departments, buildings and rooms, the framework's tables): any statement on them is local.

It prints, for the requests' statements, how many touch distributed or site-owned tables and
how many of those name the site, then the statement shapes (literals folded to ``?``) that do
not, most frequent first, with the tables they touch. Of the keyed statements that read more
than one table it counts those whose distributed tables are each filtered to the site or
joined on it (``core.sharding.colocated``): what a distributed database needs to run a join on
one shard.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench import load
from bench.standby import ROOT_USER, Cluster

# simple protocol ("statement: …") or extended ("execute <unnamed>: …")
MESSAGE = re.compile(r"(?:statement|execute [^:]*): ")
LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def shape(statement: str) -> str:
    folded = LITERAL.sub("?", statement)
    folded = re.sub(r"\(\?(?:,\s*\?)+\)", "(?…)", folded)
    return re.sub(r"\s+", " ", folded).strip()


def layout() -> dict[str, str]:
    """Each table's kind (``core.sharding.layout``), read from the project's models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infocenter.settings")
    import django

    django.setup()
    from infocenter.core import sharding

    return sharding.layout()


def statements(log: Path, worker_pids: set[str]) -> tuple[list[str], int]:
    """The requests' statements in the log, and how many the worker sent."""
    found, worker = [], 0
    csv.field_size_limit(sys.maxsize)
    with log.open(newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            said = MESSAGE.match(row[13]) if len(row) > 13 else None
            if said is None:
                continue
            text = row[13][said.end() :]
            if not re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE)\b", text, re.I):
                continue
            if row[3] in worker_pids:
                worker += 1
            else:
                found.append(text)
    return found, worker


def run(args) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="infocenter-sitekey-", dir="/tmp"))
    scratch.chmod(0o755)
    (scratch / "pg").mkdir()
    if ROOT_USER:
        shutil.chown(scratch / "pg", "postgres", "postgres")
    cluster = Cluster(scratch / "pg", "primary")
    cluster.init()
    cluster.settings(
        logging_collector="on",
        log_destination="csvlog",
        log_directory=str(cluster.dir / "log"),
        log_filename="statements",
        log_statement="none",
    )
    cluster.start()
    try:
        cluster.sql("CREATE DATABASE infocenter_sitekey")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env |= {
            "INFOCENTER_VAR_DIR": str(scratch / "var"),
            "INFOCENTER_DEV": "true",
            "DATABASE_URL": cluster.url("infocenter_sitekey"),
        }
        load.install(env)
        # from here on, every statement
        cluster.sql("ALTER SYSTEM SET log_statement = 'all'")
        cluster.sql("SELECT pg_reload_conf()")
        args.scratch, args.database = scratch / "load", "postgres"
        args.scratch.mkdir()
        load_status = load.drive(args, env)
        cluster.sql("ALTER SYSTEM SET log_statement = 'none'")
        cluster.sql("SELECT pg_reload_conf()")
        time.sleep(1)
        kinds = layout()
        worker_pids = _worker_backends(cluster.dir / "log" / "statements.csv")
        found, worker = statements(cluster.dir / "log" / "statements.csv", worker_pids)
        return report(args, found, worker, kinds) or load_status
    finally:
        cluster.stop("immediate")
        shutil.rmtree(scratch, ignore_errors=True)


def _worker_backends(log: Path) -> set[str]:
    """The server processes that served the background worker: those that ran its claim of
    the earliest due clock (``FOR UPDATE SKIP LOCKED`` on the deadlines) or its nightly
    backup's snapshot (``pg_export_snapshot()``, then a row count of every table), and the
    drill's closing ``audit verify``: none of them a request."""
    pids = set()
    with log.open(newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            # the clocks' claim, the nightly backup's snapshot (its row counts), or the drill's
            # own `audit verify` at the end (it lists every chain)
            marks = ("SKIP LOCKED", "pg_export_snapshot", 'DISTINCT "core_auditevent"."chain"')
            if len(row) > 13 and any(mark in row[13] for mark in marks):
                pids.add(row[3])
    return pids


def report(args, found: list[str], worker: int, kinds: dict[str, str]) -> int:
    from infocenter.core import sharding

    counted: Counter = Counter()
    missing: dict[str, int] = defaultdict(int)
    apart: dict[str, int] = defaultdict(int)
    tables_of: dict[str, set] = {}
    for text in found:
        kind, touched = sharding.check(text, kinds)
        counted[kind] += 1
        if kind == "unkeyed":
            key = shape(text)
            missing[key] += 1
            tables_of[key] = touched
        elif kind == "keyed" and len(sharding.REFERENCE.findall(text)) > 1:
            counted["joins"] += 1  # more than one table: are the distributed ones co-located?
            if not sharding.colocated(text, kinds):
                apart[shape(text)] += 1
    total = sum(counted.values())
    keyed, unkeyed = counted["keyed"], counted["unkeyed"]
    by_kind = Counter(kinds.values())
    print(f"\nStatements: {total} from requests, {worker} from the background worker (set apart).")
    print(
        f"Tables: {by_kind['site']} distributed by site, {by_kind['person']} by person,"
        f" {by_kind['reference']} reference, {by_kind['site-owned']} site-owned without the key"
    )
    for label, n in (
        ("name their key", keyed),
        ("touch reference tables only", counted["reference"]),
        ("do not name their key", unkeyed),
    ):
        print(f"  {label:<30} {n:>8}  ({100 * n / max(total, 1):.1f} %)")
    print(
        f"Of the {keyed + unkeyed} statements on distributed data, {keyed}"
        f" ({100 * keyed / max(keyed + unkeyed, 1):.1f} %) name their key."
    )
    joined_apart = sum(apart.values())
    print(
        f"Of the {counted['joins']} keyed statements that read more than one table,"
        f" {counted['joins'] - joined_apart} join their distributed tables on the site"
        f" (each names its site or is joined on it); {joined_apart} do not."
    )
    by_table: Counter = Counter()
    for key, n in missing.items():
        for table in tables_of[key]:
            by_table[table] += n
    print("\nStatements without the key, by table:")
    for table, n in by_table.most_common():
        print(f"  {table:<44} {n:>7}  {kinds[table]}")
    print(f"\nThe {args.show} most frequent shapes without the key:")
    for key, n in sorted(missing.items(), key=lambda kv: -kv[1])[: args.show]:
        where = key.find(" WHERE ")
        shown = f"{key[:140]} …{key[where:][:260]}" if where > 140 else key[:400]
        print(f"  {n:>6} × {shown}")
    if apart:
        print(f"\nThe {args.show} most frequent shapes joined off the site:")
        for key, n in sorted(apart.items(), key=lambda kv: -kv[1])[: args.show]:
            where = key.find(" WHERE ")
            shown = f"{key[:200]} …{key[where:][:200]}" if where > 200 else key[:400]
            print(f"  {n:>6} × {shown}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sitekey", description=__doc__.split("\n\n")[0]
    )
    load.people_arguments(parser, users=20, minutes=3)
    parser.add_argument("--show", type=int, default=25)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
