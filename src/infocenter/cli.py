"""The ``infocenter`` command: serve, worker, demo, audit verify, backup, restore, transfer,
calendar; any other word is passed to Django's management commands (``infocenter migrate``,
``infocenter shell`` …)."""

import argparse
import datetime as dt
import os
import shutil
import signal
import sys
from pathlib import Path


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infocenter.settings")
    import django

    django.setup()


def _parse_instant(text: str) -> dt.datetime:
    from django.utils import timezone

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r}") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None


def _site(code: str | None):
    if not code:
        return None
    from infocenter.core.models import Site

    site = Site.objects.filter(code=code).first()
    if site is None:
        sys.exit(f"no site with code {code!r}")
    return site


def cmd_serve(args) -> int:
    """Run gunicorn and one worker side by side; restart either when it dies, with back-off
    (``core.supervisor``); stop both on SIGTERM/SIGINT."""
    _django()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    from infocenter.core.supervisor import Child, Supervisor

    development = os.environ.get("INFOCENTER_DEV", "").lower() in {"1", "true", "yes", "on"}
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY and not development:
        sys.exit(
            "infocenter serve needs INFOCENTER_SECRET_KEY (and INFOCENTER_DEV=false) to serve"
            " anyone; for a development server on this machine set INFOCENTER_DEV=true, as"
            " `make run` does"
        )
    if not (settings.STATIC_ROOT / "staticfiles.json").exists() and not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workers = str(args.workers or max(2, min(2 * (os.cpu_count() or 1), 8)))
    # the web processes' request histograms, summed at each scrape of /metrics; emptied here
    # as prometheus_client asks, so a restart starts its counters afresh
    metrics_dir = settings.VAR_DIR / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    web = Child(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "infocenter.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            workers,
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
    )
    worker = Child("worker", [sys.executable, "-m", "infocenter.cli", "worker"])
    supervisor = Supervisor([web, worker])
    signal.signal(signal.SIGTERM, lambda *_: supervisor.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: supervisor.stopping.set())
    print(f"Infocenter is running on http://{args.host}:{args.port}  (Ctrl+C stops it)", flush=True)
    supervisor.run()
    return 0


def cmd_worker(args) -> int:
    _django()
    from infocenter.core import worker

    if args.once or args.at:
        from infocenter.core import recurring

        recurring.ensure_all(args.at)
        handled = worker.run_once(at=args.at)
        print(f"{handled} item(s) handled", file=sys.stderr)
        return 0
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    worker.run_forever()
    return 0


def cmd_demo(args) -> int:
    _django()
    from infocenter import demo

    if args.logins_only:
        if demo.is_loaded():
            demo.print_logins()
        return 0
    if not args.force and not demo.database_is_empty():
        print("The database already has data; demo data not loaded (use --force to add it anyway).")
        if demo.is_loaded():
            demo.print_logins()
        return 0
    demo.load(echo=print)
    demo.print_logins()
    return 0


def cmd_audit(args) -> int:
    _django()
    from infocenter.core import audit

    reports = audit.verify_chains(_site(args.site))
    broken = [r for r in reports if not r.ok]
    for report in reports:
        state = "intact" if report.ok else f"BROKEN at #{report.broken_at}: {report.reason}"
        print(f"{report.chain}: {report.events} event(s), {state}")
    if not reports:
        print("no audit events yet")
    return 1 if broken else 0


def cmd_backup(args) -> int:
    _django()
    from infocenter.core import backups

    try:
        run = backups.create(args.to, progress=not args.quiet)
    except backups.BackupError as error:
        sys.exit(f"backup failed: {error}")
    except KeyboardInterrupt:
        sys.exit("backup interrupted; no archive written")
    print(
        f"{Path(args.to or backups.folder()) / run.archive} ({run.size:,} bytes, sha256 {run.sha256})"
    )
    if args.keep:
        for path in backups.prune(args.keep, args.to):
            print(f"removed {path}")
    return 0


def cmd_restore(args) -> int:
    _django()
    from infocenter.core import backups

    try:
        report = backups.restore(args.archive, force=args.force, progress=not args.quiet)
    except backups.BackupError as error:
        sys.exit(f"restore refused: {error}")
    except KeyboardInterrupt:
        sys.exit("restore interrupted; the installation is as it was")
    print(f"{report.tables} table(s), {report.rows:,} row(s), {report.files} file(s) restored")
    for table in report.mismatched:
        print(f"ROW COUNT DIFFERS: {table}")
    for name in report.missing_files:
        print(f"FILE MISSING OR CHANGED: {name}")
    for chain in report.chains:
        state = "intact" if chain.ok else f"BROKEN at #{chain.broken_at}: {chain.reason}"
        print(f"audit {chain.chain}: {chain.events} event(s), {state}")
    print("restore verified" if report.ok else "restore NOT verified: see above")
    return 0 if report.ok else 1


def cmd_transfer(args) -> int:
    _django()
    from infocenter.core import transfer

    try:
        report = transfer.transfer(args.to, media_to=args.media_to, progress=not args.quiet)
    except transfer.TransferError as error:
        sys.exit(f"transfer refused: {error}")
    except KeyboardInterrupt:
        sys.exit("transfer interrupted; the target holds nothing of it")
    print(f"{report.tables} table(s), {report.rows:,} row(s) copied", end="")
    print(f", {report.files} file(s) copied" if args.media_to else "")
    for table in report.mismatched:
        print(f"ROW COUNT DIFFERS: {table}")
    print(report.audit_output)
    print("transfer verified" if report.ok else "transfer NOT verified: see above")
    return 0 if report.ok else 1


def cmd_calendar_add(args) -> int:
    _django()
    from infocenter.core import calendar

    start = args.start
    result = calendar.for_site(_site(args.site)).add_working_days(start, args.days)
    print(result.at.isoformat() + (" provisional" if result.provisional else ""))
    return 0


def cmd_calendar_is(args) -> int:
    _django()
    from infocenter.core import calendar

    cal = calendar.for_site(_site(args.site))
    working = cal.is_working_day(args.date)
    print(
        f"{args.date.isoformat()} {'working' if working else 'non-working'} ({cal.reason(args.date)})"
        + ("" if cal.known(args.date) else " provisional")
    )
    return 0 if working else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infocenter", description="信息中心综合管理平台 Infocenter"
    )
    sub = parser.add_subparsers(dest="command")

    serve = sub.add_parser("serve", help="run the web server and a worker")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2×cores)")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="fire due deadlines and deliver messages")
    worker.add_argument("--once", action="store_true", help="one pass, then exit")
    worker.add_argument("--at", type=_parse_instant, help="process what is due at this ISO instant")
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="load the demo organisation and log-ins")
    demo.add_argument("--force", action="store_true")
    demo.add_argument("--logins-only", action="store_true", help="only print the demo log-ins")
    demo.set_defaults(func=cmd_demo)

    audit = sub.add_parser("audit", help="audit chain tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="recompute the hash chains")
    verify.add_argument("--site", help="site code (default: every chain)")
    verify.set_defaults(func=cmd_audit)

    backup = sub.add_parser("backup", help="write one archive of the database and the files")
    backup.add_argument("--to", type=Path, help="folder (default INFOCENTER_BACKUP_DIR)")
    backup.add_argument("--keep", type=int, default=0, help="then keep only the newest N there")
    backup.add_argument("--quiet", action="store_true", help="no progress bars")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="replace this installation with a backup")
    restore.add_argument("archive", type=Path)
    restore.add_argument("--force", action="store_true", help="replace a non-empty installation")
    restore.add_argument("--quiet", action="store_true", help="no progress bars")
    restore.set_defaults(func=cmd_restore)

    move = sub.add_parser("transfer", help="copy this installation into another database")
    move.add_argument("--to", required=True, help="the target's URL, e.g. postgres://…/infocenter")
    move.add_argument("--media-to", type=Path, help="also copy the uploaded files into this folder")
    move.add_argument("--quiet", action="store_true", help="no progress bar")
    move.set_defaults(func=cmd_transfer)

    cal = sub.add_parser("calendar", help="working-day arithmetic")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True)
    add = cal_sub.add_parser("add-working-days", help="START plus N working days")
    add.add_argument("start", type=_parse_instant)
    add.add_argument("days", type=int)
    add.add_argument("--site")
    add.set_defaults(func=cmd_calendar_add)
    is_day = cal_sub.add_parser("is-working-day", help="exit 0 for a working day, 1 otherwise")
    is_day.add_argument("date", type=_parse_date)
    is_day.add_argument("--site")
    is_day.set_defaults(func=cmd_calendar_is)
    return parser


OWN_COMMANDS = {
    "serve",
    "worker",
    "demo",
    "audit",
    "backup",
    "restore",
    "transfer",
    "calendar",
    "-h",
    "--help",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infocenter.settings")
    if argv and argv[0] not in OWN_COMMANDS:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["infocenter", *argv])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
