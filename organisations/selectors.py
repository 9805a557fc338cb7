"""Every non-trivial read of organisations data, already scoped to the user."""

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .models import Employee, Organisation, Placement, Team

ZERO_FTE = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=2))


def _active_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def _count_subquery(model, field: str, extra: Q | None = None):
    qs = model.objects.filter(**{field: OuterRef("pk")})
    if extra is not None:
        qs = qs.filter(extra)
    return Coalesce(
        Subquery(
            qs.order_by().values(field).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_staffing(teams: QuerySet[Team], *, day: datetime.date | None = None) -> QuerySet[Team]:
    """Annotate teams with occupied and supernumerary FTE and headcount on `day` (in SQL)."""
    day = day or timezone.localdate()
    active = _active_on(day, "placements__")
    regular = active & Q(placements__formation_kind=Placement.FormationKind.REGULAR)
    extra = active & Q(placements__formation_kind=Placement.FormationKind.SUPERNUMERARY)
    return teams.annotate(
        occupied_fte=Coalesce(Sum("placements__fte", filter=regular), ZERO_FTE),
        supernumerary_fte=Coalesce(Sum("placements__fte", filter=extra), ZERO_FTE),
        supernumerary_count=Count("placements", filter=extra),
    ).annotate(open_fte=F("formation_fte") - F("occupied_fte"))


def organisation_list(*, user, search: str = "") -> QuerySet[Organisation]:
    """Organisations the user belongs to, with team and employee counts."""
    qs = access.scoped(user, Organisation)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(city__icontains=search))
    return qs.annotate(
        team_count=_count_subquery(Team, "organisation"),
        employee_count=_count_subquery(Employee, "organisation"),
        side_entrant_count=_count_subquery(Employee, "organisation", Q(is_side_entrant=True)),
    ).order_by("name")


def organisation_teams(*, organisation: Organisation) -> QuerySet[Team]:
    """The teams of one organisation with today's staffing."""
    return with_staffing(Team.objects.filter(organisation=organisation)).order_by("name")


def team_list(*, user, organisation_id: int | None = None) -> QuerySet[Team]:
    qs = access.scoped(user, Team).select_related("organisation")
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


def team_overview(teams: QuerySet[Team]) -> QuerySet[Team]:
    """The team list's rows: today's staffing and the number of employees (in SQL)."""
    return (
        with_staffing(teams)
        .annotate(employee_count=_count_subquery(Employee, "team"))
        .order_by("organisation__name", "name", "pk")
    )


def team_placements(*, team: Team, day: datetime.date | None = None) -> QuerySet[Placement]:
    """Placements active in `team` on `day`, with their employees."""
    day = day or timezone.localdate()
    return (
        Placement.objects.filter(team=team)
        .filter(_active_on(day))
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name")
    )


def employee_list(*, user, filters: dict | None = None) -> QuerySet[Employee]:
    """Employees the user may see, with organisation and team, for the list page."""
    return access.scoped(user, Employee).select_related("organisation", "team")


def employee_detail_queryset(*, user) -> QuerySet[Employee]:
    """Scoped employees with what the detail page shows, fetched up front."""
    return (
        access.scoped(user, Employee)
        .select_related("organisation", "team", "user")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("team", "organisation").order_by(
                    "-start_date"
                ),
            )
        )
    )


def employee_history(*, employee: Employee, limit: int = 20):
    """The latest recorded changes to an employee and their placements, newest first."""
    employee_changes = list(
        employee.history.select_related("history_user").order_by("-history_date")[:limit]
    )
    placement_changes = list(
        Placement.history.filter(employee_id=employee.pk)
        .select_related("history_user", "team")
        .order_by("-history_date")[:limit]
    )
    for change in employee_changes:
        change.subject = _("employee record")
    for change in placement_changes:
        change.subject = _("placement in %(team)s") % {"team": change.team.name}
    changes = sorted(
        employee_changes + placement_changes, key=lambda h: h.history_date, reverse=True
    )
    return changes[:limit]


def current_placement(employee: Employee, day: datetime.date | None = None):
    """The employee's placement active on `day`, from prefetched placements."""
    day = day or timezone.localdate()
    for placement in employee.placements.all():
        if placement.is_active_on(day):
            return placement
    return None


def side_entrant_summary(*, organisation_ids, day: datetime.date | None = None) -> dict:
    """Counts for the home pages: side-entrants, active supernumerary placements and FTE."""
    day = day or timezone.localdate()
    supernumerary = Placement.objects.filter(
        organisation_id__in=organisation_ids,
        formation_kind=Placement.FormationKind.SUPERNUMERARY,
    ).filter(_active_on(day))
    totals = supernumerary.aggregate(count=Count("pk"), fte=Coalesce(Sum("fte"), ZERO_FTE))
    return {
        "side_entrants": Employee.objects.filter(
            organisation_id__in=organisation_ids, is_side_entrant=True
        ).count(),
        "supernumerary_count": totals["count"],
        "supernumerary_fte": totals["fte"],
    }


def placements_ending(*, organisation_ids, within_days: int = 60, day=None) -> QuerySet[Placement]:
    """Placements that end in the coming `within_days` days: someone must act on them."""
    day = day or timezone.localdate()
    return (
        Placement.objects.filter(
            organisation_id__in=organisation_ids,
            end_date__gte=day,
            end_date__lte=day + datetime.timedelta(days=within_days),
        )
        .select_related("employee", "team")
        .order_by("end_date")
    )
