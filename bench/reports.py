"""Report timings (X-9; targets: a site's monthly report p95 under 1 s, a branch's annual report
under 3 s, on the 1 M-order database, SQLite and PostgreSQL).

    .venv/bin/python -m bench.reports --orders 10000 [--repeat 10] [--warmup 2] [--database-url URL]

Runs in-process against a database filled by ``bench.generate`` (same database choice as the
other benchmarks), as the branch's general manager (added through the services on the first
run, as ``bench.search`` does). For the busiest site's last complete month and the branch's last
complete year it times:

* ``build``: every section the manager may see, for the period, the previous one and the same
  one last year (``core.reports.build``), which is what each page, print, export and API
  answer is made of;
* the API's answer (``GET /api/v1/reports/``), through Django's full request handling;
* the report page and its Excel export, when the reports app serves them.

It prints the median and the nearest-rank p95 in ms and the SQL queries of each. Nothing is
written but the general manager.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from urllib.parse import urlencode

from bench.search import branch_gm, start
from bench.servicedesk import _load, expect, measure

TARGETS_MS = {"month": 1000, "year": 3000}


def run(args) -> list[tuple]:
    from django.db.models import Count
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from infocenter.core import reports
    from infocenter.core.models import Site
    from infocenter.servicedesk.models import WorkOrder

    busiest = WorkOrder.objects.values("site").annotate(n=Count("pk")).order_by("-n").first()
    site = Site.objects.select_related("branch").get(pk=busiest["site"])
    branch_sites = list(Site.objects.filter(branch=site.branch).values_list("pk", "name"))
    gm = branch_gm(site)
    client = Client()
    client.force_login(gm)
    cases = [
        (
            "month",
            reports.ReportScope("site", site.pk, site.name, (site.pk,), {site.pk: site.name}),
            reports.Period.last_complete(reports.MONTH),
        ),
        (
            "year",
            reports.ReportScope(
                "branch",
                site.branch_id,
                site.branch.name,
                tuple(pk for pk, _name in branch_sites),
                dict(branch_sites),
            ),
            reports.Period.last_complete(reports.YEAR),
        ),
    ]
    from infocenter.servicedesk.models import ServiceDeskDay

    for _kind, scope, period in cases:
        settled = ServiceDeskDay.objects.filter(
            site__in=scope.site_ids, day__gte=period.start, day__lt=period.end
        ).count()
        print(
            f"settled days of {scope.name}, {period.key}: {settled} of "
            f"{len(scope.site_ids) * period.days} (`infocenter settle_days` settles the rest)"
        )
    opts = {"repeat": args.repeat, "warmup": args.warmup, "show": args.show_queries}
    rows = []
    for kind, scope, period in cases:
        what = f"{scope.kind} {scope.name}, {period.key}"
        sections = reports.sections_for(gm, scope)
        if not sections:
            sys.exit(f"no report section the general manager may see ({what}): nothing to time")
        rows.append(
            (
                kind,
                measure(
                    f"{kind[0]}1",
                    f"build, {len(sections)} sections ({what})",
                    lambda s=scope, p=period: reports.build(gm, s, p),
                    **opts,
                ),
            )
        )
        query = urlencode({"kind": period.kind, "period": period.key, "scope": scope.key})
        pages = [("api", "/api/v1/reports/")]
        for label, name in (("page", "reports:page"), ("Excel", "reports:export")):
            try:
                pages.append((label, reverse(name)))
            except NoReverseMatch:
                continue
        for n, (label, path) in enumerate(pages, start=2):
            url = f"{path}?{query}"
            if client.get(url).status_code == 404:
                continue
            rows.append(
                (
                    kind,
                    measure(
                        f"{kind[0]}{n}",
                        f"{label} `{url}` ({what})",
                        lambda u=url: expect(client.get(u), 200),
                        **opts,
                    ),
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reports", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--show-queries", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    lines, storages = start(args)

    from django.test import override_settings

    with override_settings(STORAGES=storages):
        rows = run(args)
    lines.append(f"load average {_load()} at the end (1 / 5 / 15 min)")
    print(f"\n{lines[-1]}; {args.repeat} timed runs after {args.warmup} warm-up runs\n")
    print("| | measurement | median ms | p95 ms | SQL queries | target |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for kind, row in rows:
        target = TARGETS_MS[kind]
        verdict = f"p95 < {target / 1000:g} s " + ("pass" if row.p95_ms < target else "**over**")
        print(
            f"| {row.key} | {row.label} | {row.median_ms:.1f} | {row.p95_ms:.1f} | "
            f"{row.queries} | {verdict} |"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"header": lines, "rows": [asdict(r) for _kind, r in rows]}, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
