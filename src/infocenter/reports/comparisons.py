"""How a figure changed against the previous period and the same period last year (X-9): the
difference, its direction, and whether that is good or bad news (``Figure.better``). Shared by
the page, the print, the Excel file and the API, so they all say the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from infocenter.core.reports import Figure

UP, DOWN, SAME = "up", "down", "same"


@dataclass(frozen=True)
class Change:
    """``delta`` is the figure's value less the other one (percentage points for a rate),
    ``per_cent`` the change in per cent of the other count (None for rates and from nothing);
    ``tone`` is "good", "bad" or "" (neither better, or nothing to compare)."""

    other: float | int | None
    delta: float | int | None
    per_cent: float | None
    direction: str  # "up", "down", "same", or "" when either value is missing
    tone: str
    rate: bool
    unit: str = ""

    @property
    def other_text(self) -> str:
        """The other period's value as the figure's is shown: "12", "95.5 %", "—"."""
        return value_text(self.other, self.unit)

    @property
    def arrow(self) -> str:
        return {UP: "↑", DOWN: "↓", SAME: "→"}.get(self.direction, "")

    @property
    def text(self) -> str:
        """ "+5 (+12.5%)", "−2.3 pts", "±0" or "—" when there is nothing to compare."""
        if self.delta is None:
            return "—"
        if self.direction == SAME:
            return "±0"
        sign = "+" if self.delta > 0 else "−"
        amount = f"{sign}{_number(abs(self.delta))}"
        if self.rate:
            return _("%(amount)s pts") % {"amount": amount}
        if self.per_cent is None:
            return amount
        return f"{amount} ({sign}{_number(abs(self.per_cent))}%)"


def change(figure: Figure, other: float | int | None) -> Change:
    """``figure``'s value against ``other`` (its ``previous`` or ``last_year``)."""
    rate, unit = figure.unit == "%", str(figure.unit)
    if figure.value is None or other is None:
        return Change(other, None, None, "", "", rate, unit)
    delta = round(figure.value - other, 1) if rate else figure.value - other
    if isinstance(delta, float):
        delta = round(delta, 1)
    per_cent = None if rate or not other else round(100 * delta / other, 1)
    direction = UP if delta > 0 else DOWN if delta < 0 else SAME
    tone = ""
    if figure.better and direction != SAME:
        tone = "good" if (direction == UP) == (figure.better == "higher") else "bad"
    return Change(other, delta, per_cent, direction, tone, rate, unit)


def value_text(value, unit="") -> str:
    if value is None:
        return "—"
    return _number(value) + (f" {unit}" if unit else "")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


@dataclass(frozen=True)
class Compared:
    """A figure with its two comparisons, as every reader of a report shows it."""

    figure: Figure
    previous: Change
    last_year: Change

    @property
    def value_text(self) -> str:
        return value_text(self.figure.value, self.figure.unit)


def compared(figures: list[Figure]) -> list[Compared]:
    return [Compared(f, change(f, f.previous), change(f, f.last_year)) for f in figures]
