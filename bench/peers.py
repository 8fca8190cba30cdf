"""Infocenter beside django-helpdesk 2.6.1, from one command: the interleaved HTTP comparison
of issue 15 (lists, detail pages, writes, a bare-Django floor) and Infocenter at two sizes.

    .venv/bin/python -m bench.peers --harness DIR --scratch /tmp/peers [--database sqlite|postgres]
        [--orders 100000] [--small 10000] [--runs 3] [--no-write]

``--harness`` is the comparison harness (its ``compare/`` and ``django-helpdesk/`` folders, whose
README describes each measurement); it is not part of this repository. Everything is written
under ``--scratch``: both projects' databases (generated once, reused by later runs), the
helpdesk virtualenv's marker, the scenes, the results and the servers' logs. Each run measures on
a fresh copy of the generated databases, because the write test adds tickets and orders. The
steps, each skipped when its output exists:

1. the peer's virtualenv (``django-helpdesk/setup.sh``);
2. Infocenter's databases at ``--orders`` and ``--small`` (``bench.generate``) and helpdesk's
   at ``--orders`` tickets (its ``gen.py``);
3. the scenes (``ab.py scene-ic`` / ``scene-hd``: who logs in, which records are opened);
4. ``--runs`` runs of ``run.sh compare`` (helpdesk vs Infocenter), each followed by
   ``bench.peer_writes`` (the single request 登记并派工 beside the peer's ticket create, which
   the harness does not time), and one ``run.sh scale``;
5. ``ab.py report`` over the results: the tables quoted in docs/benchmarks.md.

On PostgreSQL (127.0.0.1:5432, user postgres) the databases are ``peers_ic_<n>`` and
``peers_hd_<n>`` (and ``…_run<k>`` copies made with ``CREATE DATABASE … TEMPLATE``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import peer_writes

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"


def sh(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, env={**os.environ, **(env or {})}, cwd=cwd)


def psql(sql: str) -> None:
    sh(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql])


class Side:
    """Where one database of one project lives, on SQLite or PostgreSQL."""

    def __init__(self, args, project: str, size: int, run: int | None = None):
        self.args, self.project, self.size, self.run = args, project, size, run
        suffix = f"_run{run}" if run is not None else ""
        self.name = f"peers_{project}_{size}{suffix}"

    @property
    def pg(self) -> bool:
        return self.args.database == "postgres"

    @property
    def target(self) -> str:
        """What run.sh takes: a file path or a postgres URL."""
        return PG + self.name if self.pg else str(self.args.scratch / f"{self.name}.sqlite3")

    @property
    def stem(self) -> str:
        """The name its scene files carry (``scene-ic-<stem>.json``), as run.sh expects."""
        return self.name if self.pg else Path(self.target).stem

    @property
    def url(self) -> str:
        return self.target if self.pg else "sqlite:///" + self.target

    def exists(self) -> bool:
        if self.pg:
            out = subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-tAc",
                    f"select 1 from pg_database where datname = '{self.name}'",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            return out.stdout.strip() == "1"
        return Path(self.target).exists()

    def copy_from(self, source: Side) -> None:
        if self.pg:
            psql(f'drop database if exists "{self.name}"')
            psql(f'create database "{self.name}" template "{source.name}"')
        else:
            for ext in ("", "-wal", "-shm"):
                src = Path(source.target + ext)
                if src.exists():
                    shutil.copyfile(src, self.target + ext)


def generate(args, venv_hd: Path) -> None:
    ic_env = {"INFOCENTER_VAR_DIR": str(args.scratch / "var")}
    for size in (args.orders, args.small):
        side = Side(args, "ic", size)
        if not side.exists():
            if side.pg:
                psql(f'create database "{side.name}"')
            sh(
                [
                    ROOT / ".venv/bin/python",
                    "-m",
                    "bench.generate",
                    "--orders",
                    size,
                    "--database-url",
                    side.url,
                ],
                env=ic_env,
                cwd=ROOT,
            )
    hd = Side(args, "hd", args.orders)
    if not hd.exists():
        if hd.pg:
            psql(f'create database "{hd.name}"')
            env = {"DATABASE_URL": hd.url}
        else:
            env = {"HELPDESK_SQLITE_PATH": hd.target}
        sh(
            [venv_hd / "bin/python", "gen.py", "--tickets", args.orders],
            env=env,
            cwd=args.harness / "django-helpdesk",
        )


def harness_arguments(p: argparse.ArgumentParser) -> None:
    """What ``bench.peers`` and ``bench.peer_writes`` both take: the harness, the scratch
    folder, the database kind, the size and the peer's virtualenv."""
    p.add_argument("--harness", type=Path, required=True)
    p.add_argument("--scratch", type=Path, required=True)
    p.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--orders", type=int, default=100_000)
    p.add_argument("--hd-venv", type=Path, default=Path("/tmp/peer-helpdesk-venv"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness_arguments(p)
    p.add_argument("--small", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    args.harness, args.scratch = args.harness.resolve(), args.scratch.resolve()
    compare = args.harness / "compare"
    if not (compare / "run.sh").exists():
        p.error(f"{args.harness} has no compare/run.sh")
    args.scratch.mkdir(parents=True, exist_ok=True)
    (args.scratch / "var").mkdir(exist_ok=True)
    if not (args.hd_venv / "bin/gunicorn").exists():
        sh([args.harness / "django-helpdesk/setup.sh"], env={"VENV": str(args.hd_venv)})
    generate(args, args.hd_venv)
    sh(
        [ROOT / ".venv/bin/infocenter", "collectstatic", "--noinput", "-v", "0"],
        env={"INFOCENTER_VAR_DIR": str(args.scratch / "var")},
        cwd=ROOT,
    )

    started = time.strftime("%Y%m%d-%H%M")
    outputs = []
    base = {
        "IC_DIR": str(ROOT),
        "HD_VENV": str(args.hd_venv),
        "OUT": str(args.scratch),
        "INFOCENTER_VAR_DIR": str(args.scratch / "var"),
    }
    if args.no_write:
        base["NO_WRITE"] = "1"
    for run in range(1, args.runs + 1):
        ic, hd = Side(args, "ic", args.orders, run), Side(args, "hd", args.orders, run)
        ic.copy_from(Side(args, "ic", args.orders))
        hd.copy_from(Side(args, "hd", args.orders))
        scene(args, ic, hd, compare)
        label = f"{args.database}-{args.orders}-{started}-run{run}"
        sh([compare / "run.sh", "compare", label, hd.target, ic.target], env=base)
        outputs.append(args.scratch / f"ab-{label}.json")
        if not args.no_write:  # the single request (登记并派工) beside the peer's create
            peer_writes.measure_run(args, ic, hd, label)
    small, large = Side(args, "ic", args.small, 1), Side(args, "ic", args.orders, 1)
    small.copy_from(Side(args, "ic", args.small))
    scene(args, small, None, compare)
    label = f"{args.database}-{args.small}-{args.orders}-{started}"
    sh([compare / "run.sh", "scale", label, small.target, large.target], env=base)
    outputs.append(args.scratch / f"scale-{label}.json")
    sh([args.hd_venv / "bin/python", compare / "ab.py", "report", *outputs], env=base)
    return 0


def scene(args, ic: Side, hd: Side | None, compare: Path) -> None:
    """The people and records each run uses, named after the database as run.sh expects."""
    base = {"IC_DIR": str(ROOT), "INFOCENTER_VAR_DIR": str(args.scratch / "var")}
    stem = ic.stem
    sh(
        [
            ROOT / ".venv/bin/python",
            compare / "ab.py",
            "scene-ic",
            "--out",
            args.scratch / f"scene-ic-{stem}.json",
        ],
        env={**base, "DATABASE_URL": ic.url},
        cwd=ROOT,
    )
    if hd is None:
        return
    env = {**base, "PEER_DATA_DIR": str(args.scratch)}
    env.update({"DATABASE_URL": hd.url} if hd.pg else {"HELPDESK_SQLITE_PATH": hd.target})
    stem = hd.stem
    sh(
        [
            args.hd_venv / "bin/python",
            compare / "ab.py",
            "scene-hd",
            "--out",
            args.scratch / f"scene-hd-{stem}.json",
        ],
        env=env,
        cwd=args.harness / "django-helpdesk",
    )


if __name__ == "__main__":
    sys.exit(main())
