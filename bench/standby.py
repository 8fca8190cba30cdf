"""A PostgreSQL primary and its hot standby on 127.0.0.1 (issue 17, item 7): two clusters of
this machine's PostgreSQL, the standby kept by streaming replication, for the standby router
(``core.standby``) and the failover drill.

    .venv/bin/python -m bench.standby up [--scratch DIR] [--sync]   two clusters, left running
    .venv/bin/python -m bench.standby down [--scratch DIR]          stop them, remove DIR
    .venv/bin/python -m bench.standby drill [--users 50] [--minutes 4] [--crash-after 90]
    .venv/bin/python -m bench.standby carry [--users 50] [--minutes 5]

``up`` prints the two database addresses for ``DATABASE_URL`` and ``INFOCENTER_STANDBY_URL``.
With ``--sync`` the primary waits for the standby to have each commit on disk before it
answers (``synchronous_standby_names``), so a write acknowledged is on both.

``drill`` is the failover drill: the load drill's people work against ``infocenter serve`` on
the primary with synchronous replication and their reports on the standby; at a random moment
after ``--crash-after`` seconds the primary crashes (``pg_ctl stop -m immediate``: no shutdown,
no last checkpoint), the standby is promoted (``pg_ctl promote``) and ``infocenter serve`` is
started again pointed at it; the people go on until the end. Afterwards every write a client
got a success for is on the new primary, and ``audit verify`` passes there. It prints how long
the site could not write and how many requests failed meanwhile.

``carry`` is the load drill (``bench.load``) against the primary with the reports, dashboards
and exports on the standby: what one PostgreSQL with a standby carries, and how much of the
reading the standby took (statements and rows on each, from ``pg_stat_database``).

As root (a CI machine) the clusters run as the ``postgres`` user, as PostgreSQL requires.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load
from bench.chaos import Server, acknowledged
from bench.load import BIN, install, locust_command, people_arguments, scene
from bench.loopback import free_port

# the newest PostgreSQL of Debian's packages on this machine (None: none installed)
_VERSIONS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
PGBIN = Path(_VERSIONS[-1]) if _VERSIONS else None
ROOT_USER = os.geteuid() == 0


def _as_postgres(argv: list) -> list:
    return (
        ["runuser", "-u", "postgres", "--", *map(str, argv)] if ROOT_USER else list(map(str, argv))
    )


class Cluster:
    """One PostgreSQL cluster in ``root/name`` on a port of 127.0.0.1."""

    def __init__(self, root: Path, name: str, port: int | None = None):
        self.root, self.name = root, name
        self.dir = root / name
        self.port = port or free_port()

    def run(self, tool: str, *args, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(_as_postgres([PGBIN / tool, *args]), capture_output=True, text=True)
        if check and done.returncode:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr[-2000:]}")
        return done

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def settings(self, **values) -> None:
        with (self.dir / "postgresql.conf").open("a") as conf:
            for key, value in values.items():
                conf.write(
                    f"{key} = {value!r}\n" if isinstance(value, str) else f"{key} = {value}\n"
                )

    def init(self, *, sync_with: str | None = None) -> None:
        self.run(
            "initdb",
            "-D",
            self.dir,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-instructions",
        )
        self.settings(
            port=self.port,
            listen_addresses="127.0.0.1",
            unix_socket_directories=str(self.dir),
            cluster_name=self.name,
            wal_level="replica",
            max_wal_senders=10,
            wal_keep_size="512MB",
            hot_standby="on",
            max_connections=200,
            shared_buffers="256MB",
        )
        if sync_with:
            self.settings(synchronous_standby_names=sync_with, synchronous_commit="on")

    def copy_of(self, primary: Cluster) -> None:
        """A standby of ``primary``: its base backup, replaying its WAL from then on."""
        self.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            primary.port,
            "-U",
            "postgres",
            "-D",
            self.dir,
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        self.settings(
            port=self.port,
            unix_socket_directories=str(self.dir),
            cluster_name=self.name,
            synchronous_standby_names="",
        )

    def start(self) -> None:
        self.run("pg_ctl", "-D", self.dir, "-l", self.dir / "server.log", "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", self.dir, "-m", mode, "-w", "stop", check=False)

    def crash(self) -> None:
        """As a machine losing power: every server process ends at once, nothing flushed."""
        self.stop("immediate")

    def promote(self) -> None:
        self.run("pg_ctl", "-D", self.dir, "-w", "promote")

    def sql(self, statement: str, database: str = "postgres") -> str:
        done = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-Atqc",
                statement,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()


class Pair:
    """A primary and its hot standby under one scratch folder."""

    def __init__(self, scratch: Path | None = None, *, sync: bool = False):
        if scratch is None:
            scratch = Path(tempfile.mkdtemp(prefix="infocenter-standby-", dir="/tmp"))
        self.scratch = scratch
        self.sync = sync
        self.primary = Cluster(scratch, "primary")
        self.standby = Cluster(scratch, "standby")

    def up(self) -> Pair:
        self.scratch.mkdir(parents=True, exist_ok=True)
        if ROOT_USER:
            shutil.chown(self.scratch, "postgres", "postgres")
        self.primary.init(sync_with="standby" if self.sync else None)
        self.primary.start()
        self.standby.copy_of(self.primary)
        self.standby.start()
        self.wait_streaming()
        return self

    def wait_streaming(self, timeout: float = 60) -> None:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if (
                self.primary.sql(
                    "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                )
                == "1"
            ):
                return
            time.sleep(0.2)
        raise RuntimeError("the standby did not start streaming")

    def caught_up(self, timeout: float = 60) -> None:
        """Until the standby has replayed everything the primary wrote so far."""
        lsn = self.primary.sql("SELECT pg_current_wal_lsn()")
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if self.standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'") == "t":
                return
            time.sleep(0.1)
        raise RuntimeError("the standby did not catch up")

    def down(self) -> None:
        self.standby.stop("immediate")
        self.primary.stop("immediate")
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self.up()

    def __exit__(self, *exc):
        self.down()


# -- the drills ---------------------------------------------------------------------------------


def _installation(pair: Pair, scratch: Path, database: str) -> dict:
    pair.primary.sql(f"CREATE DATABASE {database}")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "INFOCENTER_VAR_DIR": str(scratch / "var"),
        "INFOCENTER_DEV": "true",
        "DATABASE_URL": pair.primary.url(database),
        "INFOCENTER_STANDBY_URL": pair.standby.url(database),
    }
    install(env)
    return env


def _locust(port: int, args, scene_json: str, scratch: Path, acks: Path, failures: Path):
    return subprocess.Popen(
        locust_command(args, port, scratch / "load", "ERROR"),
        env={
            **os.environ,
            "LOAD_SCENE": scene_json,
            "LOAD_ACKS": str(acks),
            "LOAD_FAILURES": str(failures),
        },
        stdout=subprocess.DEVNULL,
    )


def drill(args) -> int:
    """The failover drill (see the module's text)."""
    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="infocenter-failover-", dir="/tmp"))
    scratch.chmod(0o755)  # the clusters' user passes through
    pair = Pair(scratch / "pg", sync=True).up()
    server = None
    try:
        env = _installation(pair, scratch, "infocenter_failover")
        scene_json = json.dumps(scene(env))
        server = Server(env, free_port(), scratch / "serve.log")
        server.start()
        acks, failures = scratch / "acks.jsonl", scratch / "failures.jsonl"
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        locust = _locust(server.port, args, scene_json, scratch, acks, failures)
        crash_in = rng.uniform(args.crash_after, args.crash_after + 30)
        print(
            f"{args.users} users for {args.minutes} min; the primary crashes in {crash_in:.0f} s",
            flush=True,
        )
        time.sleep(crash_in)
        crashed_at = time.time()
        pair.primary.crash()
        print("  primary crashed; promoting the standby", flush=True)
        pair.standby.promote()
        promoted_at = time.time()
        # point the site at the new primary: the database address changes, no standby for now
        server.stop()
        server.env = {**env, "DATABASE_URL": pair.standby.url("infocenter_failover")}
        server.env.pop("INFOCENTER_STANDBY_URL")
        server.start()
        back_at = time.time()
        print(
            f"  serving on the new primary {back_at - crashed_at:.1f} s after the crash", flush=True
        )
        locust.wait()
        found = acknowledged(server.env, acks)
        server.stop()
        audit = subprocess.run(
            [BIN / "infocenter", "audit", "verify"], env=server.env, capture_output=True, text=True
        )
        failed = [json.loads(line) for line in failures.open()] if failures.exists() else []
        during = [f for f in failed if crashed_at - 1 <= f["at"] <= back_at + 5]
        outside = [f for f in failed if f not in during]
        print(
            f"\nFailover drill · PostgreSQL {PGBIN.parent.name}, synchronous replication · "
            f"{started} · {platform.node()} · {os.cpu_count()} CPUs"
        )
        print(
            f"crash → standby promoted {promoted_at - crashed_at:.1f} s; → serving again"
            f" {back_at - crashed_at:.1f} s"
        )
        print(
            f"requests failed during the failover {len(during)}; failed outside it {len(outside)}"
        )
        for f in outside[:10]:
            print("   ", f)
        print(
            f"acknowledged writes {found['acks']} ({found['forms']} forms, {found['orders']}"
            f" orders), acknowledged before the crash"
            f" {sum(1 for a in _acks(acks) if a['at'] < crashed_at)}; lost {len(found['lost'])}"
            + (f": {found['lost'][:10]}" if found["lost"] else "")
        )
        print(
            f"audit verify on the new primary: exit {audit.returncode} "
            f"{audit.stdout.strip()[-200:]}"
        )
        return 1 if found["lost"] or outside or audit.returncode else 0
    finally:
        if server is not None:
            server.stop()
        pair.down()
        shutil.rmtree(scratch, ignore_errors=True)


def _acks(path: Path):
    return [json.loads(line) for line in path.open()] if path.exists() else []


def carry(args) -> int:
    """The load drill against a primary with its reports on the standby."""
    scratch = Path(tempfile.mkdtemp(prefix="infocenter-carry-", dir="/tmp"))
    scratch.chmod(0o755)  # the clusters' user passes through
    pair = Pair(scratch / "pg").up()
    try:
        env = _installation(pair, scratch, "infocenter_carry")
        before = {c.name: _stats(c) for c in (pair.primary, pair.standby)}
        args.scratch, args.database = scratch / "load", "postgres"
        args.scratch.mkdir()
        status = load.drive(args, env)
        after = {c.name: _stats(c) for c in (pair.primary, pair.standby)}
        print("\nwhere the reading went (pg_stat_database, during the run):")
        for name in after:
            delta = {k: after[name][k] - before[name][k] for k in after[name]}
            print(
                f"  {name:<8} transactions {delta['xact_commit']:>8}, rows returned"
                f" {delta['tup_returned']:>12}, rows fetched {delta['tup_fetched']:>10},"
                f" blocks read {delta['blks_hit'] + delta['blks_read']:>10}"
            )
        lag = pair.primary.sql(
            "SELECT coalesce(max(extract(epoch FROM replay_lag)), 0) FROM pg_stat_replication"
        )
        print(f"  standby replay lag at the end {float(lag):.3f} s")
        return status
    finally:
        pair.down()
        shutil.rmtree(scratch, ignore_errors=True)


def _stats(cluster: Cluster) -> dict:
    row = cluster.sql(
        "SELECT xact_commit, tup_returned, tup_fetched, blks_hit, blks_read"
        " FROM pg_stat_database WHERE datname = 'infocenter_carry'"
    ).split("|")
    return dict(
        zip(
            ("xact_commit", "tup_returned", "tup_fetched", "blks_hit", "blks_read"),
            map(int, row),
            strict=True,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.standby", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start a primary and a hot standby, left running")
    up.add_argument("--scratch", type=Path, default=Path("/tmp/infocenter-standby"))
    up.add_argument("--sync", action="store_true", help="synchronous replication")
    down = sub.add_parser("down", help="stop the two clusters and remove them")
    down.add_argument("--scratch", type=Path, default=Path("/tmp/infocenter-standby"))
    for name, minutes in (("drill", 4.0), ("carry", 5.0)):
        p = sub.add_parser(name)
        people_arguments(p, minutes=minutes)
        p.add_argument("--seed", type=int, default=20261204)
        p.add_argument("--crash-after", type=float, default=90)
    args = parser.parse_args(argv)
    if args.command == "up":
        pair = Pair(args.scratch.resolve(), sync=args.sync).up()
        print(f"DATABASE_URL={pair.primary.url()}\nINFOCENTER_STANDBY_URL={pair.standby.url()}")
        print(f"(stop them with: python -m bench.standby down --scratch {pair.scratch})")
        return 0
    if args.command == "down":
        pair = Pair(args.scratch.resolve())
        pair.down()
        return 0
    return drill(args) if args.command == "drill" else carry(args)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
