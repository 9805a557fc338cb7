"""The month-by-month arithmetic of the financial plan, with numbers worked out by hand."""

import datetime
from decimal import Decimal as D

import pytest

from dashboards.finance.plan import (
    Amount,
    Assumptions,
    Person,
    break_even,
    monthly_plan,
    spread,
)

JAN = datetime.date(2026, 1, 1)

# 36 h/week = 156 h/month; 156 x 40 = 6,240 per FTE-month; saving 9,000 - 6,240 = 2,760.
ASSUMPTIONS = Assumptions(
    hourly_wage_cost=D("40"),
    hours_per_fte_per_week=D("36"),
    training_cost_per_person=D("3000"),
    mentor_hourly_cost=D("50"),
    mentor_hours_per_month=D("4"),  # 200 per person-month
    alternative_cost_per_fte_month=D("9000"),
)
PEOPLE = [
    # Jan-Mar on top of formation, converts: savings from April.
    Person(fte=D("1.0"), start=datetime.date(2026, 1, 15), until=datetime.date(2026, 3, 31)),
    # Feb-Apr, then leaves without converting: no savings.
    Person(
        fte=D("0.5"),
        start=datetime.date(2026, 2, 1),
        until=datetime.date(2026, 4, 10),
        converts=False,
    ),
]
AMOUNTS = [
    Amount(amount=D("1500"), start=JAN, months=1, category="recruitment"),
    Amount(amount=D("12000"), start=JAN, months=6, category="subsidy"),  # 2,000 a month
    # 250 a month May-Aug.
    Amount(amount=D("1000"), start=datetime.date(2026, 5, 20), months=4, category="municipal"),
]


def _plan(months):
    return monthly_plan(
        start=datetime.date(2026, 1, 10),
        months=months,
        assumptions=ASSUMPTIONS,
        people=PEOPLE,
        amounts=AMOUNTS,
    )


def test_six_months_by_hand():
    rows = _plan(6)
    assert [r.month for r in rows] == [datetime.date(2026, m, 1) for m in range(1, 7)]
    assert [r.wage for r in rows] == [D("6240"), D("9360"), D("9360"), D("3120"), 0, 0]
    assert [r.training for r in rows] == [D("3000"), D("3000"), 0, 0, 0, 0]
    assert [r.mentoring for r in rows] == [D("200"), D("400"), D("400"), D("200"), 0, 0]
    assert [r.other_costs for r in rows] == [D("1500"), 0, 0, 0, 0, 0]
    assert [r.costs for r in rows] == [D("10940"), D("12760"), D("9760"), D("3320"), 0, 0]
    assert [r.subsidies for r in rows] == [D("2000")] * 6
    assert [r.other_funding for r in rows] == [0, 0, 0, 0, D("250"), D("250")]
    assert [r.savings for r in rows] == [0, 0, 0, D("2760"), D("2760"), D("2760")]
    assert [r.net for r in rows] == [
        D("-8940"),
        D("-10760"),
        D("-7760"),
        D("1440"),
        D("5010"),
        D("5010"),
    ]
    assert [r.cumulative_net for r in rows] == [
        D("-8940"),
        D("-19700"),
        D("-27460"),
        D("-26020"),
        D("-21010"),
        D("-16000"),
    ]
    assert rows[-1].cumulative_costs == D("36780")
    assert rows[-1].cumulative_funding == D("12500")
    assert rows[-1].cumulative_savings == D("8280")
    assert [r.supernumerary_fte for r in rows] == [D("1.0"), D("1.5"), D("1.5"), D("0.5"), 0, 0]
    assert [r.converted_fte for r in rows] == [0, 0, 0, D("1.0"), D("1.0"), D("1.0")]
    assert break_even(rows) is None  # not within six months


def test_break_even_within_a_year():
    rows = _plan(12)
    # Jul, Aug: 250 + 2,760; Sep-Dec: 2,760 -> -12,990, -9,980, -7,220, -4,460, -1,700, 1,060.
    assert [r.cumulative_net for r in rows[6:]] == [
        D("-12990"),
        D("-9980"),
        D("-7220"),
        D("-4460"),
        D("-1700"),
        D("1060"),
    ]
    assert break_even(rows) == datetime.date(2026, 12, 1)


def test_break_even_must_hold_until_the_end_of_the_horizon():
    amounts = [
        Amount(amount=D("10000"), start=JAN, category="subsidy"),
        Amount(amount=D("12000"), start=JAN, months=3, category="other_cost"),  # 4,000 a month
        Amount(amount=D("3000"), start=datetime.date(2026, 4, 1), category="own_budget"),
    ]
    rows = monthly_plan(start=JAN, months=4, assumptions=ASSUMPTIONS, people=[], amounts=amounts)
    # 6,000 / 2,000 / -2,000 / 1,000: positive in January, but only for good from April.
    assert [r.cumulative_net for r in rows] == [D("6000"), D("2000"), D("-2000"), D("1000")]
    assert break_even(rows) == datetime.date(2026, 4, 1)
    assert break_even(rows[:3]) is None


def test_nothing_at_all_breaks_even_at_once():
    rows = monthly_plan(start=JAN, months=3, assumptions=ASSUMPTIONS, people=[], amounts=[])
    assert all(r.costs == 0 and r.cumulative_net == 0 for r in rows)
    assert break_even(rows) == JAN


def test_savings_stop_when_a_converted_side_entrant_leaves():
    person = Person(
        fte=D("0.8"),
        start=datetime.date(2025, 11, 1),  # before the plan: no training cost in it
        until=datetime.date(2026, 1, 31),
        leaves=datetime.date(2026, 3, 15),
    )
    rows = monthly_plan(start=JAN, months=5, assumptions=ASSUMPTIONS, people=[person], amounts=[])
    # January: 0.8 x 6,240 = 4,992 wage, 200 mentor; savings 0.8 x 2,760 = 2,208 Feb-Mar.
    assert [r.wage for r in rows] == [D("4992"), 0, 0, 0, 0]
    assert [r.training for r in rows] == [0] * 5
    assert [r.savings for r in rows] == [0, D("2208"), D("2208"), 0, 0]


def test_no_negative_saving_when_temporary_staff_is_cheaper():
    cheap = Assumptions(**{**ASSUMPTIONS.__dict__, "alternative_cost_per_fte_month": D("5000")})
    assert cheap.saving_per_fte_month == 0


def test_amounts_spread_in_cents_and_outside_the_horizon_are_left_out():
    assert spread(D("100"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(spread(D("1000.01"), 7)) == D("1000.01")
    rows = monthly_plan(
        start=JAN,
        months=2,
        assumptions=ASSUMPTIONS,
        people=[],
        amounts=[
            Amount(amount=D("300"), start=datetime.date(2025, 12, 1), months=3, category="subsidy"),
            Amount(amount=D("999"), start=datetime.date(2027, 1, 1), category="recruitment"),
        ],
    )
    assert [r.subsidies for r in rows] == [D("100"), D("100")]
    assert [r.costs for r in rows] == [0, 0]


@pytest.mark.parametrize("months", [0, 61, -1])
def test_the_horizon_is_one_to_sixty_months(months):
    with pytest.raises(ValueError):
        monthly_plan(start=JAN, months=months, assumptions=ASSUMPTIONS, people=[], amounts=[])
