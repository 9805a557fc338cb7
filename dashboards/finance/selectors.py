"""Reads for the financial plan and the subsidy list, scoped to the user."""

import datetime
from decimal import Decimal

from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from organisations import access
from organisations.roles import Role

from .. import sources
from ..models import (
    CapacitySettings,
    FinanceLine,
    FinancePlan,
    Programme,
    SubsidyApplication,
    SubsidyDeadline,
)
from ..programmes.selectors import programme_placements
from . import plan

FINANCE_ROLES = frozenset({Role.MANAGER, Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN})


def may_use_finance(user) -> bool:
    """Managers, HR advisors and functional admins of some organisation."""
    return access.has_role(user, FINANCE_ROLES)


@access.register_scope(SubsidyApplication)
def visible_subsidy_applications(user) -> QuerySet[SubsidyApplication]:
    return SubsidyApplication.objects.filter(
        programme__organisation_id__in=access.organisation_ids(user, FINANCE_ROLES)
    )


@access.register_scope(SubsidyDeadline)
def visible_subsidy_deadlines(user) -> QuerySet[SubsidyDeadline]:
    return SubsidyDeadline.objects.filter(
        application__programme__organisation_id__in=access.organisation_ids(user, FINANCE_ROLES)
    )


@access.register_scope(FinanceLine)
def visible_finance_lines(user) -> QuerySet[FinanceLine]:
    return FinanceLine.objects.filter(
        programme__organisation_id__in=access.organisation_ids(user, FINANCE_ROLES)
    )


def finance_programmes(user) -> QuerySet[Programme]:
    return access.scoped(user, Programme).filter(
        organisation_id__in=access.organisation_ids(user, FINANCE_ROLES)
    )


def capacity_settings_of(programme: Programme) -> CapacitySettings:
    """The organisation's capacity settings, or the defaults (unsaved)."""
    found = CapacitySettings.objects.filter(organisation_id=programme.organisation_id).first()
    return found or CapacitySettings(organisation_id=programme.organisation_id)


def plan_for(programme: Programme, *, settings: CapacitySettings | None = None) -> FinancePlan:
    """The programme's plan, or an unsaved one with the organisation's hourly wage cost."""
    existing = FinancePlan.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    settings = settings or capacity_settings_of(programme)
    return FinancePlan(programme=programme, hourly_wage_cost=settings.hourly_wage_cost)


def assumptions_of(finance_plan: FinancePlan) -> plan.Assumptions:
    return plan.Assumptions(
        hourly_wage_cost=finance_plan.hourly_wage_cost,
        hours_per_fte_per_week=finance_plan.hours_per_fte_per_week,
        training_cost_per_person=finance_plan.training_cost_per_person,
        mentor_hourly_cost=finance_plan.mentor_hourly_cost,
        mentor_hours_per_month=finance_plan.mentor_hours_per_month,
        alternative_cost_per_fte_month=finance_plan.alternative_cost_per_fte_month,
    )


def people_of(
    programme: Programme, *, settings: CapacitySettings | None = None
) -> list[plan.Person]:
    """The programme's supernumerary placements as people for the plan.

    A person is on top of formation until the placement ends, or else until their SKJ
    registration (actual, planned from a training track, or start + the organisation's
    planned months to registration). Who left the organisation before that converts
    nothing; who converted saves money until they leave.
    """
    rows = list(
        programme_placements(programme).values_list(
            "employee_id",
            "fte",
            "start_date",
            "end_date",
            "employee__employment_end",
            "employee__skj_registration_date",
        )
    )
    if not rows:
        return []
    planned = sources.planned_registration_dates(employee_ids=[r[0] for r in rows]) or {}
    default_months = (settings or capacity_settings_of(programme)).months_to_registration
    people = []
    for employee_id, fte, start, end, left, registered in rows:
        until = end or registered or planned.get(employee_id)
        if until is None:
            until = plan.add_months(start, default_months) - datetime.timedelta(days=1)
        converts = True
        if left is not None and left <= until and registered is None:
            until, converts = left, False
        people.append(
            plan.Person(
                fte=Decimal(fte),
                start=start,
                until=max(until, start),
                converts=converts,
                leaves=left if converts and left is not None and left > until else None,
            )
        )
    return people


def planned_people(finance_plan: FinancePlan) -> list[plan.Person]:
    """The side-entrants the plan still means to hire, all starting on the planned day."""
    if not finance_plan.planned_hires or finance_plan.planned_start is None:
        return []
    start = finance_plan.planned_start
    until = plan.add_months(start, finance_plan.planned_months_supernumerary) - datetime.timedelta(
        days=1
    )
    person = plan.Person(fte=finance_plan.planned_hire_fte, start=start, until=until)
    return [person] * finance_plan.planned_hires


def amounts_of(programme: Programme) -> tuple[list[FinanceLine], list[SubsidyApplication], list]:
    lines = list(FinanceLine.objects.filter(programme=programme))
    applications = list(SubsidyApplication.objects.filter(programme=programme))
    amounts = [
        plan.Amount(
            amount=line.amount, start=line.starts_on, months=line.months, category=line.kind
        )
        for line in lines
    ]
    for application in applications:
        if application.status in SubsidyApplication.FUNDED and application.amount_granted:
            months = plan.month_index(application.period_start, application.period_end) + 1
            amounts.append(
                plan.Amount(
                    amount=application.amount_granted,
                    start=application.period_start,
                    months=months,
                    category="subsidy",
                )
            )
    return lines, applications, amounts


def finance_overview(programme: Programme) -> dict:
    """Everything the financial plan page shows: assumptions, inputs, months, break-even."""
    settings = capacity_settings_of(programme)
    finance_plan = plan_for(programme, settings=settings)
    assumptions = assumptions_of(finance_plan)
    people = people_of(programme, settings=settings) + planned_people(finance_plan)
    lines, applications, amounts = amounts_of(programme)
    rows = plan.monthly_plan(
        start=programme.starts_on,
        months=finance_plan.horizon_months,
        assumptions=assumptions,
        people=people,
        amounts=amounts,
    )
    last = rows[-1]
    return {
        "plan": finance_plan,
        "assumptions": assumptions,
        "people_count": len(people),
        "people_fte": sum((p.fte for p in people), Decimal("0")),
        "lines": lines,
        "applications": applications,
        "rows": rows,
        "break_even": plan.break_even(rows),
        "totals": {
            "costs": last.cumulative_costs,
            "funding": last.cumulative_funding,
            "savings": last.cumulative_savings,
            "net": last.cumulative_net,
        },
    }


def subsidy_overview(user, *, today: datetime.date | None = None) -> dict:
    """Programmes and subsidy applications of the user's organisations, the application
    with the nearest open deadline first; each with its deadlines (overdue flagged)."""
    today = today or timezone.localdate()
    open_deadlines = Q(deadlines__done_at__isnull=True)
    applications = list(
        access.scoped(user, SubsidyApplication)
        .select_related("programme__organisation")
        .annotate(next_due=Min("deadlines__due_on", filter=open_deadlines))
        .annotate(
            has_overdue=Exists(
                SubsidyDeadline.objects.filter(
                    application=OuterRef("pk"), done_at__isnull=True, due_on__lt=today
                )
            )
        )
        .prefetch_related(Prefetch("deadlines", queryset=SubsidyDeadline.objects.all()))
        # Applications without an open deadline go last.
        .order_by(F("next_due").asc(nulls_last=True), "programme__name", "pk")
    )
    programmes = list(finance_programmes(user).select_related("organisation").order_by("name"))
    return {"applications": applications, "programmes": programmes, "today": today}
