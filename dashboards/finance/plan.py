"""The month-by-month arithmetic of a financial plan, free of the database.

`monthly_plan` takes already gathered inputs (people, assumptions, cost and funding
amounts) and returns one row per month; `break_even` finds the month from which the
cumulative result stays at or above zero. Both are pure, so tests compute them with
hand-made numbers.

Rules, per calendar month `m` of the horizon (month 1 is the plan's first month):

- supernumerary wage cost: every person whose supernumerary months include `m`
  (from their start month through the month of `until`, inclusive) costs
  FTE x hours per month x hourly wage cost; hours per month = hours per week x 52 / 12;
- training cost: the per-person amount, once, in the person's start month;
- mentor cost: mentor hours per month x mentor hourly cost for every supernumerary
  person in `m` (per person, not per FTE);
- savings: from the month after `until`, a person who converted into formation
  saves FTE x (alternative cost per FTE per month - own wage cost per FTE per month),
  never below zero, until the month they leave (inclusive) or the horizon ends;
- amounts (recruitment, own budget, municipal, subsidies) are spread evenly over their
  months in cents, the last month taking the remainder; months outside the horizon
  are left out.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_MONTHS = 60
ZERO = Decimal("0")
CENT = Decimal("0.01")
WEEKS_PER_MONTH = Decimal("52") / Decimal("12")


@dataclass(frozen=True)
class Assumptions:
    hourly_wage_cost: Decimal
    hours_per_fte_per_week: Decimal
    training_cost_per_person: Decimal
    mentor_hourly_cost: Decimal
    mentor_hours_per_month: Decimal
    alternative_cost_per_fte_month: Decimal

    @property
    def hours_per_fte_per_month(self) -> Decimal:
        return self.hours_per_fte_per_week * WEEKS_PER_MONTH

    @property
    def wage_per_fte_month(self) -> Decimal:
        return self.hours_per_fte_per_month * self.hourly_wage_cost

    @property
    def saving_per_fte_month(self) -> Decimal:
        return max(ZERO, self.alternative_cost_per_fte_month - self.wage_per_fte_month)


@dataclass(frozen=True)
class Person:
    fte: Decimal
    start: datetime.date  # first day on top of formation
    until: datetime.date  # last day on top of formation (conversion, end or leaving)
    converts: bool = True  # fills formation after `until`
    leaves: datetime.date | None = None  # leaves the organisation after converting


@dataclass(frozen=True)
class Amount:
    """A sum spread evenly over `months` months from `start`'s month."""

    amount: Decimal
    start: datetime.date
    months: int = 1
    category: str = "other"  # cost: recruitment, other_cost; funding: subsidy, own_budget, ...


COST_CATEGORIES = frozenset({"recruitment", "other_cost"})


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    wage: Decimal
    training: Decimal
    mentoring: Decimal
    other_costs: Decimal  # recruitment and other cost lines
    costs: Decimal
    subsidies: Decimal
    other_funding: Decimal  # own budget, municipal and other funding lines
    funding: Decimal
    savings: Decimal
    net: Decimal  # funding + savings - costs
    cumulative_costs: Decimal
    cumulative_funding: Decimal
    cumulative_savings: Decimal
    cumulative_net: Decimal
    supernumerary_fte: Decimal
    converted_fte: Decimal

    @property
    def cumulative_cover(self) -> Decimal:
        """Cumulative funding plus savings: what covers the cumulative costs."""
        return self.cumulative_funding + self.cumulative_savings


def first_of_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, day.month, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


def month_index(first: datetime.date, day: datetime.date) -> int:
    """0 for `first`'s month, 1 for the next, negative before it."""
    return (day.year - first.year) * 12 + day.month - first.month


def spread(amount: Decimal, months: int) -> list[Decimal]:
    """`amount` in `months` equal parts in cents; the last part takes the remainder."""
    months = max(1, months)
    part = (amount / months).quantize(CENT, rounding=ROUND_HALF_UP)
    parts = [part] * (months - 1)
    return [*parts, amount - sum(parts, ZERO)]


def monthly_plan(
    *,
    start: datetime.date,
    months: int,
    assumptions: Assumptions,
    people: list[Person],
    amounts: list[Amount],
) -> list[MonthRow]:
    """One row per month from `start`'s month, `months` long (1-60)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError("months must be between 1 and 60")
    first = first_of_month(start)
    a = assumptions
    wage = [ZERO] * months
    training = [ZERO] * months
    mentoring = [ZERO] * months
    savings = [ZERO] * months
    supernumerary = [ZERO] * months
    converted = [ZERO] * months
    mentor_month = a.mentor_hours_per_month * a.mentor_hourly_cost
    for person in people:
        begin = month_index(first, person.start)
        end = month_index(first, person.until)
        if 0 <= begin < months:
            training[begin] += a.training_cost_per_person
        for index in range(max(0, begin), min(months, end + 1)):
            wage[index] += person.fte * a.wage_per_fte_month
            mentoring[index] += mentor_month
            supernumerary[index] += person.fte
        if person.converts:
            last = months - 1
            if person.leaves is not None:
                last = min(last, month_index(first, person.leaves))
            for index in range(max(0, end + 1), last + 1):
                savings[index] += person.fte * a.saving_per_fte_month
                converted[index] += person.fte
    other_costs = [ZERO] * months
    subsidies = [ZERO] * months
    other_funding = [ZERO] * months
    for item in amounts:
        if item.category in COST_CATEGORIES:
            target = other_costs
        elif item.category == "subsidy":
            target = subsidies
        else:
            target = other_funding
        offset = month_index(first, item.start)
        for step, part in enumerate(spread(item.amount, item.months)):
            if 0 <= offset + step < months:
                target[offset + step] += part

    rows = []
    cum_costs = cum_funding = cum_savings = ZERO
    for index in range(months):
        row_wage = wage[index].quantize(CENT, rounding=ROUND_HALF_UP)
        row_mentoring = mentoring[index].quantize(CENT, rounding=ROUND_HALF_UP)
        row_savings = savings[index].quantize(CENT, rounding=ROUND_HALF_UP)
        costs = row_wage + training[index] + row_mentoring + other_costs[index]
        funding = subsidies[index] + other_funding[index]
        cum_costs += costs
        cum_funding += funding
        cum_savings += row_savings
        rows.append(
            MonthRow(
                month=add_months(first, index),
                wage=row_wage,
                training=training[index],
                mentoring=row_mentoring,
                other_costs=other_costs[index],
                costs=costs,
                subsidies=subsidies[index],
                other_funding=other_funding[index],
                funding=funding,
                savings=row_savings,
                net=funding + row_savings - costs,
                cumulative_costs=cum_costs,
                cumulative_funding=cum_funding,
                cumulative_savings=cum_savings,
                cumulative_net=cum_funding + cum_savings - cum_costs,
                supernumerary_fte=supernumerary[index],
                converted_fte=converted[index],
            )
        )
    return rows


def break_even(rows: list[MonthRow]) -> datetime.date | None:
    """The first month from which cumulative funding plus savings cover cumulative costs
    in every later month of the horizon; None when that does not happen within it."""
    found = None
    for row in reversed(rows):
        if row.cumulative_net < 0:
            break
        found = row.month
    return found
