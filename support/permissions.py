"""Who may see and change support data. Registered with `organisations.access`.

Special-category data (trigger category, notes, escalation reasons) is visible only to
the support coordinators of the employee's organisation and to the employee. Managers,
mentors, HR advisors and functional admins get nothing here unless they are also that
organisation's support coordinator; a superuser is no exception.
"""

from django.db.models import Q, QuerySet

from organisations import access
from organisations.models import Employee
from organisations.roles import Role

from .models import (
    AbsenceRecord,
    DevelopmentSupervisor,
    Intervention,
    OnboardingChoice,
    SupportRequest,
    Trajectory,
)

COORDINATOR = Role.SUPPORT_COORDINATOR
FIGURE_ROLES = frozenset({Role.MANAGER, Role.SUPPORT_COORDINATOR})
ONBOARDING_ROLES = frozenset({Role.HR_ADVISOR, Role.SUPPORT_COORDINATOR})
CATALOGUE_ROLES = frozenset({Role.FUNCTIONAL_ADMIN})
ABSENCE_ROLES = frozenset({Role.HR_ADVISOR})
PROPOSER_ROLES = frozenset({Role.PRACTICE_SUPERVISOR})


def coordinator_org_ids(user) -> set[int]:
    return access.organisation_ids(user, {COORDINATOR})


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@access.register_scope(Trajectory)
def visible_trajectories(user) -> QuerySet[Trajectory]:
    if not _authenticated(user):
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        Q(organisation_id__in=coordinator_org_ids(user)) | Q(employee__user=user)
    )


@access.register_scope(SupportRequest)
def visible_requests(user) -> QuerySet[SupportRequest]:
    if not _authenticated(user):
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(
        Q(organisation_id__in=coordinator_org_ids(user)) | Q(employee__user=user)
    )


def viewer_organisation_ids(user) -> set[int]:
    """Organisations whose pyramid the user may see: memberships plus their own employer."""
    if not _authenticated(user):
        return set()
    own = set(Employee.objects.filter(user=user).values_list("organisation_id", flat=True))
    return access.organisation_ids(user) | own


@access.register_scope(Intervention)
def visible_interventions(user) -> QuerySet[Intervention]:
    return Intervention.objects.filter(organisation_id__in=viewer_organisation_ids(user))


@access.register_scope(DevelopmentSupervisor)
def visible_supervisors(user) -> QuerySet[DevelopmentSupervisor]:
    return DevelopmentSupervisor.objects.filter(organisation_id__in=coordinator_org_ids(user))


@access.register_scope(OnboardingChoice)
def visible_onboarding(user) -> QuerySet[OnboardingChoice]:
    if not _authenticated(user):
        return OnboardingChoice.objects.none()
    return OnboardingChoice.objects.filter(
        Q(employee__organisation_id__in=access.organisation_ids(user, ONBOARDING_ROLES))
        | Q(employee__user=user)
    )


@access.register_scope(AbsenceRecord)
def visible_absence(user) -> QuerySet[AbsenceRecord]:
    return AbsenceRecord.objects.filter(
        organisation_id__in=access.organisation_ids(user, ABSENCE_ROLES)
    )


# --- actions ----------------------------------------------------------------------------


def is_coordinator_of(user, organisation_id: int) -> bool:
    return organisation_id in coordinator_org_ids(user)


def can_change_trajectory(user, trajectory: Trajectory) -> bool:
    return is_coordinator_of(user, trajectory.organisation_id)


def can_see_special_category(user, trajectory: Trajectory) -> bool:
    """Trigger category, notes and reasons: the organisation's coordinators and the employee."""
    return is_coordinator_of(user, trajectory.organisation_id) or (
        _authenticated(user) and trajectory.employee.user_id == user.pk
    )


def can_edit_catalogue(user, organisation_id: int | None = None) -> bool:
    if organisation_id is None:
        return access.has_role(user, CATALOGUE_ROLES)
    return access.has_role(user, CATALOGUE_ROLES, organisation_id)


def can_see_figures(user) -> bool:
    return access.has_role(user, FIGURE_ROLES)


def can_record_onboarding(user, employee: Employee) -> bool:
    return access.has_role(user, ONBOARDING_ROLES, employee.organisation_id)
