"""IT-4: what each area of the IT staff's year contributes to the annual assessment's draft.

Every area (work log, endpoints, learning, and the other apps' work a person did in the system)
registers one provider here, in its module that the app's ``ready()`` loads. A provider takes the
person and the calendar year and returns its figures, each placed in one of the four sections of
the source's 年度考核总结. The assessment drafts itself from ``figures_for``; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REVIEW = "review"
PROBLEMS = "problems"
PLANS = "plans"
SHORTCOMINGS = "shortcomings"

SECTIONS = {
    REVIEW: _("Review of the year's work"),
    PROBLEMS: _("Problems faced"),
    PLANS: _("Plans for the coming year"),
    SHORTCOMINGS: _("Main shortcomings"),
}


@dataclass(frozen=True)
class Figure:
    """One figure of a person's year: a label, its value, the sentence the draft uses for it,
    the section it belongs to and, where there is one, the page of the records behind it."""

    label: str
    value: object
    text: str = ""
    section: str = REVIEW
    url: str = ""


Provider = Callable[..., list[Figure]]

PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Let an area contribute figures: ``provider(person, year=…)`` returns a list of ``Figure``."""
    PROVIDERS[key] = provider


def figures_for(person, *, year: int) -> list[Figure]:
    """Every registered area's figures for ``person`` in ``year``, in registration order."""
    return [figure for provider in PROVIDERS.values() for figure in provider(person, year=year)]
