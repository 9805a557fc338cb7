"""The 24-month forecast: the supernumerary pool converting into formation.

`project` is a pure function over already aggregated inputs, so its arithmetic can be
tested with hand-made numbers; `forecast_for` gathers those inputs for the organisations
a manager may see.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from organisations import figures as small_numbers
from organisations.models import Employee, Placement, Team

from . import sources
from .capacity import dashboard_organisation_ids
from .models import CapacitySettings

MAX_MONTHS = 60
ZERO = Decimal("0")


@dataclass(frozen=True)
class PoolMember:
    fte: Decimal
    registration: datetime.date  # planned date of SKJ registration


@dataclass(frozen=True)
class Month:
    month: datetime.date
    pool_fte: Decimal  # expected supernumerary FTE still in the pool
    converted_fte: Decimal  # expected FTE moved into formation so far
    vacancies_fte: Decimal  # open formation plus expected outflow so far
    gap_fte: Decimal  # vacancies not yet filled by converted side-entrants


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return datetime.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def project(
    *,
    start: datetime.date,
    months: int,
    members: list[PoolMember],
    open_formation_fte: Decimal,
    occupied_fte: Decimal,
    yearly_outflow_percent: Decimal,
    monthly_dropout: Decimal,
    delay_months: int = 0,
) -> list[Month]:
    """Month by month from the first of `start`'s month, `months` long (1-60).

    A member counts as converted from the month of their registration (plus
    `delay_months` in the realistic variant) if they are still there: each month a
    share `monthly_dropout` of the pool leaves. Formation loses `occupied_fte` x the
    yearly outflow / 12 each month; those vacancies add to today's open formation.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError("months must be between 1 and 60")
    first = datetime.date(start.year, start.month, 1)
    survive = Decimal("1") - monthly_dropout
    monthly_outflow = occupied_fte * yearly_outflow_percent / Decimal("1200")
    rows = []
    for index in range(1, months + 1):
        month = add_months(first, index)
        pool = converted = ZERO
        for member in members:
            registered = add_months(member.registration, delay_months)
            if registered < month:
                elapsed = _months_between(first, registered)
                converted += member.fte * survive**elapsed
            else:
                pool += member.fte * survive**index
        vacancies = open_formation_fte + monthly_outflow * index
        rows.append(
            Month(
                month=month,
                pool_fte=pool.quantize(Decimal("0.01")),
                converted_fte=converted.quantize(Decimal("0.01")),
                vacancies_fte=vacancies.quantize(Decimal("0.01")),
                gap_fte=(vacancies - converted).quantize(Decimal("0.01")),
            )
        )
    return rows


def _months_between(first: datetime.date, day: datetime.date) -> int:
    return max(0, (day.year - first.year) * 12 + day.month - first.month)


def forecast_for(*, user, organisation_id: int | None = None, months: int = 24, today=None):
    """Planned and realistic projections for the manager's organisations."""
    today = today or timezone.localdate()
    org_ids = dashboard_organisation_ids(user)
    if organisation_id is not None:
        org_ids &= {organisation_id}
    settings = {
        s.organisation_id: s for s in CapacitySettings.objects.filter(organisation_id__in=org_ids)
    }
    active = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    pool_rows = list(
        Placement.objects.filter(
            active,
            organisation_id__in=org_ids,
            formation_kind=Placement.FormationKind.SUPERNUMERARY,
        ).values_list("employee_id", "organisation_id", "fte", "employee__employment_start")
    )
    planned = sources.planned_registration_dates(employee_ids=[r[0] for r in pool_rows]) or {}
    members = []
    for employee_id, org_id, fte, started in pool_rows:
        default_months = settings.get(org_id, CapacitySettings()).months_to_registration
        members.append(
            PoolMember(
                fte=fte,
                registration=planned.get(employee_id) or add_months(started, default_months),
            )
        )
    from organisations.selectors import with_staffing

    teams = list(with_staffing(Team.objects.filter(organisation_id__in=org_ids), day=today))
    occupied = sum((t.occupied_fte for t in teams), ZERO)
    open_formation = max(ZERO, sum((t.open_fte for t in teams), ZERO))
    outflow = _weighted_outflow(settings, teams)
    dropout, delay, observed = _observed(org_ids, today, settings)
    common = {
        "start": today,
        "months": months,
        "members": members,
        "open_formation_fte": open_formation,
        "occupied_fte": occupied,
        "yearly_outflow_percent": outflow,
        "monthly_dropout": dropout,
    }
    planned_rows = project(**common, delay_months=0)
    realistic_rows = project(**common, delay_months=delay)
    return {
        "planned": planned_rows,
        "realistic": realistic_rows,
        "pool_now": sum((m.fte for m in members), ZERO),
        "monthly_dropout": dropout,
        "monthly_dropout_percent": dropout * 100,
        "delay_months": delay,
        # What a manager sees of the observed rates: "<5" when they rest on fewer than
        # 5 people (the projection itself still uses them; it shows FTE, not people).
        "monthly_dropout_figure": small_numbers.average(
            dropout * 100,
            people=min(observed["dropouts"], observed["side_entrants"]),
            decimals=1,
            unit="%",
        ),
        "delay_figure": small_numbers.average(delay, people=observed["registered"]),
        "yearly_outflow_percent": outflow,
        "pool_empty_planned": _first(planned_rows, lambda r: r.pool_fte < Decimal("0.05")),
        "pool_empty_realistic": _first(realistic_rows, lambda r: r.pool_fte < Decimal("0.05")),
        "gaps_filled_planned": _first(planned_rows, lambda r: r.gap_fte <= 0),
        "gaps_filled_realistic": _first(realistic_rows, lambda r: r.gap_fte <= 0),
    }


def _first(rows, condition):
    return next((row.month for row in rows if condition(row)), None)


def _weighted_outflow(settings, teams) -> Decimal:
    """Outflow % weighted by each organisation's occupied FTE."""
    occupied_by_org: dict[int, Decimal] = {}
    for team in teams:
        occupied_by_org[team.organisation_id] = (
            occupied_by_org.get(team.organisation_id, ZERO) + team.occupied_fte
        )
    total = sum(occupied_by_org.values(), ZERO)
    if not total:
        return CapacitySettings().yearly_outflow_percent
    weighted = sum(
        (
            fte * settings.get(org_id, CapacitySettings()).yearly_outflow_percent
            for org_id, fte in occupied_by_org.items()
        ),
        ZERO,
    )
    return (weighted / total).quantize(Decimal("0.01"))


def _observed(org_ids, today, settings) -> tuple[Decimal, int]:
    """Monthly dropout of side-entrants and the average delay to registration, observed."""
    rows = list(
        Employee.objects.filter(organisation_id__in=org_ids, is_side_entrant=True).values_list(
            "organisation_id", "employment_start", "employment_end", "skj_registration_date"
        )
    )
    exposure_months = 0
    dropouts = 0
    delays = []
    for org_id, started, ended, registered in rows:
        until = min(d for d in (ended, registered, today) if d is not None)
        exposure_months += max(1, _months_between(started, until))
        if ended is not None and ended <= today and registered is None:
            dropouts += 1
        if registered is not None:
            planned = settings.get(org_id, CapacitySettings()).months_to_registration
            delays.append(_months_between(started, registered) - planned)
    dropout = (Decimal(dropouts) / Decimal(exposure_months)) if exposure_months else ZERO
    delay = max(0, round(sum(delays) / len(delays))) if delays else 0
    people = {"dropouts": dropouts, "side_entrants": len(rows), "registered": len(delays)}
    return dropout.quantize(Decimal("0.0001")), delay, people
