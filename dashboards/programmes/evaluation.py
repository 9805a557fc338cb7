"""A programme's KPIs computed from live data: target vs actual, traffic light and trend.

Every figure is aggregated in SQL, for all trend moments at once (one filtered aggregate
per moment), so the number of queries is the same whatever the number of people:

- people (hired, dropout, time to registration): one query on Employee;
- wage cost: one query on Placement, plus the capacity settings;
- check-in score and mentor energy: one query each (mentoring selectors);
- traineeship success criteria: one query (traineeship selectors).

A KPI without data is None ("no data yet"), never a made-up number.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    DateField,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import figures as small_numbers

from ..models import CapacitySettings, Programme
from ..models.programmes import AT_MOST_KPIS, Kpi
from .selectors import programme_placements

# Months counted in days, the same everywhere: 6 months = 183 days and so on.
MONTH_DAYS = {6: 183, 12: 365, 24: 730}
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
HOURS_PER_FTE_WEEK = Decimal("36")  # the collective agreement's full-time week
DEFAULT_HOURLY_COST = Decimal("38.00")
ORANGE_MARGIN = Decimal("0.10")  # orange: missed, but within 10% of the target
TREND_MONTHS = 6
SMALL_COUNT = small_numbers.SMALL_GROUP  # counts under this show as "<5"

GREEN, ORANGE, RED, GREY = "green", "orange", "red", "grey"
FEW = "few"  # a light that would tell something about fewer than 5 people
LIGHT_LABELS = {
    GREEN: _("met"),
    ORANGE: _("almost (within 10%)"),
    RED: _("not met"),
    GREY: _("no data yet"),
    FEW: _("fewer than 5 people"),
}
DROPOUT_KPIS = {Kpi.DROPOUT_6: 6, Kpi.DROPOUT_12: 12, Kpi.DROPOUT_24: 24}
PLACES = {
    Kpi.HIRED: Decimal("1"),
    Kpi.DROPOUT_6: Decimal("0.1"),
    Kpi.DROPOUT_12: Decimal("0.1"),
    Kpi.DROPOUT_24: Decimal("0.1"),
    Kpi.REGISTRATION_MONTHS: Decimal("0.1"),
    Kpi.CHECKIN_SCORE: Decimal("0.01"),
    Kpi.MENTOR_ENERGY: Decimal("0.01"),
    Kpi.TRAINEESHIP_SUCCESS: Decimal("0.1"),
    Kpi.COST_PER_REGISTERED: Decimal("1"),
}
SOURCES = {
    Kpi.HIRED: _("Side-entrants with a supernumerary placement in the programme."),
    Kpi.DROPOUT_6: _(
        "Share of the programme's side-entrants who started at least 6 months (183 days) ago "
        "and whose employment ended within 6 months of their start."
    ),
    Kpi.DROPOUT_12: _(
        "Share of the programme's side-entrants who started at least 12 months (365 days) ago "
        "and whose employment ended within 12 months of their start."
    ),
    Kpi.DROPOUT_24: _(
        "Share of the programme's side-entrants who started at least 24 months (730 days) ago "
        "and whose employment ended within 24 months of their start."
    ),
    Kpi.REGISTRATION_MONTHS: _(
        "Average months from the start in the programme to the SKJ registration recorded in "
        "training, over those registered."
    ),
    Kpi.CHECKIN_SCORE: _("Average 'how it goes' score of the held check-ins (mentoring)."),
    Kpi.MENTOR_ENERGY: _("Average energy in the pulse answers of the programme's mentors."),
    Kpi.TRAINEESHIP_SUCCESS: _(
        "Share of traineeship reviews whose five success criteria average 4 or more."
    ),
    Kpi.COST_PER_REGISTERED: _(
        "Wage cost of the programme's placements (FTE x 36 hours a week x the hourly wage cost "
        "in the capacity settings) divided by the number registered; not the financial plan."
    ),
}


class DayNumber(Func):
    """A date as a whole number of days, so date differences are plain integers."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((%(expressions)s)::date - DATE '1970-01-01')",
            **extra,
        )


def _day(value: datetime.date) -> DayNumber:
    return DayNumber(Value(value, output_field=DateField()))


def trend_days(today: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The last day of each of the `months` months before today's month, oldest first."""
    days = []
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    for _i in range(months):
        days.append(month_end)
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(days))


def traffic_light(actual, target, *, at_most: bool) -> str:
    """Green when met, orange when within 10% of the target, red otherwise, grey without data."""
    if actual is None or target is None:
        return GREY
    actual, target = Decimal(actual), Decimal(target)
    if at_most:
        if actual <= target:
            return GREEN
        return ORANGE if actual <= target * (1 + ORANGE_MARGIN) else RED
    if actual >= target:
        return GREEN
    return ORANGE if actual >= target * (1 - ORANGE_MARGIN) else RED


def small(count: int | None) -> str:
    """A count of people for display: anything under 5 shows as "<5"."""
    return small_numbers.show(count)


def _round(kpi, value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(PLACES[kpi], rounding=ROUND_HALF_UP)


def _people(programme: Programme):
    """The programme's side-entrants, one row each: first programme start, end, registration.

    A grouped queryset (per employee); `_people_figures` aggregates over it as a derived
    table, so the per-person start is computed once per person.
    """
    placements = programme_placements(programme)
    people = (
        placements.order_by()
        .values("employee_id")
        .annotate(
            programme_start=Min("start_date"),
            ended_on=Max("employee__employment_end"),
            registered_on=Max("employee__skj_registration_date"),
            start_days=DayNumber(Min("start_date")),
            end_days=DayNumber(Max("employee__employment_end")),
            registered_days=DayNumber(Max("employee__skj_registration_date")),
        )
    )
    return placements, people


def _people_figures(people, days) -> dict:
    """Hired, dropout 6/12/24 and months to registration per day: one query.

    Written as plain SQL over the grouped per-person query: with seven moments this
    is over a hundred filtered aggregates, which the ORM takes long to compile. The
    SQL is standard (FILTER clauses) and runs on PostgreSQL and SQLite alike.
    """
    inner_sql, inner_params = people.query.sql_with_params()
    columns, params = [], []
    for i, day in enumerate(days):
        on = day.isoformat()
        columns.append(f"COUNT(*) FILTER (WHERE programme_start <= %s) AS hired{i}")
        params.append(on)
        for months, span in MONTH_DAYS.items():
            cohort_start = (day - datetime.timedelta(days=span)).isoformat()
            columns.append(f"COUNT(*) FILTER (WHERE programme_start <= %s) AS cohort{months}_{i}")
            columns.append(
                f"COUNT(*) FILTER (WHERE programme_start <= %s AND ended_on IS NOT NULL "
                f"AND ended_on <= %s AND end_days < start_days + {int(span)}) "
                f"AS left{months}_{i}"
            )
            params += [cohort_start, cohort_start, on]
        registered = "registered_on <= %s AND registered_on >= programme_start"
        columns.append(f"COUNT(*) FILTER (WHERE {registered}) AS registered{i}")
        columns.append(
            f"AVG(registered_days - start_days) FILTER (WHERE {registered}) AS regdays{i}"
        )
        params += [on, on]
    sql = f"SELECT {', '.join(columns)} FROM ({inner_sql}) people"  # noqa: S608 - no user input
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _fte_days(placements, days) -> dict:
    """Per day: the sum of FTE x days placed up to that day: one query."""
    aggregates = {}
    for i, day in enumerate(days):
        placed_until = Least(Coalesce(DayNumber(F("end_date")), _day(day)), _day(day))
        aggregates[f"fte_days{i}"] = Sum(
            F("fte") * (placed_until - DayNumber(F("start_date")) + 1),
            filter=Q(start_date__lte=day),
        )
    return placements.aggregate(**aggregates)


@dataclass
class KpiRow:
    kpi: str
    label: str
    at_most: bool
    source: str
    target: Decimal | None = None
    note: str = ""
    actual: Decimal | None = None
    basis: int | None = None
    light: str = GREY
    trend: list = field(default_factory=list)  # [(day, value)], oldest first
    # The people `actual` rests on, and those of each trend value: the small-number rule
    # decides from them what a manager may see (`actual_figure`, `trend_cells`).
    people: int | None = None
    trend_people: list = field(default_factory=list)

    @property
    def actual_figure(self) -> small_numbers.Figure:
        return small_numbers.Figure(self.actual, self.people)

    @property
    def trend_cells(self) -> list[tuple[datetime.date, small_numbers.Figure]]:
        return [
            (day, small_numbers.Figure(value, people))
            for (day, value), people in zip(self.trend, self.trend_people, strict=True)
        ]

    @property
    def light_shown(self) -> str:
        """The light for managers: "few" where it would tell about fewer than 5 people."""
        if self.actual is not None and self.actual_figure.suppressed:
            return FEW
        return self.light

    @property
    def light_shown_label(self) -> str:
        return LIGHT_LABELS[self.light_shown]

    @property
    def comparison(self) -> str:
        return "≤" if self.at_most else "≥"

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]

    @property
    def basis_display(self) -> str:
        # The basis counts check-ins or reviews for some KPIs: it shows when the people
        # behind it may be shown.
        people = self.basis if self.people is None else self.people
        return small_numbers.show(self.basis, people)

    @property
    def direction(self) -> str:
        """up / down / flat against the last month end, or '' without both numbers shown."""
        previous = self.trend_cells[-1][1].number if self.trend else None
        if previous is None or self.actual_figure.number is None:
            return ""
        if self.actual > previous:
            return "up"
        return "down" if self.actual < previous else "flat"


def evaluate(programme: Programme, *, today: datetime.date | None = None) -> dict:
    """Every KPI of the programme: target, actual today, traffic light and monthly trend."""
    from mentoring import selectors as mentoring_selectors
    from traineeship import selectors as traineeship_selectors

    today = today or timezone.localdate()
    days = [*trend_days(today), today]
    placements, people = _people(programme)
    person_ids = placements.values("employee_id")

    figures = _people_figures(people, days)
    fte_days = _fte_days(placements, days)
    settings = CapacitySettings.objects.filter(organisation_id=programme.organisation_id).first()
    hourly = settings.hourly_wage_cost if settings else DEFAULT_HOURLY_COST
    checkins = mentoring_selectors.checkin_score_trend(mentee_ids=person_ids, days=days)
    energy = mentoring_selectors.mentor_energy_trend(mentee_ids=person_ids, days=days)
    success = traineeship_selectors.success_share_trend(employee_ids=person_ids, days=days)

    def value(kpi, i, day):
        """(value, basis, people) of one KPI on one day, or (None, basis, people) without data.

        `people` is what the value rests on: for a rate the smaller of the people counted
        above and below the line (2 of 20 dropped out rests on 2 people).
        """
        if kpi == Kpi.HIRED:
            return figures[f"hired{i}"], figures[f"hired{i}"], figures[f"hired{i}"]
        if kpi in DROPOUT_KPIS:
            months = DROPOUT_KPIS[kpi]
            cohort, left = figures[f"cohort{months}_{i}"], figures[f"left{months}_{i}"]
            if not cohort:
                return None, cohort, cohort
            return Decimal(left) * 100 / cohort, cohort, min(left, cohort)
        if kpi == Kpi.REGISTRATION_MONTHS:
            registered, days_to = figures[f"registered{i}"], figures[f"regdays{i}"]
            if not registered or days_to is None:
                return None, registered, registered
            return Decimal(str(days_to)) / DAYS_PER_MONTH, registered, registered
        if kpi == Kpi.CHECKIN_SCORE:
            return checkins[day]
        if kpi == Kpi.MENTOR_ENERGY:
            return energy[day]
        if kpi == Kpi.TRAINEESHIP_SUCCESS:
            return success[day]
        if kpi == Kpi.COST_PER_REGISTERED:
            registered, fte_day_sum = figures[f"registered{i}"], fte_days[f"fte_days{i}"]
            if not registered or fte_day_sum is None:
                return None, registered, registered
            cost = Decimal(str(fte_day_sum)) * HOURS_PER_FTE_WEEK / 7 * hourly
            return cost / registered, registered, registered
        raise ValueError(kpi)

    goals = {goal.kpi: goal for goal in programme.goals.all()}
    rows = []
    for kpi, label in Kpi.choices:
        goal = goals.get(kpi)
        series = []
        for i, day in enumerate(days):
            raw, basis, people = value(kpi, i, day)
            if not basis:
                raw = None if kpi != Kpi.HIRED else raw
            series.append((day, _round(kpi, raw), basis, people))
        _day_now, actual, basis, people = series[-1]
        target = goal.target if goal else None
        rows.append(
            KpiRow(
                kpi=kpi,
                label=str(label),
                at_most=kpi in AT_MOST_KPIS,
                source=str(SOURCES[kpi]),
                target=target,
                note=goal.note if goal else "",
                actual=actual,
                basis=basis,
                light=traffic_light(actual, target, at_most=kpi in AT_MOST_KPIS),
                trend=[(day, val) for day, val, _b, _p in series[:-1]],
                people=people,
                trend_people=[p for _d, _v, _b, p in series[:-1]],
            )
        )
    return {
        "rows": rows,
        "goal_rows": [row for row in rows if row.target is not None],
        "chart": trend_chart(rows, today),
        "today": today,
        "trend_days": days[:-1],
        "hourly_wage_cost": hourly,
    }


def _number(value) -> float | None:
    return None if value is None else float(value)


def trend_chart(rows: list[KpiRow], today: datetime.date) -> dict:
    """Chart data for the KPIs with a goal: month ends plus today, and the target line.

    The same figures are in the page's table; counts of people (the basis) are not sent,
    and a value resting on fewer than 5 people is a gap.
    """
    kpis = []
    for row in rows:
        if row.target is None:
            continue
        values = [_number(figure.number) for _day, figure in row.trend_cells]
        values.append(_number(row.actual_figure.number))
        kpis.append(
            {
                "label": row.label,
                "values": values,
                "target": _number(row.target),
                "light": row.light_shown,
            }
        )
    labels = [day.strftime("%m-%Y") for day, _value in (rows[0].trend if rows else [])]
    return {
        "labels": [*labels, str(_("today"))],
        "kpis": kpis,
        "names": {"actual": str(_("Actual")), "target": str(_("Target"))},
    }
