"""Writes of the support pyramid.

CONTRACT used by mentoring (a check-in marked "escalate") and practice supervisors:
`support_request_propose(*, employee, proposed_by, source)`. Keep the signature.

Emails never carry details: coordinators hear "a request is waiting, log in", the
employee hears "there is an update, log in". Names, levels, reasons stay in the app.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_create
from organisations.models import Employee, Organisation
from organisations.roles import Role

from .models import (
    LEVEL_MAX,
    LEVEL_MIN,
    AbsenceRecord,
    DevelopmentSupervisor,
    Escalation,
    Intervention,
    Level,
    OnboardingChoice,
    SupportRequest,
    Trajectory,
    TrajectoryAccessLog,
)

User = get_user_model()

RETENTION_YEARS = 2
COORDINATOR_TEMPLATE = "support/email/request_waiting"
EMPLOYEE_TEMPLATE = "notifications/email/update_available"

_CONSTRAINT_MESSAGES = {
    "trajectory_no_overlap": (
        "This employee already has a trajectory at this level in that period."
    ),
    "support_request_one_open_per_employee": "There is already an open request for this employee.",
    "intervention_name_unique_per_organisation_ci": (
        "This organisation already has an intervention with this name."
    ),
}


def _save(obj):
    """Validate the whole object, then save it; constraint races become messages."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        for name, message in _CONSTRAINT_MESSAGES.items():
            if name in str(exc):
                raise ValidationError(_(message)) from exc
        raise ValidationError(_("This change conflicts with existing data.")) from exc
    return obj


# --- notifications ------------------------------------------------------------------------


def _coordinators_of(organisation_id: int):
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role=Role.SUPPORT_COORDINATOR,
    ).distinct()


def _notify_coordinators(organisation_id: int) -> None:
    """Tell the organisation's coordinators a request waits; no name, no reason."""
    url = reverse("support:request_inbox")
    for user in _coordinators_of(organisation_id):
        notification_create(
            recipient=user, kind="support_request", template=COORDINATOR_TEMPLATE, url=url
        )


def _notify_employee(employee: Employee) -> None:
    """Tell the employee there is an update about their support; the details stay in the app."""
    if employee.user_id is None or not employee.user.is_active:
        return
    notification_create(
        recipient=employee.user,
        kind="support_update",
        template=EMPLOYEE_TEMPLATE,
        url=reverse("support:my_support"),
    )


# --- catalogue ----------------------------------------------------------------------------


@transaction.atomic
def intervention_create(*, organisation: Organisation, **fields) -> Intervention:
    """Add an intervention to an organisation's catalogue."""
    return _save(Intervention(organisation=organisation, **fields))


@transaction.atomic
def intervention_update(*, intervention: Intervention, **fields) -> Intervention:
    """Change an intervention in the catalogue (its organisation stays)."""
    fields.pop("organisation", None)
    for name, value in fields.items():
        setattr(intervention, name, value)
    return _save(intervention)


# --- requests -----------------------------------------------------------------------------


@transaction.atomic
def support_request_create(
    *, employee: Employee, requested_by, source: str, preferred_level: int | None = None
) -> SupportRequest:
    """Record a request for support and tell the coordinators, once.

    When the employee already has an open request, that one is returned and nobody is
    notified again, so a double click or a repeated proposal sends nothing twice.
    """
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    existing = SupportRequest.objects.filter(
        employee=employee, status=SupportRequest.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    request = _save(
        SupportRequest(
            organisation_id=employee.organisation_id,
            employee=employee,
            source=source,
            preferred_level=preferred_level,
            requested_by=requested_by,
        )
    )
    _notify_coordinators(employee.organisation_id)
    return request


_PROPOSAL_SOURCES = {
    "checkin": SupportRequest.Source.CHECKIN,
    "supervisor": SupportRequest.Source.SUPERVISOR,
    "self": SupportRequest.Source.SELF,
}


def support_request_propose(*, employee, proposed_by, source: str):
    """Propose support for `employee` to its organisation's support coordinators.

    `source` is "checkin" (a mentor check-in marked escalate) or "supervisor" (a practice
    supervisor). The proposal carries no health details: only who, for whom and when.
    Returns the open request (an existing open one when there is one).
    """
    if isinstance(proposed_by, Employee):  # callers may pass the proposer's employee record
        proposed_by = proposed_by.user
    try:
        kind = _PROPOSAL_SOURCES[str(source)]
    except KeyError as exc:
        raise ValueError(f"unknown support request source {source!r}") from exc
    return support_request_create(employee=employee, requested_by=proposed_by, source=kind)


@transaction.atomic
def support_request_close(*, request: SupportRequest, closed_by) -> SupportRequest:
    """Close an open request without a trajectory (e.g. the talk was enough)."""
    if request.status != SupportRequest.Status.OPEN:
        raise ValidationError(_("This request has already been handled."))
    request.status = SupportRequest.Status.CLOSED
    request.handled_by = closed_by
    request.handled_at = timezone.now()
    _save(request)
    _notify_employee(request.employee)
    return request


# --- trajectories -------------------------------------------------------------------------


def _overlapping(trajectory: Trajectory, level: int):
    end = trajectory.ended_on or trajectory.planned_end_date
    qs = (
        Trajectory.objects.filter(employee_id=trajectory.employee_id, level=level)
        .annotate(effective_end=Coalesce("ended_on", "planned_end_date"))
        .filter(start_date__lte=end, effective_end__gte=trajectory.start_date)
    )
    if trajectory.pk:
        qs = qs.exclude(pk=trajectory.pk)
    return qs


def _check_overlap(trajectory: Trajectory, level: int) -> None:
    if trajectory.start_date and trajectory.planned_end_date and _overlapping(trajectory, level):
        raise ValidationError(
            _("This employee already has a trajectory at this level in that period.")
        )


@transaction.atomic
def trajectory_create(
    *, employee: Employee, created_by, request: SupportRequest | None = None, **fields
) -> Trajectory:
    """Open a trajectory for an employee; an overlapping one at the same level is refused.

    The employee row is locked so two coordinators opening trajectories at once are
    serialised; the database constraint is the last line of defence.
    """
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    if not fields.get("level"):
        raise ValidationError({"level": _("Choose a level of the pyramid.")})
    trajectory = Trajectory(
        organisation_id=employee.organisation_id,
        employee=employee,
        request=request,
        created_by=created_by,
        **fields,
    )
    trajectory.full_clean()
    _check_overlap(trajectory, trajectory.level)
    _save(trajectory)
    if request is not None and request.status == SupportRequest.Status.OPEN:
        request.status = SupportRequest.Status.TRAJECTORY
        request.handled_by = created_by
        request.handled_at = timezone.now()
        _save(request)
    _notify_employee(employee)
    return trajectory


_UPDATABLE = {
    "intervention",
    "provider",
    "start_date",
    "planned_end_date",
    "ended_on",
    "status",
    "expected_duration_weeks",
    "availability",
    "advised_adjustments",
    "trigger_category",
    "notes",
}


@transaction.atomic
def trajectory_update(*, trajectory: Trajectory, changed_by, **fields) -> Trajectory:
    """Change a trajectory's arrangements; the level changes only by escalation."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise ValueError(f"not updatable here: {sorted(unknown)}")
    Employee.objects.select_for_update().filter(pk=trajectory.employee_id).first()
    for name, value in fields.items():
        setattr(trajectory, name, value)
    trajectory.full_clean()
    _check_overlap(trajectory, trajectory.level)
    trajectory._change_reason = "update"
    _save(trajectory)
    _notify_employee(trajectory.employee)
    return trajectory


@transaction.atomic
def trajectory_escalate(
    *,
    trajectory: Trajectory,
    up: bool,
    date: datetime.date,
    reason: str,
    decided_by,
    intervention: Intervention | None = None,
    provider: str = "",
) -> Escalation:
    """Move a trajectory one level up (or down) in one action, with date and reason.

    Keeps the history (an Escalation row plus the trajectory's own history) and tells
    the employee there is an update. Beyond the top or below the bottom is refused, and
    so is a step onto a level where the employee already has a trajectory in that period.
    """
    Employee.objects.select_for_update().filter(pk=trajectory.employee_id).first()
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    to_level = trajectory.level + (1 if up else -1)
    if to_level > LEVEL_MAX:
        raise ValidationError(_("This trajectory is already at the top of the pyramid."))
    if to_level < LEVEL_MIN:
        raise ValidationError(_("This trajectory is already at the bottom of the pyramid."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if date < trajectory.start_date:
        raise ValidationError({"date": _("The date cannot be before the trajectory starts.")})
    if trajectory.status in {Trajectory.Status.COMPLETED, Trajectory.Status.STOPPED}:
        raise ValidationError(_("A finished trajectory cannot be escalated."))
    if intervention is not None and (
        intervention.level != to_level or intervention.organisation_id != trajectory.organisation_id
    ):
        raise ValidationError({"intervention": _("This intervention belongs to another level.")})
    _check_overlap(trajectory, to_level)
    escalation = Escalation(
        trajectory=trajectory,
        organisation_id=trajectory.organisation_id,
        employee_id=trajectory.employee_id,
        from_level=trajectory.level,
        to_level=to_level,
        date=date,
        reason=reason.strip(),
        decided_by=decided_by,
    )
    escalation.full_clean()
    escalation.save()
    trajectory.level = to_level
    if intervention is not None:
        trajectory.intervention = intervention
    elif trajectory.intervention_id and trajectory.intervention.level != to_level:
        trajectory.intervention = None
    if provider.strip():
        trajectory.provider = provider.strip()
    trajectory._change_reason = "escalation" if up else "de-escalation"
    _save(trajectory)
    _notify_employee(trajectory.employee)
    return escalation


def trajectory_access_record(
    *, user, trajectory: Trajectory | None, allowed: bool, path: str, requested_pk=""
) -> TrajectoryAccessLog:
    """Log a read of a trajectory, or a refused attempt to open one.

    Runs in its own transaction so the entry stays when the request ends in a 404.
    """
    with transaction.atomic():
        return TrajectoryAccessLog.objects.create(
            trajectory=trajectory,
            user=user if getattr(user, "is_authenticated", False) else None,
            allowed=allowed,
            path=path[:300],
            requested_pk=str(requested_pk)[:40],
        )


@transaction.atomic
def trajectories_erase_expired(*, today: datetime.date | None = None) -> int:
    """Erase support data of people whose employment ended more than 2 years ago.

    Removes trajectories (with escalations and access log), their history rows and the
    person's support requests. Idempotent: a second run finds nothing.
    """
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - RETENTION_YEARS, day=28)
    employee_ids = list(
        Employee.objects.filter(employment_end__isnull=False, employment_end__lt=cutoff)
        .filter(Q(support_trajectories__isnull=False) | Q(support_requests__isnull=False))
        .values_list("pk", flat=True)
        .distinct()
    )
    if not employee_ids:
        return 0
    trajectory_ids = list(
        Trajectory.objects.filter(employee_id__in=employee_ids).values_list("pk", flat=True)
    )
    Trajectory.objects.filter(pk__in=trajectory_ids).delete()
    Trajectory.history.filter(id__in=trajectory_ids).delete()
    request_ids = list(
        SupportRequest.objects.filter(employee_id__in=employee_ids).values_list("pk", flat=True)
    )
    SupportRequest.objects.filter(pk__in=request_ids).delete()
    SupportRequest.history.filter(id__in=request_ids).delete()
    return len(trajectory_ids)


# --- onboarding, roster, absence --------------------------------------------------------------


@transaction.atomic
def onboarding_record(
    *,
    employee: Employee,
    start_mode: str,
    recorded_by,
    supporting_role_until: datetime.date | None = None,
    intake_date: datetime.date | None = None,
) -> OnboardingChoice:
    """Record (or change) how a new employee starts and when the development intake is."""
    choice = OnboardingChoice.objects.filter(employee=employee).first() or OnboardingChoice(
        employee=employee
    )
    choice.start_mode = start_mode
    choice.supporting_role_until = supporting_role_until
    choice.intake_date = intake_date
    choice.recorded_by = recorded_by
    return _save(choice)


@transaction.atomic
def supervisor_group_plan(
    *,
    organisation: Organisation,
    employees,
    term_start: datetime.date,
    term_end: datetime.date,
    training_date: datetime.date | None = None,
) -> list[DevelopmentSupervisor]:
    """Add a group of personal-development supervisors with one term and training date."""
    if not employees:
        raise ValidationError({"employees": _("Choose at least one person.")})
    if term_end < term_start:
        raise ValidationError({"term_end": _("A term cannot end before it starts.")})
    return [
        _save(
            DevelopmentSupervisor(
                organisation=organisation,
                employee=employee,
                term_start=term_start,
                term_end=term_end,
                training_date=training_date,
            )
        )
        for employee in employees
    ]


@transaction.atomic
def absence_record_create(
    *,
    employee: Employee,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    percentage: int = 100,
) -> AbsenceRecord:
    """Record a period of sick leave: dates and percentage only, never a reason."""
    return _save(
        AbsenceRecord(
            organisation_id=employee.organisation_id,
            employee=employee,
            start_date=start_date,
            end_date=end_date,
            percentage=percentage,
        )
    )


@transaction.atomic
def absence_record_update(
    *,
    record: AbsenceRecord,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    percentage: int = 100,
) -> AbsenceRecord:
    """Change a sick-leave period, e.g. enter the last sick day when the employee recovers."""
    record = AbsenceRecord.objects.select_for_update().get(pk=record.pk)
    record.start_date = start_date
    record.end_date = end_date
    record.percentage = percentage
    return _save(record)


__all__ = [
    "Level",
    "absence_record_create",
    "absence_record_update",
    "intervention_create",
    "intervention_update",
    "onboarding_record",
    "support_request_close",
    "support_request_create",
    "support_request_propose",
    "supervisor_group_plan",
    "trajectories_erase_expired",
    "trajectory_access_record",
    "trajectory_create",
    "trajectory_escalate",
    "trajectory_update",
]
