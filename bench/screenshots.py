"""The README's pictures (``make screenshots``): a fresh demo database in a temporary directory,
the server on a free port of 127.0.0.1, Debian's Chromium (through Playwright) logged in as the
demo's people, and a PNG of each main page written to docs/screenshots/ (1280 px wide, reduced
to a 256-colour palette to stay small).

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
                                          [--var DIR]  (keep and reuse the demo database)
"""

import argparse
import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Infocenter@2026"
WIDE, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 740}

# (file, who, what: a path, or a callable(base_url, page) that finds it, viewport)
SHOTS = [
    ("home-processor.png", "wangfang", "/", WIDE),
    ("intake.png", "wangfang", "/servicedesk/intake/", WIDE),
    ("department-inbox.png", "zhangwei", "/servicedesk/inbox/", WIDE),
    ("work-order.png", "lina", "order:陈美玲", WIDE),
    ("dashboard.png", "liuting", "/servicedesk/dashboard/?days=90", WIDE),
    ("machineroom-approvals.png", "zhouming", "/machineroom/approvals/", WIDE),
    ("order-print-a4.png", "wangfang", "print:刘建国", {"width": 1280, "height": 1100}),
    ("technician-375.png", "zhaoqiang", "/", PHONE),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--chromium",
        default=os.environ.get("INFOCENTER_CHROMIUM")
        or shutil.which("chromium")
        or "/usr/bin/chromium",
    )
    parser.add_argument(
        "--var",
        type=Path,
        help="keep the demo database in this directory and reuse it next time (default: a "
        "temporary directory, removed after)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.var:
        args.var.mkdir(parents=True, exist_ok=True)
    with contextlib.nullcontext(args.var) if args.var else _temporary() as var:
        env = {**os.environ, "INFOCENTER_VAR_DIR": str(var), "INFOCENTER_DEV": "true"}
        env.pop("DATABASE_URL", None)
        infocenter = str(BIN / "infocenter")
        for command in (["migrate", "--noinput", "-v", "0"], ["demo"]):
            print("infocenter", *command, flush=True)
            subprocess.run([infocenter, *command], env=env, check=True, stdout=subprocess.DEVNULL)
        orders = _order_ids(env)
        port = _free_port()
        server = subprocess.Popen(
            [infocenter, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            _shoot(base, orders, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


def _temporary():
    return tempfile.TemporaryDirectory(prefix="infocenter-screenshots-")


def _order_ids(env) -> dict[str, int]:
    """The work order of each demo caller named in SHOTS (read from the fresh database)."""
    code = (
        "from infocenter.servicedesk.models import WorkOrder\n"
        "for name in ('陈美玲', '刘建国'):\n"
        "    o = WorkOrder.objects.filter(form__reporter_name=name).order_by('-pk').first()\n"
        "    print(name, o.pk)\n"
    )
    found = subprocess.run(
        [str(BIN / "infocenter"), "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [line.split() for line in found.splitlines()]
    return {row[0]: int(row[1]) for row in rows if len(row) == 2 and row[1].isdigit()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(base: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {base}")


def _path(what: str, orders: dict[str, int]) -> str:
    if what.startswith("order:"):
        return f"/servicedesk/orders/{orders[what[6:]]}/"
    if what.startswith("print:"):
        return f"/servicedesk/orders/{orders[what[6:]]}/print/"
    return what


def _shoot(base: str, orders: dict[str, int], args) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        for name, username, what, viewport in SHOTS:
            phone = viewport is PHONE
            context = browser.new_context(
                locale="zh-CN", viewport=viewport, is_mobile=phone, has_touch=phone
            )
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(f"{base}/")
            page.goto(base + _path(what, orders), wait_until="networkidle")
            page.wait_for_timeout(600)  # charts finish their animation
            _save(page.screenshot(full_page=False), args.out / name)
            print(f"{name}: {username} {_path(what, orders)}", flush=True)
            context.close()
        browser.close()


def _save(png: bytes, path: Path) -> None:
    """The screenshot reduced to a 256-colour palette (a third of the size, text still sharp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
