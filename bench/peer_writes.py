"""The single request beside the peer (issue 15, target 1): a call logged and dispatched as one
request (登记并派工, ``POST /api/v1/servicedesk/forms/log-and-dispatch/``) against
django-helpdesk's ticket create (``POST /api/tickets/``), over HTTP, in alternating windows.

    .venv/bin/python -m bench.peer_writes --harness DIR --scratch /tmp/peers [--database sqlite]
        [--orders 100000] [--run 1] [--window 20] [--windows 3]

Uses what ``bench.peers`` left in ``--scratch``: the run's copies of both databases
(``peers_ic_<orders>_run<k>``, ``peers_hd_<orders>_run<k>``), their scenes (who logs in, the
resident, the department written to) and the peer's virtualenv. It starts both projects under
gunicorn with 2 sync workers on free 127.0.0.1 ports, as the harness's ``run.sh`` does, and
times the two writes with the harness's own client (``compare/ab.py``: its log-in, CSRF and
alternating ``windows``, helpdesk first, then Infocenter twice, then helpdesk …), with 1 client
thread (2 windows of ``--window``/2 s each) and 2 client threads (``--windows`` windows of
``--window`` s each). Printed: median and p95 latency per side, calls per second, and the ratios
Infocenter ÷ helpdesk; the whole result is written to ``writes-<label>.json`` in the scratch
folder. ``bench.peers`` runs it after each of its runs unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.loopback import free_port, wait_up

ROOT = Path(__file__).resolve().parent.parent
ONE = "/api/v1/servicedesk/forms/log-and-dispatch/"


def harness_client(harness: Path):
    """The harness's ``compare/ab.py`` as a module (it reads ``IC_DIR`` when imported)."""
    os.environ.setdefault("IC_DIR", str(ROOT))
    spec = importlib.util.spec_from_file_location("peer_ab", harness / "compare" / "ab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_request(ic) -> callable:
    """Infocenter's write as one request: the same call as the harness's two steps (the scene's
    resident, a repair, dispatched to the scene's write department with its assistant)."""
    proc, s = ic.processor(), ic.scene

    def f(i):
        st, body, dt = proc.json_post(
            ONE,
            {
                "site": s["site"],
                "source": "phone",
                "reporter_kind": s["resident"]["kind"],
                "reporter_name": s["resident"]["name"],
                "reporter_phone": s["resident"]["phone"],
                "category": "repair",
                "content": f"AB 对比测试：卫生间漏水 {i}",
                "room": s["resident"]["room"],
                "department": s["write_department"],
                "assistant": s["assistant"],
                "instructions": "AB 对比测试",
            },
        )
        return st == 201, (st if st == 201 else f"{st} {body[:120]!r}"), {}, dt

    return f


def start(cmd: list, env: dict, log: Path, cwd: Path, *, drop=()) -> subprocess.Popen:
    """``cmd`` in ``cwd`` with ``env`` over ours, less the variables in ``drop``."""
    environ = {k: v for k, v in {**os.environ, **env}.items() if k not in drop}
    with log.open("w") as out:
        return subprocess.Popen(
            [str(c) for c in cmd], env=environ, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )


def measure(
    harness: Path,
    scratch: Path,
    hd_venv: Path,
    *,
    ic_url: str,
    hd_target: str,
    ic_scene: Path,
    hd_scene: Path,
    label: str,
    window: float = 20,
    count: int = 3,
) -> dict:
    """Start both servers on their run's databases, time the two writes, stop the servers."""
    ab = harness_client(harness)
    hd_port, ic_port = free_port(), free_port()
    (scratch / "logs").mkdir(exist_ok=True)
    hd_env = {"PEER_DATA_DIR": str(scratch)}
    if hd_target.startswith("postgres"):
        hd_env["DATABASE_URL"] = hd_target
    else:  # helpdesk reads DATABASE_URL before its SQLite path: it must not see ours
        hd_env["HELPDESK_SQLITE_PATH"] = hd_target
    gunicorn = ["-w", "2", "--timeout", "300", "--log-level", "warning"]
    servers = [
        start(
            [hd_venv / "bin/gunicorn", "peerdesk.wsgi:application", "-b", f"127.0.0.1:{hd_port}"]
            + gunicorn,
            hd_env,
            scratch / "logs" / "writes-hd.log",
            harness / "django-helpdesk",
            drop=() if "DATABASE_URL" in hd_env else ("DATABASE_URL",),
        ),
        start(
            [
                ROOT / ".venv/bin/gunicorn",
                "infocenter.wsgi:application",
                "-b",
                f"127.0.0.1:{ic_port}",
            ]
            + gunicorn,
            {"DATABASE_URL": ic_url, "INFOCENTER_VAR_DIR": str(scratch / "var")},
            scratch / "logs" / "writes-ic.log",
            ROOT,
        ),
    ]
    try:
        wait_up(hd_port, "/login/", servers[0])
        wait_up(ic_port, "/login/", servers[1])
        hd = ab.Helpdesk(f"http://127.0.0.1:{hd_port}", json.loads(hd_scene.read_text()))
        ic = ab.Infocenter(f"http://127.0.0.1:{ic_port}", json.loads(ic_scene.read_text()))
        result = {
            "label": label,
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "load_start": ab.load_avg(),
            "ic": "POST " + ONE,
            "hd": "POST /api/tickets/",
        }
        print(f"[{label}] one request (登记并派工) vs helpdesk's ticket create", flush=True)
        result["write_c1"] = ab.windows(
            "one c1", {"hd": hd.create(), "ic": one_request(ic)}, 1, window / 2, 2
        )
        result["write_c2"] = ab.windows(
            "one c2", {"hd": hd.create(), "ic": one_request(ic)}, 2, window, count
        )
        result["load_end"] = ab.load_avg()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    out = scratch / f"writes-{label}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(table(result))
    print(f"  -> {out}")
    return result


def measure_run(args, ic, hd, label: str, **timing) -> dict:
    """``measure`` on one run's databases (``bench.peers.Side``) and scenes."""
    return measure(
        args.harness,
        args.scratch,
        args.hd_venv,
        ic_url=ic.url,
        hd_target=hd.target,
        ic_scene=args.scratch / f"scene-ic-{ic.stem}.json",
        hd_scene=args.scratch / f"scene-hd-{hd.stem}.json",
        label=label,
        **timing,
    )


def table(result: dict) -> str:
    """The result as the Markdown rows quoted in docs/benchmarks.md."""
    lines = [
        "| clients | helpdesk median / p95 ms | Infocenter median / p95 ms | latency ratio"
        " | helpdesk / Infocenter calls/s | throughput ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in ("write_c1", "write_c2"):
        r = result[key]
        hd, ic = r["hd"], r["ic"]
        lines.append(
            f"| {r['clients']} | {hd['median_ms']} / {hd['p95_ms']} | {ic['median_ms']} /"
            f" {ic['p95_ms']} | {ic['median_ms'] / hd['median_ms']:.2f} | {hd['per_s']} /"
            f" {ic['per_s']} | {ic['per_s'] / hd['per_s']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bench.peers import Side, harness_arguments

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness_arguments(p)
    p.add_argument("--run", type=int, default=1, help="whose copies of the databases (default 1)")
    p.add_argument("--window", type=float, default=20, help="seconds per window with 2 clients")
    p.add_argument("--windows", type=int, default=3, help="windows per side with 2 clients")
    args = p.parse_args(argv)
    args.harness, args.scratch = args.harness.resolve(), args.scratch.resolve()
    ic, hd = Side(args, "ic", args.orders, args.run), Side(args, "hd", args.orders, args.run)
    if not (ic.exists() and hd.exists()):
        p.error(f"no run {args.run} in {args.scratch}: run python -m bench.peers first")
    measure_run(
        args,
        ic,
        hd,
        f"{args.database}-{args.orders}-{time.strftime('%Y%m%d-%H%M')}-run{args.run}",
        window=args.window,
        count=args.windows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
