"""``infocenter settle_days [--site CODE] [--before YYYY-MM-DD]``: settle every day of the service
desk's history whose forms and orders are all archived (X-9, ``servicedesk.rollup``), with a
progress bar: what the worker does a few hundred days a night, at once (after an upgrade or a
restore). Each day is written in its own transaction: an interrupted run keeps the days it
finished, and the next run goes on from there."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from infocenter.core.models import Site
from infocenter.servicedesk import reports, rollup

CHUNK = 31  # days looked up together; each is still written in its own transaction


class Command(BaseCommand):
    help = "Keep the counts of the service desk's settled days, so reports sum them."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="a site's code (default: every site)")
        parser.add_argument(
            "--before", type=dt.date.fromisoformat, help="settle days before this date (today)"
        )

    def handle(self, *args, site=None, before=None, **options):
        sites = Site.objects.order_by("pk")
        if site:
            sites = sites.filter(code=site)
            if not sites:
                raise CommandError(f"No site with the code {site!r}.")
        before = before or timezone.localdate()
        plan = [(s, rollup.candidates(s.pk, before=before)) for s in sites]
        total = sum(len(days) for _site, days in plan)
        written = 0
        with tqdm(total=total, unit="day", disable=options["verbosity"] == 0) as bar:
            for each, days in plan:
                bar.set_postfix_str(each.code)
                for start in range(0, len(days), CHUNK):
                    chunk = days[start : start + CHUNK]
                    written += reports.settle(each.pk, chunk, today=before)
                    bar.update(len(chunk))
        if options["verbosity"]:
            self.stdout.write(f"{written} days settled of {total} looked at.")
