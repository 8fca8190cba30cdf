"""IT-2's figures for the annual assessment (IT-4): the registration and real-name rates of the
sites whose registry a person kept that year, at the start and at the end of the year
(年度工作回顾), and the differences the person owned that were still open when the year ended
(面临的问题). A person who kept another site's registry in an earlier year has that site's
figures in that year's assessment."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.calendar import days_span

from . import figures
from .selectors.endpoints import open_differences_at, rates_at, sites_kept


def endpoint_figures(person, *, year: int) -> list[figures.Figure]:
    """The person's endpoint figures of ``year``; none when they keep no site's registry."""
    if person.is_superuser:
        return []
    sites = sites_kept(person, year=year)
    if not sites:
        return []
    end = min(dt.date(year, 12, 31), timezone.localdate())
    start, reached = (
        rates_at(person, sites=sites, day=dt.date(year - 1, 12, 31)),
        rates_at(person, sites=sites, day=end),
    )
    if not reached.total:
        return []
    url = reverse("staffwork:endpoint_rates")
    values = {
        "n": reached.total,
        "reg_start": start.registration_rate,
        "reg_end": reached.registration_rate,
        "rn_start": start.real_name_rate,
        "rn_end": reached.real_name_rate,
    }
    if start.total:
        registration = _(
            "Registration rate of the endpoints from %(reg_start)s %% to %(reg_end)s %% "
            "(%(n)s endpoints)."
        )
        real_name = _("Real-name rate of the endpoints from %(rn_start)s %% to %(rn_end)s %%.")
    else:
        registration = _(
            "Registration rate of the endpoints reached %(reg_end)s %% (%(n)s endpoints)."
        )
        real_name = _("Real-name rate of the endpoints reached %(rn_end)s %%.")
    found = [
        figures.Figure(
            label=_("Registration rate"),
            value=f"{reached.registration_rate} %",
            text=registration % values,
            url=url,
        ),
        figures.Figure(
            label=_("Real-name rate"),
            value=f"{reached.real_name_rate} %",
            text=real_name % values,
            url=url,
        ),
    ]
    still_open = open_differences_at(person, sites=sites, moment=days_span(end, end)[1])
    if still_open:
        found.append(
            figures.Figure(
                label=_("Open differences with the security system"),
                value=still_open,
                text=(
                    _("%(n)s differences between the registry and the other lists are still open.")
                    if end == timezone.localdate()
                    else _(
                        "%(n)s differences between the registry and the other lists were still "
                        "open at the end of the year."
                    )
                )
                % {"n": still_open},
                section=figures.PROBLEMS,
                url=reverse("staffwork:endpoint_differences"),
            )
        )
    return found


figures.register("endpoints", endpoint_figures)
