"""The mentor pool: volunteering as a mentor and changing a profile."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Employee

from ..models import (
    MentorAssignment,
    MentorProfile,
)
from ._common import _check_text


@transaction.atomic
def mentor_profile_create(*, employee: Employee, **fields) -> MentorProfile:
    """Add an employee to the mentor pool."""
    if MentorProfile.objects.filter(employee=employee).exists():
        raise ValidationError({"employee": _("This employee is already in the mentor pool.")})
    if employee.employment_end and employee.employment_end < timezone.localdate():
        raise ValidationError({"employee": _("This employee no longer works here.")})
    profile = MentorProfile(employee=employee, **fields)
    _fit_capacity_to_role(profile)
    _check_text(notes=profile.notes)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def mentor_profile_update(*, profile: MentorProfile, **fields) -> MentorProfile:
    """Change a mentor's role, capacity, hours, expertise, briefing or availability."""
    profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    for name, value in fields.items():
        setattr(profile, name, value)
    _fit_capacity_to_role(profile)
    _check_text(notes=profile.notes)
    profile.full_clean()
    active = _active_counts(profile.employee_id)
    if active["main"] > profile.max_main_mentees or active["sub"] > profile.max_sub_mentees:
        raise ValidationError(
            _("This mentor has more active mentees than the new capacity; end an assignment first.")
        )
    profile.save()
    return profile


def _fit_capacity_to_role(profile: MentorProfile) -> None:
    """A role that takes no main (or no sub) mentees has no places of that kind."""
    if not profile.takes("main"):
        profile.max_main_mentees = 0
    if not profile.takes("sub"):
        profile.max_sub_mentees = 0


def _active_counts(mentor_id: int) -> dict[str, int]:
    counts = {"main": 0, "sub": 0}
    for kind in MentorAssignment.objects.filter(
        mentor_id=mentor_id, end_date__isnull=True
    ).values_list("kind", flat=True):
        counts[kind] += 1
    return counts
