"""Check-ins (terugkommomenten): cadence, planning ahead, logging and reflection."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from support.services import support_request_propose

from ..models import (
    CheckIn,
    MentorAssignment,
)
from ._common import MAX_FUTURE_DAYS, PLAN_HORIZON_DAYS, _check_text


def cadence_dates(
    *,
    start: datetime.date,
    early_interval_days: int,
    early_period_weeks: int,
    later_interval_days: int,
    until: datetime.date,
) -> list[datetime.date]:
    """Planned check-in dates: every `early` days in the start period, then every `later`."""
    dates = []
    early_end = start + datetime.timedelta(weeks=early_period_weeks)
    day = start + datetime.timedelta(
        days=early_interval_days if early_period_weeks else later_interval_days
    )
    while day <= until:
        dates.append(day)
        step = early_interval_days if day < early_end else later_interval_days
        day += datetime.timedelta(days=step)
    return dates


def checkins_generate(
    *,
    assignment: MentorAssignment,
    until: datetime.date | None = None,
    since: datetime.date | None = None,
) -> int:
    """Plan the assignment's check-ins up to `until` (default: a year on); idempotent."""
    horizon = until or assignment.start_date + datetime.timedelta(days=PLAN_HORIZON_DAYS)
    if assignment.end_date:
        horizon = min(horizon, assignment.end_date)
    dates = cadence_dates(
        start=assignment.start_date,
        early_interval_days=assignment.early_interval_days,
        early_period_weeks=assignment.early_period_weeks,
        later_interval_days=assignment.later_interval_days,
        until=horizon,
    )
    if since is not None:
        # Extending a plan never adds check-ins in the past (they would show as overdue).
        dates = [d for d in dates if d >= since]
    existing = set(assignment.checkins.values_list("planned_date", flat=True))
    new = [CheckIn(assignment=assignment, planned_date=d) for d in dates if d not in existing]
    CheckIn.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def checkins_plan_ahead(*, today: datetime.date | None = None, days: int = 60) -> int:
    """Keep a year of check-ins planned for long-running assignments (weekly beat); idempotent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    needing = (
        MentorAssignment.objects.filter(end_date__isnull=True)
        .annotate(last=Max("checkins__planned_date"))
        .filter(Q(last__isnull=True) | Q(last__lt=horizon))
    )
    planned = 0
    for assignment in needing.iterator(chunk_size=200):
        planned += checkins_generate(
            assignment=assignment,
            until=today + datetime.timedelta(days=PLAN_HORIZON_DAYS),
            since=max(today, assignment.last or today),
        )
    return planned


@transaction.atomic
def checkin_add(*, assignment: MentorAssignment, planned_date: datetime.date, by=None) -> CheckIn:
    """Plan an extra check-in."""
    if planned_date < assignment.start_date:
        raise ValidationError(
            {"planned_date": _("A check-in cannot be before the assignment starts.")}
        )
    if assignment.end_date and planned_date > assignment.end_date:
        raise ValidationError(
            {"planned_date": _("A check-in cannot be after the assignment ends.")}
        )
    if planned_date > timezone.localdate() + datetime.timedelta(days=MAX_FUTURE_DAYS):
        raise ValidationError({"planned_date": _("This date is too far in the future.")})
    if assignment.checkins.filter(planned_date=planned_date).exists():
        raise ValidationError({"planned_date": _("There is already a check-in on this date.")})
    checkin = CheckIn(assignment=assignment, planned_date=planned_date)
    checkin.full_clean()
    checkin.save()
    return checkin


@transaction.atomic
def checkin_log(
    *,
    checkin: CheckIn,
    held_on: datetime.date,
    how_it_goes: int,
    workload: int | None = None,
    casework_percent: int | None = None,
    needs: str = "",
    agreements: str = "",
    escalate: bool = False,
    by=None,
) -> CheckIn:
    """The mentor records how a check-in went; escalating proposes support for the side-entrant."""
    checkin = (
        CheckIn.objects.select_for_update().select_related("assignment__mentee").get(pk=checkin.pk)
    )
    assignment = checkin.assignment
    errors = {}
    if held_on < assignment.start_date:
        errors["held_on"] = _("A check-in cannot be before the assignment starts (%(date)s).") % {
            "date": assignment.start_date.strftime("%d-%m-%Y")
        }
    elif held_on > timezone.localdate():
        errors["held_on"] = _("A check-in that was held cannot be in the future.")
    elif assignment.end_date and held_on > assignment.end_date:
        errors["held_on"] = _("A check-in cannot be after the assignment ends.")
    if errors:
        raise ValidationError(errors)
    _check_text(needs=needs, agreements=agreements)
    was_escalated = checkin.escalate
    checkin.held_on = held_on
    checkin.how_it_goes = how_it_goes
    checkin.workload = workload
    checkin.casework_percent = casework_percent
    checkin.needs = needs
    checkin.agreements = agreements
    checkin.escalate = escalate
    checkin.logged_by = by
    checkin.logged_at = timezone.now()
    checkin.full_clean()
    checkin.save()
    if escalate and not was_escalated:
        support_request_propose(employee=assignment.mentee, proposed_by=by, source="checkin")
    return checkin


@transaction.atomic
def checkin_reflect(*, checkin: CheckIn, reflection: str, by) -> CheckIn:
    """The side-entrant adds their own reflection to a check-in."""
    if not reflection.strip():
        raise ValidationError({"reflection": _("Write a reflection first.")})
    _check_text(reflection=reflection)
    checkin.reflection = reflection
    checkin.reflection_at = timezone.now()
    checkin.full_clean()
    checkin.save(update_fields=["reflection", "reflection_at"])
    return checkin
