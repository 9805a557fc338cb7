"""Who sees and changes training data; registered with the one scoping module.

HR advisors and practice supervisors see the tracks, ledgers, task logs and learning
plans of their organisations' employees; a mentor those of own mentees (the
employee scopes other apps register, e.g. mentoring); everyone their own.
Managers see aggregates only, never an individual track.
"""

from django.db.models import Q, QuerySet

from organisations import access
from organisations.models import Employee, Organisation
from organisations.roles import Role

from .models import (
    LearningActivity,
    LedgerEntry,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

TRACK_ROLES = frozenset({Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR})
TRACK_EDITOR_ROLES = frozenset({Role.HR_ADVISOR})
TABLE_EDITOR_ROLES = frozenset({Role.FUNCTIONAL_ADMIN, Role.PRACTICE_SUPERVISOR})
AGGREGATE_ROLES = frozenset({Role.MANAGER, Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR})


def training_employees(user) -> QuerySet[Employee]:
    """Employees whose training (tracks, ledger, task log, learning plan) the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Employee.objects.none()
    condition = Q(organisation_id__in=access.organisation_ids(user, TRACK_ROLES)) | Q(user=user)
    extra = access.extra_employee_condition(user)
    if extra is not None:
        condition |= Q(pk__in=Employee.objects.filter(extra).values("pk"))
    return Employee.objects.filter(condition)


def _employee_q(user, prefix: str) -> Q:
    return Q(**{f"{prefix}__in": training_employees(user).values("pk")})


@access.register_scope(Track)
def visible_tracks(user) -> QuerySet[Track]:
    return Track.objects.filter(_employee_q(user, "employee"))


@access.register_scope(TrackMilestone)
def visible_milestones(user) -> QuerySet[TrackMilestone]:
    return TrackMilestone.objects.filter(_employee_q(user, "track__employee"))


@access.register_scope(LedgerEntry)
def visible_ledger_entries(user) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(_employee_q(user, "employee"))


@access.register_scope(TaskLogEntry)
def visible_task_log(user) -> QuerySet[TaskLogEntry]:
    return TaskLogEntry.objects.filter(_employee_q(user, "employee"))


@access.register_scope(LearningActivity)
def visible_learning_activities(user) -> QuerySet[LearningActivity]:
    return LearningActivity.objects.filter(_employee_q(user, "employee"))


@access.register_scope(WeightingTable)
def visible_tables(user) -> QuerySet[WeightingTable]:
    """Every member of an organisation may read its weighting table."""
    return WeightingTable.objects.filter(organisation_id__in=access.organisation_ids(user))


@access.register_scope(WeightedTask)
def visible_weighted_tasks(user) -> QuerySet[WeightedTask]:
    return WeightedTask.objects.filter(table__organisation_id__in=access.organisation_ids(user))


# --- actions ---------------------------------------------------------------------------------


def can_manage_tracks(user, organisation: Organisation | int) -> bool:
    """Create and change tracks, register employees (HR)."""
    return access.has_role(user, TRACK_EDITOR_ROLES, organisation)


def can_view_track_list(user) -> bool:
    return access.has_role(user, TRACK_ROLES | {Role.MENTOR})


def can_view_aggregates(user) -> bool:
    return access.has_role(user, AGGREGATE_ROLES)


def is_staff_for(user, employee: Employee) -> bool:
    """HR advisor or practice supervisor of the employee's organisation."""
    return access.has_role(user, TRACK_ROLES, employee.organisation_id)


def can_update_progress(user, employee: Employee) -> bool:
    """Mark milestones done, log tasks and learning: the employee, staff, a mentor in scope."""
    return (
        employee.user_id == user.pk
        or is_staff_for(user, employee)
        or access.has_role(user, {Role.MENTOR})
    )


def can_edit_table(user, organisation: Organisation | int) -> bool:
    return access.has_role(user, TABLE_EDITOR_ROLES, organisation)
