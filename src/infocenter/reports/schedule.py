"""The reports sent on schedule (X-9): last week's report on Monday at 09:00 and last month's
on the 1st at 09:00, through the recurring reminders (one deadline per site, so each fires once
whatever the number of workers) and the outbox (in the app, by e-mail, and to chat robots).

Who receives what:

- a site's report goes to the managers assigned at that site (the customer-service manager,
  the information-center head, a general manager assigned there);
- a branch's report, which compares its sites, goes to the managers assigned at the branch
  (its general manager), once, from the branch's first site; a branch of a single site has no
  report of its own: its managers receive that site's;
- each person receives the headline figures of the sections they may read, compared with the
  previous period and the same period last year, and the link to the whole report;
- a department robot marked for report summaries posts the summary of every section: a site
  department's robot the site's report, a branch department's robot the branch's.

The company's report is read on the page: no role is assigned at the level of a company."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox, permissions, recurring, reports
from infocenter.core.choices import DepartmentLevel, Role
from infocenter.core.models import DepartmentWebhook, RoleAssignment, Site, User
from infocenter.core.reports import MONTH, WEEK, Period, ReportScope, Section
from infocenter.core.texts import Text

from .selectors import ACTION, query

K_WEEKLY, K_MONTHLY = "reports.weekly", "reports.monthly"
WEEKLY_RULE = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
MONTHLY_RULE = "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0"
MANAGERS = (Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD)
FIGURES_PER_SECTION = 4  # the headline figures of each section in a summary


def send_site_reports(site: Site, kind: str, now: dt.datetime) -> int:
    """Send the last complete ``kind`` period's report of ``site``, and its branch's when
    ``site`` is the branch's first. Returns the messages written."""
    period = Period.last_complete(kind, timezone.localdate(now))
    siblings = dict(Site.objects.filter(branch=site.branch_id).values_list("pk", "name"))
    branch_people = _managers(branch=site.branch_id)
    site_people = _managers(site=site.pk)
    if len(siblings) == 1:
        site_people += branch_people
    written = _send(
        site,
        ReportScope("site", site.pk, site.name, (site.pk,), {site.pk: site.name}),
        period,
        site_people,
        _robots(site_ids=[site.pk], level__in=[DepartmentLevel.SITE]),
    )
    if len(siblings) > 1 and site.pk == min(siblings):
        branch = site.branch
        scope = ReportScope("branch", branch.pk, branch.name, tuple(sorted(siblings)), siblings)
        robots = _robots(site_ids=list(siblings), level__in=[DepartmentLevel.BRANCH])
        written += _send(site, scope, period, branch_people, robots)
    return written


def _managers(**where) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(role__in=MANAGERS, **where).values("user"),
        ).order_by("pk")
    )


def _robots(*, site_ids, **where) -> list[DepartmentWebhook]:
    return list(
        DepartmentWebhook.objects.filter(
            department__site__in=site_ids,
            **{f"department__{k}": v for k, v in where.items()},
            active=True,
            reports=True,
        ).order_by("pk")
    )


def _send(site, scope, period, people, robots) -> int:
    """The report to each person who may read it, grouped by the sections they may see (each
    group's summary is built once), and to the robots with every section."""
    link = reverse("reports:page") + "?" + query(period, scope)
    subject = Text(
        N_("%(scope)s: %(report)s for %(period)s"),
        scope=scope.name,
        report=reports.PERIOD_KINDS[period.kind],
        period=period.label_text,
    )
    groups: dict[tuple[str, ...], tuple[list[Section], list[User]]] = {}
    for person in people:
        if not all(permissions.can(person, ACTION, site_id=pk) for pk in scope.site_ids):
            continue
        sections = reports.sections_for(person, scope)
        if sections:
            groups.setdefault(tuple(s.key for s in sections), (sections, []))[1].append(person)
    everything = sorted(reports.SECTIONS.values(), key=lambda s: s.order)
    every_key = tuple(s.key for s in everything)
    if robots:
        groups.setdefault(every_key, (everything, []))
    written = 0
    for key, (sections, members) in groups.items():
        body = summary(sections, scope, period)
        written += len(outbox.notify(members, subject=subject, body=body, link=link, site=site))
        if key == every_key:
            for hook in robots:
                outbox.enqueue(
                    channel=hook.channel,
                    address=hook.url,
                    subject=subject,
                    body=body,
                    link=link,
                    site=site,
                )
                written += 1
    return written


def summary(sections: list[Section], scope: ReportScope, period: Period) -> Text:
    """Each section's title and its headline figures, with the previous period and the same
    period last year, kept as their sources so each reader reads them in their language."""
    with translation.override(None):  # the labels as their sources (the catalogues' keys)
        built = reports.build_sections(sections, scope, period)
    lines: list = []
    for section, data in built:
        lines.append(Text(N_("[%(section)s]"), section=section.title))
        for figure in data.figures[:FIGURES_PER_SECTION]:
            label = figure.label if isinstance(figure.label, Text) else gettext_lazy(figure.label)
            lines.append(
                Text(
                    N_(
                        "%(label)s: %(value)s%(unit)s (previous period %(previous)s, "
                        "same period last year %(last_year)s)"
                    ),
                    label=label,
                    value=_number(figure.value),
                    unit=figure.unit if figure.value is not None else "",
                    previous=_number(figure.previous),
                    last_year=_number(figure.last_year),
                )
            )
    return Text(
        N_("%(lines)s\nThe whole report, with its tables and charts, is on the reports page."),
        lines=lines,
    )


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"


def _weekly(site, now):
    send_site_reports(site, WEEK, now)


def _monthly(site, now):
    send_site_reports(site, MONTH, now)


recurring.register(K_WEEKLY, rule=WEEKLY_RULE, label="X-9", action=_weekly)
recurring.register(K_MONTHLY, rule=MONTHLY_RULE, label="X-9", action=_monthly)
