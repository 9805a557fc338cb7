"""Pairing mentors and side-entrants: assign, change, end, confirm proposed matches.

Capacity and "only one active" rules are guarded twice: the mentor's profile row is
locked (select_for_update) while the active assignments are counted, and the database
refuses a second active main or sub-mentor per side-entrant."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notify
from organisations.models import Employee

from ..models import (
    MentorAssignment,
    MentorProfile,
)
from ._common import MAX_FUTURE_DAYS, _check_text
from .checkins import checkins_generate
from .organisation_settings import settings_for
from .pool import _active_counts


def _cadence(organisation, kind) -> dict:
    conf = settings_for(organisation)
    if kind == MentorAssignment.Kind.SUB:
        # A sub-mentor supports at a calmer pace from the start.
        return {
            "early_interval_days": conf.later_interval_days,
            "early_period_weeks": 0,
            "later_interval_days": conf.later_interval_days,
        }
    return {
        "early_interval_days": conf.early_interval_days,
        "early_period_weeks": conf.early_period_weeks,
        "later_interval_days": conf.later_interval_days,
    }


@transaction.atomic
def mentor_assign(
    *,
    mentee: Employee,
    mentor: Employee,
    kind: str,
    start_date: datetime.date,
    by=None,
    reason_for_change: str = "",
    cadence: dict | None = None,
    notify_people: bool = True,
) -> MentorAssignment:
    """Make `mentor` the main or sub-mentor of `mentee`, within the mentor's capacity."""
    if mentee.pk == mentor.pk:
        raise ValidationError({"mentor": _("A mentor cannot be assigned to themself.")})
    if mentee.organisation_id != mentor.organisation_id:
        raise ValidationError({"mentor": _("The mentor must work in the same organisation.")})
    today = timezone.localdate()
    if start_date > today + datetime.timedelta(days=MAX_FUTURE_DAYS):
        raise ValidationError({"start_date": _("The start date is too far in the future.")})
    if mentee.employment_start and start_date < mentee.employment_start - datetime.timedelta(
        days=60
    ):
        raise ValidationError(
            {"start_date": _("The start date lies long before the side-entrant's employment.")}
        )
    _check_text(reason_for_change=reason_for_change)
    # Lock the mentor's pool entry: two supervisors filling the last slot queue up here.
    profile = MentorProfile.objects.select_for_update().filter(employee=mentor).first()
    if profile is None or not profile.is_active:
        raise ValidationError(
            {"mentor": _("This employee is not an active member of the mentor pool.")}
        )
    if not profile.takes(kind):
        raise ValidationError(
            {
                "mentor": _("%(name)s is in the pool as %(role)s and cannot be the %(kind)s.")
                % {
                    "name": mentor.full_name,
                    "role": profile.get_role_display(),
                    "kind": MentorAssignment.Kind(kind).label.lower(),
                }
            }
        )
    organisation = mentee.organisation
    if (
        kind == MentorAssignment.Kind.MAIN
        and organisation.is_mandated_care
        and not mentor.is_skj_registered
    ):
        raise ValidationError(
            {"mentor": _("In mandated youth care the main mentor must be SKJ registered.")}
        )
    active = MentorAssignment.objects.filter(mentee=mentee, end_date__isnull=True)
    if active.filter(kind=kind).exists():
        raise ValidationError(
            _("This side-entrant already has an active main mentor.")
            if kind == MentorAssignment.Kind.MAIN
            else _("This side-entrant already has an active sub-mentor.")
        )
    if kind == MentorAssignment.Kind.SUB:
        main = active.filter(kind=MentorAssignment.Kind.MAIN).first()
        if main is None:
            raise ValidationError(_("Assign a main mentor before a sub-mentor."))
        if main.mentor_id == mentor.pk:
            raise ValidationError({"mentor": _("The main mentor cannot also be the sub-mentor.")})
    counts = _active_counts(mentor.pk)
    limit = (
        profile.max_main_mentees if kind == MentorAssignment.Kind.MAIN else profile.max_sub_mentees
    )
    if counts[kind] >= limit:
        raise ValidationError(
            {
                "mentor": _("%(name)s has no free place left as %(kind)s (capacity %(limit)d).")
                % {
                    "name": mentor.full_name,
                    "kind": MentorAssignment.Kind(kind).label.lower(),
                    "limit": limit,
                }
            }
        )
    assignment = MentorAssignment(
        mentee=mentee,
        mentor=mentor,
        kind=kind,
        start_date=start_date,
        reason_for_change=reason_for_change,
        created_by=by,
        **(cadence or _cadence(organisation, kind)),
    )
    assignment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        # Another supervisor assigned this side-entrant at the same moment.
        raise ValidationError(
            _("Somebody else just assigned a mentor to this side-entrant; reload the page.")
        ) from exc
    checkins_generate(assignment=assignment)
    if notify_people:
        _notify_assignment(assignment)
    return assignment


def _notify_assignment(assignment: MentorAssignment) -> None:
    url = reverse("mentoring:assignment_detail", args=[assignment.pk])
    context = {"assignment": assignment, "mentor": assignment.mentor, "mentee": assignment.mentee}
    for person, template in (
        (assignment.mentor, "mentoring/email/assigned_mentor"),
        (assignment.mentee, "mentoring/email/assigned_mentee"),
    ):
        if person.user_id:
            notify.notification_create(
                recipient=person.user,
                kind="mentoring.assigned",
                template=template,
                context=context,
                url=url,
            )


@transaction.atomic
def assignment_end(
    *,
    assignment: MentorAssignment,
    end_date: datetime.date,
    end_reason: str,
    reason_for_change: str = "",
    by=None,
    allow_with_sub: bool = False,
) -> MentorAssignment:
    """End an assignment: frees the mentor's place and drops check-ins planned after the end."""
    MentorProfile.objects.select_for_update().filter(employee_id=assignment.mentor_id).first()
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date is not None:
        raise ValidationError(_("This assignment has already ended."))
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": _("An assignment cannot end before it starts.")})
    if end_date > timezone.localdate() + datetime.timedelta(days=MAX_FUTURE_DAYS):
        raise ValidationError({"end_date": _("The end date is too far in the future.")})
    if end_reason not in MentorAssignment.EndReason.values:
        raise ValidationError({"end_reason": _("Choose a reason for ending.")})
    _check_text(reason_for_change=reason_for_change)
    if (
        assignment.kind == MentorAssignment.Kind.MAIN
        and not allow_with_sub
        and MentorAssignment.objects.filter(
            mentee_id=assignment.mentee_id, kind=MentorAssignment.Kind.SUB, end_date__isnull=True
        ).exists()
    ):
        raise ValidationError(
            _(
                "This side-entrant still has a sub-mentor; change the main mentor instead, "
                "or end the sub-mentor first."
            )
        )
    assignment.end_date = end_date
    assignment.end_reason = end_reason
    if reason_for_change:
        assignment.reason_for_change = reason_for_change
    assignment._change_reason = reason_for_change or end_reason
    assignment.save()
    assignment.checkins.filter(held_on__isnull=True, planned_date__gt=end_date).delete()
    return assignment


@transaction.atomic
def mentor_change(
    *,
    assignment: MentorAssignment,
    new_mentor: Employee,
    change_date: datetime.date,
    reason_for_change: str,
    end_reason: str = MentorAssignment.EndReason.MENTOR_CHANGE,
    by=None,
) -> MentorAssignment:
    """Replace the mentor of an assignment on `change_date`, keeping the side-entrant covered."""
    if not reason_for_change.strip():
        raise ValidationError({"reason_for_change": _("Give a reason for the change.")})
    assignment_end(
        assignment=assignment,
        end_date=change_date,
        end_reason=end_reason,
        reason_for_change=reason_for_change,
        by=by,
        allow_with_sub=True,
    )
    return mentor_assign(
        mentee=assignment.mentee,
        mentor=new_mentor,
        kind=assignment.kind,
        start_date=change_date,
        by=by,
        reason_for_change=reason_for_change,
    )


@transaction.atomic
def matches_confirm(
    *, pairs: list[tuple[Employee, Employee, str]], start_date, by
) -> list[MentorAssignment]:
    """Confirm a reviewed 'match all' proposal: all pairs are assigned, or none."""
    return [
        mentor_assign(mentee=mentee, mentor=mentor, kind=kind, start_date=start_date, by=by)
        for mentee, mentor, kind in pairs
    ]
