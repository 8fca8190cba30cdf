"""Does every query a request makes carry the site key? (issue 17, item 7: the design for a
group of thousands of sites on PostgreSQL distributed by ``site_id``, docs/scaling.md)

    .venv/bin/python -m bench.sitekey [--users 20] [--minutes 3] [--show 25]

On a PostgreSQL cluster of its own (``bench.standby.Cluster``) logging every statement with the
process that sent it, it loads the demo and runs the load drill's people (``bench.load``), then
reads the log. The background worker's statements (it scans every site's clocks and messages on
purpose) are set apart by their process; every other statement came from a request.

The tables are sorted as a distributed database (Citus) would hold them:

- **distributed** (``site_id``): sharded by site; a statement on them should name its site,
  ``site_id = …`` (or ``IN`` one site's id), or insert the row with its ``site_id``, so that it
  goes to one shard;
- **site-owned, no key**: no ``site_id`` but a foreign key to a distributed table (a work
  order's photos, a form's callbacks): to be co-located they need the column first;
- **reference**: neither (people, roles, the organisation, sessions): copied to every node, any
  statement on them is local.

It prints, for the requests' statements, how many touch distributed or site-owned tables and
how many of those name the site, then the statement shapes (literals folded to ``?``) that do
not, most frequent first, with the tables they touch.
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

TABLE = re.compile(r'\b(?:FROM|JOIN|UPDATE|INTO)\s+"(\w+)"', re.I)
SITE_KEY = re.compile(r'"site_id"\s*(?:=|IN\s*\()|"site_id"\)?\s*=\s*ANY', re.I)
INSERT_COLUMNS = re.compile(r'^INSERT INTO\s+"\w+"\s*\(([^)]*)\)', re.I)
# simple protocol ("statement: …") or extended ("execute <unnamed>: …")
MESSAGE = re.compile(r"(?:statement|execute [^:]*): ")
LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def shape(statement: str) -> str:
    folded = LITERAL.sub("?", statement)
    folded = re.sub(r"\(\?(?:,\s*\?)+\)", "(?…)", folded)
    return re.sub(r"\s+", " ", folded).strip()


def carries_key(statement: str) -> bool:
    if SITE_KEY.search(statement):
        return True
    columns = INSERT_COLUMNS.match(statement.strip())
    return bool(columns and '"site_id"' in columns.group(1))


def classify(cluster: Cluster, database: str) -> tuple[set, set]:
    """(distributed, site-owned without the key) table names."""
    distributed = set(
        cluster.sql(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND column_name = 'site_id'",
            database,
        ).split()
    )
    edges = cluster.sql(
        "SELECT tc.table_name || ' ' || ccu.table_name"
        " FROM information_schema.table_constraints tc"
        " JOIN information_schema.constraint_column_usage ccu"
        "   ON ccu.constraint_name = tc.constraint_name"
        " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'",
        database,
    ).splitlines()
    owned: set[str] = set()
    grew = True
    while grew:  # a room's unit's building is the site's: follow the chain
        grew = False
        for edge in edges:
            child, parent = edge.split()
            if child not in distributed | owned and parent in distributed | owned:
                owned.add(child)
                grew = True
    return distributed, owned


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
        distributed, owned = classify(cluster, "infocenter_sitekey")
        worker_pids = _worker_backends(cluster.dir / "log" / "statements.csv")
        found, worker = statements(cluster.dir / "log" / "statements.csv", worker_pids)
        return report(args, found, worker, distributed, owned) or load_status
    finally:
        cluster.stop("immediate")
        shutil.rmtree(scratch, ignore_errors=True)


def _worker_backends(log: Path) -> set[str]:
    """The server processes that served the background worker: those that ran its claim of
    the earliest due clock (``FOR UPDATE SKIP LOCKED`` on the deadlines)."""
    pids = set()
    with log.open(newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) > 13 and "SKIP LOCKED" in row[13]:
                pids.add(row[3])
    return pids


def report(args, found: list[str], worker: int, distributed: set, owned: set) -> int:
    kinds: Counter = Counter()
    missing: dict[str, int] = defaultdict(int)
    tables_of: dict[str, set] = {}
    for text in found:
        tables = set(TABLE.findall(text))
        if not tables & (distributed | owned):
            kinds["reference tables only"] += 1
            continue
        if carries_key(text):
            kinds["names its site"] += 1
            continue
        kinds["does not name its site"] += 1
        key = shape(text)
        missing[key] += 1
        tables_of[key] = tables & (distributed | owned)
    total = sum(kinds.values())
    site_bound = kinds["names its site"] + kinds["does not name its site"]
    print(f"\nStatements: {total} from requests, {worker} from the background worker (set apart).")
    print(
        f"Tables: {len(distributed)} distributed (site_id), {len(owned)} site-owned without"
        f" the key: {', '.join(sorted(owned))}"
    )
    for kind, n in kinds.most_common():
        print(f"  {kind:<26} {n:>8}  ({100 * n / max(total, 1):.1f} %)")
    print(
        f"Of the {site_bound} statements on site data, {kinds['names its site']}"
        f" ({100 * kinds['names its site'] / max(site_bound, 1):.1f} %) name their site."
    )
    by_table: Counter = Counter()
    for key, n in missing.items():
        for table in tables_of[key]:
            by_table[table] += n
    print("\nStatements without the site key, by table:")
    for table, n in by_table.most_common():
        tag = "distributed" if table in distributed else "site-owned, no key"
        print(f"  {table:<44} {n:>7}  {tag}")
    print(f"\nThe {args.show} most frequent shapes without the site key:")
    for key, n in sorted(missing.items(), key=lambda kv: -kv[1])[: args.show]:
        print(f"  {n:>6} × {key[:300]}")
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
