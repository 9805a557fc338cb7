"""Who sees and changes mentoring data; registered with organisations.access.

- practice supervisors and HR: everything of their organisations;
- a mentor: own active and past mentees' assignments and check-ins, sessions they took part in;
- a side-entrant: own assignments and check-ins (and may add a reflection);
- managers: aggregates only (no rows here).
"""

from django.db.models import Q, QuerySet

from organisations import access
from organisations.models import Employee
from organisations.roles import Role

from .models import (
    CheckIn,
    IntervisionParticipant,
    IntervisionSession,
    MentorAssignment,
    MentorProfile,
    MentorPulse,
)

OVERSIGHT_ROLES = frozenset({Role.PRACTICE_SUPERVISOR, Role.HR_ADVISOR})
AGGREGATE_ROLES = frozenset({Role.PRACTICE_SUPERVISOR, Role.HR_ADVISOR, Role.MANAGER})


def oversight_org_ids(user) -> set[int]:
    return access.organisation_ids(user, OVERSIGHT_ROLES)


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


@access.register_employee_scope
def active_mentees(user) -> Q:
    """A mentor sees the employees they mentor right now, and nothing more of others."""
    if not _authenticated(user):
        return Q(pk__in=[])
    return Q(
        pk__in=MentorAssignment.objects.filter(mentor__user=user, end_date__isnull=True).values(
            "mentee_id"
        )
    )


@access.register_scope(MentorProfile)
def visible_profiles(user) -> QuerySet[MentorProfile]:
    if not _authenticated(user):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(
        Q(employee__organisation_id__in=oversight_org_ids(user)) | Q(employee__user=user)
    )


@access.register_scope(MentorAssignment)
def visible_assignments(user) -> QuerySet[MentorAssignment]:
    if not _authenticated(user):
        return MentorAssignment.objects.none()
    return MentorAssignment.objects.filter(
        Q(mentee__organisation_id__in=oversight_org_ids(user))
        | Q(mentor__user=user)
        | Q(mentee__user=user)
    )


@access.register_scope(CheckIn)
def visible_checkins(user) -> QuerySet[CheckIn]:
    if not _authenticated(user):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(
        Q(assignment__mentee__organisation_id__in=oversight_org_ids(user))
        | Q(assignment__mentor__user=user)
        | Q(assignment__mentee__user=user)
    )


@access.register_scope(IntervisionSession)
def visible_sessions(user) -> QuerySet[IntervisionSession]:
    if not _authenticated(user):
        return IntervisionSession.objects.none()
    took_part = IntervisionParticipant.objects.filter(employee__user=user).values("session_id")
    return IntervisionSession.objects.filter(
        Q(organisation_id__in=oversight_org_ids(user))
        | Q(pk__in=took_part)
        | Q(facilitator__user=user)
    )


@access.register_scope(MentorPulse)
def visible_pulses(user) -> QuerySet[MentorPulse]:
    if not _authenticated(user):
        return MentorPulse.objects.none()
    return MentorPulse.objects.filter(
        Q(profile__employee__organisation_id__in=oversight_org_ids(user))
        | Q(profile__employee__user=user)
    )


def can_manage_pool(user, organisation=None) -> bool:
    return access.has_role(user, OVERSIGHT_ROLES, organisation)


def can_log_checkin(user, checkin: CheckIn) -> bool:
    assignment = checkin.assignment
    return assignment.mentor.user_id == user.pk or access.has_role(
        user, OVERSIGHT_ROLES, assignment.mentee.organisation_id
    )


def can_reflect(user, checkin: CheckIn) -> bool:
    return checkin.assignment.mentee.user_id == user.pk


def can_log_intervision(user, organisation) -> bool:
    """Mentors and practice supervisors log sessions."""
    return access.has_role(user, {Role.MENTOR, Role.PRACTICE_SUPERVISOR}, organisation)


def can_sign_off(user, session: IntervisionSession) -> bool:
    return access.has_role(user, {Role.PRACTICE_SUPERVISOR}, session.organisation_id) or (
        session.facilitator_id is not None and session.facilitator.user_id == user.pk
    )


def own_employee(user) -> Employee | None:
    return Employee.objects.filter(user=user).select_related("organisation").first()
