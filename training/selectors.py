"""Reads of training data, already scoped to the user who asks."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring import selectors as mentoring_selectors
from organisations import access
from organisations import figures as small_numbers
from organisations.models import Employee

from .dates import add_months, add_years
from .models import (
    LearningActivity,
    LedgerEntry,
    Level,
    RegistrationRule,
    Route,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)
from .permissions import AGGREGATE_ROLES, training_employees

ZERO = Decimal("0")


def route_list() -> QuerySet[Route]:
    """Routes in use with their milestone templates."""
    return Route.objects.filter(is_active=True).prefetch_related("milestones")


def _milestone_count(**conditions):
    return Coalesce(
        Subquery(
            TrackMilestone.objects.filter(track=OuterRef("pk"), **conditions)
            .order_by()
            .values("track")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def track_list(*, user, status: str = "", route: str = "", search: str = "") -> QuerySet[Track]:
    """Tracks the user may see, with milestone progress counted in SQL."""
    today = timezone.localdate()
    # Correlated subqueries rather than JOIN + GROUP BY: the database counts milestones
    # for the rows of one page only, and the paginator's COUNT stays a plain count.
    qs = (
        access.scoped(user, Track)
        .select_related("employee", "employee__organisation", "route")
        .annotate(
            milestones_total=_milestone_count(),
            milestones_done=_milestone_count(done_on__isnull=False),
            milestones_overdue=_milestone_count(done_on__isnull=True, planned_date__lt=today),
        )
        .order_by("registration_deadline", "employee__last_name", "pk")
    )
    if status in Track.Status.values:
        qs = qs.filter(status=status)
    if route in Route.Code.values:
        qs = qs.filter(route__code=route)
    if search:
        qs = qs.filter(
            Q(employee__last_name__icontains=search) | Q(employee__first_name__icontains=search)
        )
    return qs


def track_get(*, user, pk) -> Track:
    """One track with its milestones; 404 outside the user's scope."""
    return access.get_object_for(
        user,
        Track,
        pk,
        queryset=access.scoped(user, Track)
        .select_related("employee", "employee__organisation", "route")
        .prefetch_related(
            Prefetch("milestones", queryset=TrackMilestone.objects.order_by("order"))
        ),
    )


def track_history(*, track: Track, limit: int = 20) -> list:
    """Who changed the track and when (newest first)."""
    return list(track.history.select_related("history_user").order_by("-history_date")[:limit])


def days_left(track: Track, today: datetime.date | None = None) -> int | None:
    if track.registration_deadline is None:
        return None
    return (track.registration_deadline - (today or timezone.localdate())).days


def next_open_milestone(milestones) -> TrackMilestone | None:
    return next((m for m in milestones if m.done_on is None), None)


def track_aggregates(*, user) -> list[dict]:
    """Counts per organisation, route and status for managers (no individuals).

    Each count is a `Figure` ("<5" under five people, `organisations.figures`); a row's
    total is withheld when it would give away the hidden counts.
    """
    org_ids = access.organisation_ids(user, AGGREGATE_ROLES)
    rows = (
        Track.objects.filter(employee__organisation_id__in=org_ids)
        .values("employee__organisation__name", "route__name", "status")
        .annotate(n=Count("pk"), people=Count("employee", distinct=True))
        .order_by("employee__organisation__name", "route__name", "status")
    )
    labels = dict(Track.Status.choices)
    table: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["employee__organisation__name"], row["route__name"])
        entry = table.setdefault(
            key,
            {"organisation": key[0], "route": key[1], "n": 0, "people": 0, "by_status": {}},
        )
        entry["by_status"][row["status"]] = small_numbers.count(row["n"], people=row["people"])
        entry["n"] += row["n"]
        # A person has one track per route: the people of the statuses add up.
        entry["people"] += row["people"]
    for entry in table.values():
        cells = [entry["by_status"].get(s, small_numbers.count(0)) for s in Track.Status.values]
        entry["statuses"] = [
            (labels[s], cell) for s, cell in zip(Track.Status.values, cells, strict=True)
        ]
        entry["total"] = small_numbers.with_total(
            cells, small_numbers.count(entry["n"], people=entry["people"])
        )
    return list(table.values())


# --- registration ledger ---------------------------------------------------------------------


@dataclass
class Ledger:
    employee: Employee
    rule: RegistrationRule
    period_start: datetime.date | None = None
    due: datetime.date | None = None
    apply_from: datetime.date | None = None
    work_hours: Decimal = ZERO
    formal_points: Decimal = ZERO
    manual_reflection: Decimal = ZERO
    intervision: Decimal = ZERO
    vog_valid_until: datetime.date | None = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def registered(self) -> bool:
        return self.period_start is not None

    @property
    def reflection_hours(self) -> Decimal:
        return self.manual_reflection + self.intervision

    @property
    def apply_warning(self) -> bool:
        return self.registered and self.apply_from <= self.today < self.due

    @property
    def overdue(self) -> bool:
        return self.registered and self.today >= self.due

    @property
    def vog_valid(self) -> bool:
        return self.vog_valid_until is not None and self.vog_valid_until >= self.today

    def _row(self, label, value, required):
        percent = min(100, int(value * 100 / required)) if required else 100
        return {"label": label, "value": value, "required": required, "percent": percent}

    @property
    def rows(self):
        from django.utils.translation import gettext as _

        return [
            self._row(_("Work hours"), self.work_hours, self.rule.work_hours),
            self._row(_("Formal learning (points)"), self.formal_points, self.rule.formal_points),
            self._row(_("Reflection (hours)"), self.reflection_hours, self.rule.reflection_hours),
        ]


def registration_period(
    registration_date: datetime.date, today: datetime.date, years: int
) -> tuple[datetime.date, datetime.date]:
    """The current re-registration period [start, due) that contains `today`."""
    start = registration_date
    due = add_years(start, years)
    while due <= today:
        start, due = due, add_years(due, years)
    return start, due


def ledger_get(*, employee: Employee, today: datetime.date | None = None) -> Ledger:
    """Running totals toward re-registration for the current period (one aggregate query,
    plus intervision hours from mentoring)."""
    today = today or timezone.localdate()
    rule = RegistrationRule.current()
    ledger = Ledger(employee=employee, rule=rule, today=today)
    if employee.vog_date:
        ledger.vog_valid_until = add_years(employee.vog_date, rule.vog_valid_years)
    if not employee.skj_registration_date:
        return ledger
    start, due = registration_period(employee.skj_registration_date, today, rule.period_years)
    ledger.period_start, ledger.due = start, due
    ledger.apply_from = add_months(due, -rule.apply_months_before)
    totals = LedgerEntry.objects.filter(employee=employee, date__gte=start, date__lt=due).aggregate(
        work=Sum("amount", filter=Q(kind=LedgerEntry.Kind.WORK)),
        formal=Sum("amount", filter=Q(kind=LedgerEntry.Kind.FORMAL)),
        reflection=Sum("amount", filter=Q(kind=LedgerEntry.Kind.REFLECTION)),
    )
    ledger.work_hours = totals["work"] or ZERO
    ledger.formal_points = totals["formal"] or ZERO
    ledger.manual_reflection = totals["reflection"] or ZERO
    intervision = mentoring_selectors.intervision_hours(
        employee_ids=[employee.pk], start=start, end=min(today, due)
    )
    ledger.intervision = Decimal(intervision.get(employee.pk, ZERO) or ZERO)
    return ledger


def ledger_entries(*, employee: Employee) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(employee=employee).order_by("-date", "-pk")


def registered_employees(*, user, search: str = "") -> QuerySet[Employee]:
    """Registered employees whose ledger the user may see, with their latest entry date."""
    qs = (
        training_employees(user)
        .filter(skj_registration_date__isnull=False)
        .select_related("organisation")
        .order_by("skj_registration_date", "last_name", "pk")
    )
    if search:
        qs = qs.filter(Q(last_name__icontains=search) | Q(first_name__icontains=search))
    return qs


# --- weighting table and task log ------------------------------------------------------------


def table_list(*, user) -> QuerySet[WeightingTable]:
    return (
        access.scoped(user, WeightingTable)
        .select_related("organisation", "copied_from")
        .annotate(task_count=Count("tasks"))
        .order_by("organisation__name")
    )


def table_tasks(table: WeightingTable) -> list[WeightedTask]:
    """The table's tasks with their derived level set as `.level`."""
    tasks = list(table.tasks.order_by("name"))
    for task in tasks:
        task.level = table.level_for(task)
    return tasks


def tasks_by_level(table: WeightingTable | None, employee: Employee) -> dict[str, list]:
    """What the employee may do now, only under responsibility, or not (registered only)."""
    groups = {level: [] for level in Level.values}
    if table is None:
        return groups
    for task in table_tasks(table):
        level = Level.INDEPENDENT if employee.is_skj_registered else task.level
        groups[level].append(task)
    return groups


def task_mix(*, employee: Employee, today: datetime.date | None = None, days: int = 28) -> dict:
    """Casework vs administrative tasks logged in the last `days` days (one query)."""
    today = today or timezone.localdate()
    counts = TaskLogEntry.objects.filter(
        employee=employee, date__gt=today - datetime.timedelta(days=days), date__lte=today
    ).aggregate(
        casework=Count("pk", filter=Q(category=WeightedTask.Category.CASEWORK)),
        administrative=Count("pk", filter=Q(category=WeightedTask.Category.ADMINISTRATIVE)),
    )
    total = counts["casework"] + counts["administrative"]
    counts["total"] = total
    counts["casework_percent"] = round(counts["casework"] * 100 / total) if total else 0
    counts["administrative_percent"] = 100 - counts["casework_percent"] if total else 0
    return counts


def task_log(*, employee: Employee) -> QuerySet[TaskLogEntry]:
    return (
        TaskLogEntry.objects.filter(employee=employee)
        .select_related("task", "responsible", "signed_off_by")
        .order_by("-date", "-pk")
    )


def responsible_candidates(*, employee: Employee) -> QuerySet[Employee]:
    """Registered colleagues of the employee's organisation: who may be named responsible
    in the task log (what the form validates against)."""
    return (
        Employee.objects.filter(
            organisation_id=employee.organisation_id, skj_registration_date__isnull=False
        )
        .exclude(pk=employee.pk)
        .order_by("last_name", "first_name")
    )


RESPONSIBLE_MATCHES = 20


def responsible_choices(
    *, employee: Employee, search: str = "", selected: str | None = None
) -> QuerySet[Employee]:
    """The candidates the task log form offers (one query): the registered colleagues of the
    employee's team, the employee's current mentors, up to RESPONSIBLE_MATCHES colleagues
    whose name matches `search`, and the one already chosen. A large organisation has
    hundreds of registered professionals; listing them all made the page slow."""
    from mentoring.models import MentorAssignment

    mentors = MentorAssignment.objects.filter(mentee_id=employee.pk, end_date__isnull=True).values(
        "mentor_id"
    )
    offered = Q(pk__in=mentors)
    if employee.team_id is not None:
        offered |= Q(team_id=employee.team_id)
    words = search.split()[:5]
    if words:
        matches = responsible_candidates(employee=employee)
        for word in words:
            word = word[:50]
            matches = matches.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        offered |= Q(pk__in=matches.values("pk")[:RESPONSIBLE_MATCHES])
    if selected and str(selected).isdigit() and int(selected) < 2**63:
        offered |= Q(pk=int(selected))
    return responsible_candidates(employee=employee).filter(offered)


# --- learning plan ---------------------------------------------------------------------------


def learning_plan(*, employee: Employee) -> dict:
    """Activities per kind with progress, against the 70-20-10 split (by planned hours)."""
    activities = list(
        LearningActivity.objects.filter(employee=employee).order_by("planned_date", "pk")
    )
    total_hours = sum((a.hours for a in activities), ZERO)
    groups = []
    for kind, label in LearningActivity.Kind.choices:
        items = [a for a in activities if a.kind == kind]
        planned = sum((a.hours for a in items), ZERO)
        done = sum((a.hours for a in items if a.done_on), ZERO)
        groups.append(
            {
                "kind": kind,
                "label": label,
                "items": items,
                "planned_hours": planned,
                "done_hours": done,
                "percent_done": int(done * 100 / planned) if planned else 0,
                "share": round(planned * 100 / total_hours) if total_hours else 0,
                "target": LearningActivity.SHARE[kind],
            }
        )
    return {"groups": groups, "total_hours": total_hours, "count": len(activities)}


def employee_overview(*, user, employee: Employee) -> dict:
    """The side-entrant's training hub: own tracks and what else there is to open."""
    tracks = list(
        access.scoped(user, Track)
        .filter(employee=employee)
        .select_related("route")
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__done_on__isnull=False)),
            next_planned=Min(
                "milestones__planned_date", filter=Q(milestones__done_on__isnull=True)
            ),
        )
        .order_by("-start_date")
    )
    return {"tracks": tracks}


def planned_registration_dates(*, employee_ids) -> dict[int, datetime.date]:
    """Planned SKJ registration per employee from open tracks (for the forecast).

    The registration deadline when the track has one, else its planned end; the
    earliest over an employee's open tracks.
    """
    rows = (
        Track.objects.filter(
            employee_id__in=list(employee_ids),
            status__in=[Track.Status.PLANNED, Track.Status.ACTIVE, Track.Status.PAUSED],
        )
        .annotate(planned=Coalesce("registration_deadline", "planned_end"))
        .filter(planned__isnull=False)
        .values("employee_id")
        .annotate(first=Min("planned"))
    )
    return {row["employee_id"]: row["first"] for row in rows}
