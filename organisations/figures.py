"""The small-number rule: how a figure about people is shown to managers and in exports.

One rule for every app (support, mentoring, training, dashboards): a count or a rate
that rests on fewer than `SMALL_GROUP` people is shown as "<5", so no figure lets a
manager work out what is true of one or two colleagues (sick leave, dropout, a support
trajectory). A rate rests on the people of its numerator *and* of its denominator:
"50% sick" of a team of 10 is two people. Zero counts too: "0 of 3" says as much about
those three as "3 of 3".

A total is *withheld* ("–") when, together with the parts shown next to it, it would
give the hidden parts away (secondary suppression): 8 in total next to 6 shown means
the two hidden cells hold 2.

Figures that are not about groups of people (FTE budgets, free places, euros, planning
assumptions) do not go through here; each page says which of its figures are which.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

SMALL_GROUP = 5  # fewer people than this behind a figure: "<5"
SMALL = f"<{SMALL_GROUP}"
WITHHELD = "–"


def is_small(people: int | None) -> bool:
    """True when a figure resting on `people` people must not be shown exactly."""
    return (people or 0) < SMALL_GROUP


@dataclass(frozen=True)
class Figure:
    """A value shown to managers with the number of people it rests on.

    `str()` is what a page or an export shows: "" without a value (the page says
    "no data" in its own words), "<5" for a small group, "–" when withheld, else the
    value formatted for the active language (`decimals` places, then `unit`).
    """

    value: object
    people: int | None
    # Hidden although large itself, because together with the visible parts it would
    # give away a small group (secondary suppression of a total).
    withheld: bool = False
    decimals: int | None = None
    unit: str = ""

    @property
    def suppressed(self) -> bool:
        return is_small(self.people)

    @property
    def shown(self) -> bool:
        return self.value is not None and not self.suppressed and not self.withheld

    @property
    def number(self):
        """The value where it may be shown exactly, else None (charts leave a gap)."""
        return self.value if self.shown else None

    def __str__(self) -> str:
        if self.value is None:
            return ""
        if self.suppressed:
            return SMALL
        if self.withheld:
            return WITHHELD
        return _format(self.value, self.decimals) + self.unit


def _format(value, decimals: int | None) -> str:
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int) and decimals is None:
        return str(value)
    if isinstance(value, int | float | Decimal):
        if decimals is not None:
            value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        return formats.number_format(value, decimal_pos=decimals, use_l10n=True)
    return str(value)


def count(n: int | None, *, people: int | None = None) -> Figure:
    """A count of people (`people` defaults to the count itself)."""
    return Figure(n, n if people is None else people)


def average(value, *, people: int | None, decimals: int | None = None, unit: str = "") -> Figure:
    """An average (or any figure computed over a group) over `people` people."""
    return Figure(value, people, decimals=decimals, unit=unit)


def rate(
    numerator,
    denominator,
    *,
    numerator_people: int | None = None,
    denominator_people: int | None = None,
    decimals: int = 1,
    unit: str = "%",
) -> Figure:
    """`numerator` / `denominator` in percent, resting on the smaller of the two groups.

    The people default to the numerator and denominator themselves (counts of people).
    Without a denominator there is no rate (value None).
    """
    numerator_people = numerator if numerator_people is None else numerator_people
    denominator_people = denominator if denominator_people is None else denominator_people
    people = min(numerator_people or 0, denominator_people or 0)
    if not denominator:
        return Figure(None, people, decimals=decimals, unit=unit)
    value = Decimal(str(numerator or 0)) * 100 / Decimal(str(denominator))
    return Figure(value, people, decimals=decimals, unit=unit)


def show(value, people: int | None = None, *, withheld: bool = False) -> str:
    """The text for one figure: a count of people when `people` is not given."""
    return str(Figure(value, value if people is None else people, withheld=withheld))


def with_total(parts: list[Figure], total: Figure) -> Figure:
    """`total`, withheld when it would give away the parts hidden as "<5".

    Only numeric parts count; a part without a value counts as 0.
    """
    shown = sum(part.value or 0 for part in parts if not part.suppressed)
    hidden = (total.value or 0) - shown
    if 0 < hidden < SMALL_GROUP:
        return Figure(
            total.value, total.people, withheld=True, decimals=total.decimals, unit=total.unit
        )
    return total


def number_or_small(figure: Figure):
    """For exports: the number where it may be shown, else the text ("<5", "–", "")."""
    return figure.value if figure.shown else str(figure)
