"""Reads of the support pyramid, already scoped to the user."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils import timezone

from organisations import access
from organisations.figures import Figure, average, with_total
from organisations.models import Employee, Organisation, Placement

from . import permissions
from .models import (
    AbsenceRecord,
    DevelopmentSupervisor,
    Escalation,
    Intervention,
    Level,
    OnboardingChoice,
    SupportRequest,
    TargetGroup,
    Trajectory,
    TrajectoryAccessLog,
)

NEW_EMPLOYEE_DAYS = 365


# --- pyramid --------------------------------------------------------------------------------


def _viewer_employees(user) -> list[Employee]:
    return list(
        Employee.objects.filter(user=user).only("pk", "organisation_id", "employment_start")
    )


def pyramid_for(*, user, today: datetime.date | None = None) -> list[dict]:
    """The three levels, top first, each with the interventions open to the viewer.

    An employee sees the offers of their own organisation meant for their group
    (new < 1 year, or current); staff without an employee record there see them all.
    """
    today = today or timezone.localdate()
    groups_by_org: dict[int, set[str]] = {}
    for employee in _viewer_employees(user):
        is_new = (today - employee.employment_start).days < NEW_EMPLOYEE_DAYS
        group = TargetGroup.NEW if is_new else TargetGroup.CURRENT
        groups_by_org[employee.organisation_id] = {group, TargetGroup.BOTH}
    condition = Q()
    org_ids = permissions.viewer_organisation_ids(user)
    for org_id in org_ids:
        if org_id in groups_by_org:
            condition |= Q(organisation_id=org_id, target_group__in=groups_by_org[org_id])
        else:
            condition |= Q(organisation_id=org_id)
    interventions = (
        list(
            access.scoped(user, Intervention)
            .filter(condition, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        if org_ids
        else []
    )
    levels = []
    for level in sorted(Level, key=lambda lv: -lv.value):
        levels.append(
            {
                "level": level,
                "interventions": [i for i in interventions if i.level == level.value],
            }
        )
    return levels


def viewer_is_new(*, user, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return any(
        (today - e.employment_start).days < NEW_EMPLOYEE_DAYS for e in _viewer_employees(user)
    )


def intervention_list(*, user) -> QuerySet[Intervention]:
    """The catalogue entries of organisations the user administers."""
    org_ids = access.organisation_ids(user, permissions.CATALOGUE_ROLES)
    return (
        Intervention.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .order_by("organisation__name", "level", "name")
    )


# --- requests and trajectories ----------------------------------------------------------------


def request_inbox(*, user) -> QuerySet[SupportRequest]:
    """Open requests for the coordinator's organisations, oldest first."""
    return (
        SupportRequest.objects.filter(
            organisation_id__in=permissions.coordinator_org_ids(user),
            status=SupportRequest.Status.OPEN,
        )
        .select_related("employee", "organisation", "requested_by")
        .order_by("created_at")
    )


def trajectory_list(*, user, filters: dict | None = None) -> QuerySet[Trajectory]:
    """Trajectories of the coordinator's organisations; no special-category fields loaded."""
    filters = filters or {}
    qs = (
        Trajectory.objects.filter(organisation_id__in=permissions.coordinator_org_ids(user))
        .select_related("employee", "organisation", "intervention")
        .defer("notes", "trigger_category", "advised_adjustments")
    )
    if filters.get("level"):
        qs = qs.filter(level=filters["level"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("search"):
        term = filters["search"]
        qs = qs.filter(
            Q(employee__first_name__icontains=term) | Q(employee__last_name__icontains=term)
        )
    return qs.order_by("-start_date", "-pk")


def trajectory_detail_queryset(*, user) -> QuerySet[Trajectory]:
    return access.scoped(user, Trajectory).select_related(
        "employee", "employee__team", "organisation", "intervention", "created_by"
    )


def trajectory_escalations(*, trajectory: Trajectory) -> list[Escalation]:
    return list(trajectory.escalations.select_related("decided_by").order_by("date", "pk"))


def own_trajectories(*, user) -> QuerySet[Trajectory]:
    return (
        Trajectory.objects.filter(employee__user=user)
        .select_related("organisation", "intervention")
        .order_by("-start_date", "-pk")
    )


def own_requests(*, user) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(employee__user=user).order_by("-created_at")[:20]


def own_access_log(*, user, limit: int = 200) -> QuerySet[TrajectoryAccessLog]:
    """Every read of (and attempt to open) the user's own trajectories."""
    return (
        TrajectoryAccessLog.objects.filter(trajectory__employee__user=user)
        .select_related("user", "trajectory")
        .order_by("-at", "-pk")[:limit]
    )


def absence_list(*, user) -> QuerySet[AbsenceRecord]:
    """Sick-leave periods of the HR advisor's organisations, newest first."""
    return (
        access.scoped(user, AbsenceRecord)
        .select_related("employee", "organisation")
        .order_by("-start_date", "-pk")
    )


# --- onboarding and roster --------------------------------------------------------------------


def onboarding_list(*, user, today: datetime.date | None = None) -> QuerySet[Employee]:
    """Employees in their first year in the user's organisations, with their onboarding choice."""
    today = today or timezone.localdate()
    org_ids = access.organisation_ids(user, permissions.ONBOARDING_ROLES)
    since = today - datetime.timedelta(days=NEW_EMPLOYEE_DAYS)
    return (
        Employee.objects.filter(organisation_id__in=org_ids, employment_start__gte=since)
        .select_related("organisation", "team", "onboarding_choice")
        .order_by("-employment_start", "last_name", "pk")
    )


def onboarding_totals(employees: QuerySet[Employee]) -> dict:
    """All rows of the onboarding list, and those without a recorded start, in one query."""
    return employees.order_by().aggregate(
        total=Count("pk"), not_recorded=Count("pk", filter=Q(onboarding_choice__isnull=True))
    )


@dataclass
class RosterRow:
    supervisor: DevelopmentSupervisor
    ends_soon: bool
    ended: bool


def supervisor_roster(*, user, today: datetime.date | None = None, soon_days: int = 90) -> list:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=soon_days)
    rows = (
        access.scoped(user, DevelopmentSupervisor)
        .select_related("employee", "organisation")
        .order_by("organisation__name", "term_end", "employee__last_name")
    )
    return [
        RosterRow(s, ends_soon=today <= s.term_end <= soon, ended=s.term_end < today) for s in rows
    ]


# --- figures for managers ---------------------------------------------------------------------


class DaysBetween(Func):
    """`end - start` in days (inclusive of neither); portable across PostgreSQL and SQLite."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        if connection.vendor == "postgresql":
            sql = f"(({end_sql})::date - ({start_sql})::date)"
        else:
            sql = f"(julianday({end_sql}) - julianday({start_sql}))"
        return sql, (*end_params, *start_params)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def _overlap_days(start_field, end_field, q_start, q_end):
    """Inclusive days of [start, end or open] that fall inside the quarter (may be <= 0)."""
    return (
        DaysBetween(
            Least(Coalesce(F(end_field), Value(q_end)), Value(q_end)),
            Greatest(F(start_field), Value(q_start)),
        )
        + 1
    )


def organisation_figures(*, organisation: Organisation, year: int, quarter: int) -> dict:
    """Aggregates of one organisation in one quarter, each computed in one SQL query.

    No figure names a person; any figure from fewer than 5 people is suppressed
    (`organisations.figures`).
    """
    q_start, q_end = quarter_bounds(year, quarter)
    org_trajectories = Trajectory.objects.filter(organisation=organisation)

    in_quarter = org_trajectories.filter(start_date__gte=q_start, start_date__lte=q_end)
    started_all = in_quarter.aggregate(n=Count("pk"), people=Count("employee", distinct=True))
    started = {
        row["level"]: row
        for row in in_quarter.values("level")
        .annotate(n=Count("pk"), people=Count("employee", distinct=True))
        .order_by()
    }
    per_level = [
        {
            "level": level,
            "figure": Figure(
                started.get(level.value, {}).get("n", 0),
                started.get(level.value, {}).get("people", 0),
            ),
        }
        for level in Level
    ]

    started_total = with_total(
        [row["figure"] for row in per_level], Figure(started_all["n"], started_all["people"])
    )

    up, down = Q(to_level__gt=F("from_level")), Q(to_level__lt=F("from_level"))
    esc = Escalation.objects.filter(
        organisation=organisation, date__gte=q_start, date__lte=q_end
    ).aggregate(
        up=Count("pk", filter=up),
        down=Count("pk", filter=down),
        up_people=Count("employee", filter=up, distinct=True),
        down_people=Count("employee", filter=down, distinct=True),
    )

    finished = org_trajectories.filter(ended_on__gte=q_start, ended_on__lte=q_end).aggregate(
        avg_days=Avg(DaysBetween(F("ended_on"), F("start_date"))),
        people=Count("employee", distinct=True),
    )
    avg_weeks = round(finished["avg_days"] / 7, 1) if finished["avg_days"] is not None else 0

    # Absence rate: sick days / contract days, both weighted by part-time factor (FTE).
    contract = (
        Placement.objects.filter(organisation=organisation, start_date__lte=q_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=q_start))
        .aggregate(
            days=Sum(
                _overlap_days("start_date", "end_date", q_start, q_end)
                * Cast(F("fte"), FloatField())
            ),
            people=Count("employee", distinct=True),
        )
    )
    sick = (
        AbsenceRecord.objects.filter(organisation=organisation, start_date__lte=q_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=q_start))
        .aggregate(
            days=Sum(
                _overlap_days("start_date", "end_date", q_start, q_end)
                * Cast(F("employee__fte"), FloatField())
                * Cast(F("percentage"), FloatField())
                / 100.0
            ),
            people=Count("employee", distinct=True),
        )
    )
    contract_days = contract["days"] or 0
    rate = round(100 * (sick["days"] or 0) / contract_days, 1) if contract_days else 0
    # The rate rests on the people who were sick as well as on everyone employed:
    # "3,1%" of a large organisation may still be the sick leave of two colleagues.
    absence = average(
        rate, people=min(contract["people"] or 0, sick["people"] or 0), decimals=1, unit="%"
    )

    has_trajectory = Exists(Trajectory.objects.filter(employee_id=OuterRef("pk")))
    outflow = Employee.objects.filter(
        organisation=organisation, employment_end__gte=q_start, employment_end__lte=q_end
    ).aggregate(
        with_t=Count("pk", filter=Q(has_trajectory)),
        without_t=Count("pk", filter=~Q(has_trajectory)),
    )

    return {
        "organisation": organisation,
        "year": year,
        "quarter": quarter,
        "start": q_start,
        "end": q_end,
        "started_per_level": per_level,
        "started_total": started_total,
        "escalations_up": Figure(esc["up"], esc["up_people"]),
        "escalations_down": Figure(esc["down"], esc["down_people"]),
        "average_weeks": average(avg_weeks, people=finished["people"], decimals=1),
        "absence_rate": absence,
        "absence_rate_number": absence.number,
        "outflow_with": Figure(outflow["with_t"], outflow["with_t"]),
        "outflow_without": Figure(outflow["without_t"], outflow["without_t"]),
    }


def organisation_trend(
    *, organisation: Organisation, year: int, quarter: int, count: int = 4
) -> list[dict]:
    """The figures of the `count` quarters up to and including the chosen one, oldest first.

    Each quarter is suppressed on its own ("<5"), so the trend gives away no more than
    the quarters one by one; a constant number of queries per quarter.
    """
    quarters = []
    for _ in range(count):
        quarters.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return [
        organisation_figures(organisation=organisation, year=y, quarter=q)
        for y, q in reversed(quarters)
    ]


def figure_organisations(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=access.organisation_ids(user, permissions.FIGURE_ROLES)
    ).order_by("name")


__all__ = [
    "OnboardingChoice",
    "organisation_figures",
    "organisation_trend",
    "pyramid_for",
    "quarter_bounds",
    "request_inbox",
    "supervisor_roster",
    "trajectory_list",
]
