"""Tracks and their milestones; `track_create_for_hire` is the contract intake uses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Employee

from ..dates import add_months
from ..models import Route, Track, TrackMilestone
from ._common import NO_ROUTE, TRACK_FIELDS, _save


@transaction.atomic
def track_create(
    *,
    employee: Employee,
    route: Route,
    start_date: datetime.date,
    created_by=None,
    **fields,
) -> Track:
    """Enrol an employee in a route; the route's milestones are planned from the start date.

    Defaults come from the route (institution, credits, areas, registration deadline,
    typical cost as tuition); `fields` override them.
    """
    # Serialise enrolments of one employee so "one open track per route" holds under races.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    unknown = set(fields) - TRACK_FIELDS
    if unknown:
        raise TypeError(f"unknown track fields: {sorted(unknown)}")
    defaults = {
        "institution": route.institution,
        "credits_required": route.credits_required,
        "areas_required": route.assessment_areas,
        "cost_tuition": route.typical_cost,
        "planned_end": add_months(start_date, route.expected_duration_months),
        "registration_deadline": (
            add_months(start_date, route.registration_deadline_months)
            if route.registration_deadline_months
            else None
        ),
    }
    defaults.update(fields)
    track = Track(
        employee=employee, route=route, start_date=start_date, created_by=created_by, **defaults
    )
    track.full_clean()
    if track.is_open and (
        Track.objects.filter(employee=employee, route=route, status__in=Track.OPEN).exists()
    ):
        raise ValidationError(_("This employee already has an open track on this route."))
    _save(track)
    TrackMilestone.objects.bulk_create(
        TrackMilestone(
            track=track,
            order=template.order,
            name=template.name,
            planned_date=start_date + datetime.timedelta(days=template.offset_days),
        )
        for template in route.milestones.all()
    )
    return track


@transaction.atomic
def track_create_for_hire(
    *, employee, route_code: str | None, start_date: datetime.date, created_by
):
    """Enrol a newly hired side-entrant in the advised route; None when no route applies.

    Idempotent: hiring twice returns the open track on that route instead of a second one.
    """
    if not route_code or route_code == NO_ROUTE:
        return None
    route = Route.objects.filter(code=route_code).prefetch_related("milestones").first()
    if route is None:
        raise ValidationError(
            _("Unknown training route: %(code)s.") % {"code": route_code}, code="unknown_route"
        )
    # Lock the employee first so two hires at once see each other's track.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    existing = Track.objects.filter(employee=employee, route=route, status__in=Track.OPEN).first()
    if existing is not None:
        return existing
    status = Track.Status.PLANNED if start_date > timezone.localdate() else Track.Status.ACTIVE
    return track_create(
        employee=employee,
        route=route,
        start_date=start_date,
        created_by=created_by,
        status=status,
    )


@transaction.atomic
def track_update(*, track: Track, **fields) -> Track:
    """Change a track's dates, progress, costs or status (stopping needs a reason)."""
    unknown = set(fields) - TRACK_FIELDS
    if unknown:
        raise TypeError(f"unknown track fields: {sorted(unknown)}")
    track = Track.objects.select_for_update().get(pk=track.pk)
    old_start = track.start_date
    for name, value in fields.items():
        setattr(track, name, value)
    if track.status != Track.Status.STOPPED:
        track.stop_reason = ""
    if track.status != Track.Status.COMPLETED and "completed_on" not in fields:
        track.completed_on = None
    if track.status == Track.Status.COMPLETED and track.completed_on is None:
        raise ValidationError({"completed_on": _("A completed track needs a completion date.")})
    if track.status == Track.Status.STOPPED and not track.stop_reason.strip():
        raise ValidationError({"stop_reason": _("Give the reason for stopping.")})
    if track.is_open and (
        Track.objects.filter(
            employee=track.employee_id, route=track.route_id, status__in=Track.OPEN
        )
        .exclude(pk=track.pk)
        .exists()
    ):
        raise ValidationError(_("This employee already has an open track on this route."))
    track = _save(track)
    if track.start_date != old_start:
        # A later (or earlier) start moves the milestones still to do by the same amount;
        # what is done keeps its date.
        delta = track.start_date - old_start
        for milestone in track.milestones.filter(done_on__isnull=True, planned_date__isnull=False):
            milestone.planned_date += delta
            milestone.save(update_fields=["planned_date"])
    return track


@transaction.atomic
def milestone_complete(
    *,
    milestone: TrackMilestone,
    done_on: datetime.date,
    evidence=None,
    note: str = "",
    done_by=None,
) -> TrackMilestone:
    """Mark a milestone done, in order: every earlier milestone must be done first."""
    # Lock the track so two people completing milestones at once cannot skip the order.
    Track.objects.select_for_update().filter(pk=milestone.track_id).first()
    milestone = TrackMilestone.objects.select_related("track").get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError(_("This milestone is already done."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})
    if done_on < milestone.track.start_date:
        raise ValidationError({"done_on": _("A milestone cannot be done before the track starts.")})
    earlier = TrackMilestone.objects.filter(track_id=milestone.track_id, order__lt=milestone.order)
    if earlier.filter(done_on__isnull=True).exists():
        raise ValidationError(
            _("Milestones are done in order: finish the earlier milestones first.")
        )
    last_done = earlier.exclude(done_on__isnull=True).order_by("-done_on").first()
    if last_done is not None and done_on < last_done.done_on:
        raise ValidationError(
            {
                "done_on": _("This milestone cannot be done before the previous one (%(date)s).")
                % {"date": last_done.done_on.strftime("%d-%m-%Y")}
            }
        )
    milestone.done_on = done_on
    milestone.note = note
    milestone.done_by = done_by
    if evidence:
        milestone.evidence = evidence
        milestone.evidence_name = evidence.name[:200]
    return _save(milestone)


@transaction.atomic
def tracks_start_due(*, today: datetime.date | None = None) -> int:
    """Daily: a planned track whose start date has come is active from then on (and so
    gets the overdue-milestone warnings). Returns how many tracks started."""
    from simple_history.utils import bulk_update_with_history

    today = today or timezone.localdate()
    due = list(
        Track.objects.select_for_update().filter(status=Track.Status.PLANNED, start_date__lte=today)
    )
    for track in due:
        track.status = Track.Status.ACTIVE
    if due:
        bulk_update_with_history(due, Track, ["status"], batch_size=500)
    return len(due)
