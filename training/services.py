"""Writes of tracks, milestones, registration, weighting tables, task log and learning plan.

CONTRACT used by intake when a candidate is hired: `track_create_for_hire`.
Route codes (shared with intake's route advice): "none" (no route needed: HBO Social
Work profile Jeugd), "45ec", "evc", "practice_programme", "hbo_parttime", "internal",
"onboarding". The training issue replaces the body; keep the signature.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import selectors as mentoring_selectors
from organisations import access
from organisations import services as org_services
from organisations.models import Employee, Organisation
from organisations.roles import Role

from .dates import add_months
from .models import (
    LearningActivity,
    LedgerEntry,
    Level,
    Route,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

logger = logging.getLogger(__name__)
NO_ROUTE = "none"
TRACK_FIELDS = {
    "status",
    "stop_reason",
    "start_date",
    "planned_end",
    "completed_on",
    "institution",
    "credits_earned",
    "credits_required",
    "areas_done",
    "areas_required",
    "registration_deadline",
    "cost_tuition",
    "cost_exam",
    "cost_materials",
    "cost_study_time",
    "paid_by",
}


def _save(obj):
    """Validate the whole object, then save; a race caught by a constraint becomes a message."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This change conflicts with existing data; reload the page and try again.")
        ) from exc
    return obj


# --- tracks ----------------------------------------------------------------------------------


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


# --- registration ledger ---------------------------------------------------------------------


@transaction.atomic
def registration_record(
    *, employee: Employee, skj_number: str, registration_date: datetime.date, recorded_by=None
) -> Employee:
    """Record an SKJ registration: the employee counts as registered from that date.

    The capacity dashboard reads `skj_registration_date` to move a side-entrant from
    supernumerary to formation. Open tracks that lead to registration are completed.
    """
    skj_number = (skj_number or "").strip()
    if not skj_number:
        raise ValidationError({"skj_number": _("Enter the SKJ registration number.")})
    if not skj_number.isdigit():
        raise ValidationError({"skj_number": _("An SKJ number consists of digits only.")})
    if registration_date > timezone.localdate():
        raise ValidationError(
            {"registration_date": _("The registration date cannot be in the future.")}
        )
    employee = org_services.employee_update(
        employee=employee, skj_number=skj_number, skj_registration_date=registration_date
    )
    for track in Track.objects.select_for_update().filter(
        employee=employee,
        status__in=Track.OPEN,
        route__registration_deadline_months__isnull=False,
        start_date__lte=registration_date,
    ):
        track_update(track=track, status=Track.Status.COMPLETED, completed_on=registration_date)
    return employee


@transaction.atomic
def ledger_entry_create(
    *,
    employee: Employee,
    kind: str,
    date: datetime.date,
    amount,
    description: str,
    reflection_form: str = "",
    created_by=None,
) -> LedgerEntry:
    """Log work hours, formal-learning points or a reflection session (>= 1 hour)."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if kind != LedgerEntry.Kind.REFLECTION:
        reflection_form = ""
    elif not reflection_form:
        raise ValidationError(
            {"reflection_form": _("Choose intervision, supervision or peer consultation.")}
        )
    if kind == LedgerEntry.Kind.REFLECTION and amount is not None and amount < 1:
        raise ValidationError(
            {
                "amount": _(
                    "A reflection session counts from 1 hour; self-reflection does not count."
                )
            }
        )
    return _save(
        LedgerEntry(
            employee=employee,
            kind=kind,
            date=date,
            amount=amount,
            description=description,
            reflection_form=reflection_form,
            created_by=created_by,
        )
    )


# --- weighting table -------------------------------------------------------------------------


@transaction.atomic
def weighting_table_for(*, organisation: Organisation) -> WeightingTable:
    """The organisation's table, created empty with default thresholds on first use."""
    table, _created = WeightingTable.objects.get_or_create(organisation=organisation)
    return table


@transaction.atomic
def weighting_table_update(
    *,
    table: WeightingTable,
    independent_max: int,
    registered_only_min: int,
    registered_only_when_any_axis_3: bool = False,
) -> WeightingTable:
    """Change the thresholds that derive a task's level from its total score."""
    table.independent_max = independent_max
    table.registered_only_min = registered_only_min
    table.registered_only_when_any_axis_3 = registered_only_when_any_axis_3
    if not (4 <= independent_max < registered_only_min <= 12):
        raise ValidationError(
            _("Thresholds must satisfy 4 <= zelfstandig < alleen geregistreerd <= 12.")
        )
    return _save(table)


@transaction.atomic
def weighted_task_create(
    *,
    table: WeightingTable,
    name: str,
    unsafe: int,
    responsibility: int,
    complexity: int,
    impact: int,
    category: str = WeightedTask.Category.CASEWORK,
) -> WeightedTask:
    """Add a task to a weighting table with its four scores (1-3 each)."""
    if WeightedTask.objects.filter(table=table, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This table already has a task with this name.")})
    return _save(
        WeightedTask(
            table=table,
            name=name.strip(),
            category=category,
            unsafe=unsafe,
            responsibility=responsibility,
            complexity=complexity,
            impact=impact,
        )
    )


@transaction.atomic
def weighted_task_update(*, task: WeightedTask, **fields) -> WeightedTask:
    """Rescore or rename a task; logged entries keep the level they had."""
    for name, value in fields.items():
        setattr(task, name, value)
    if (
        WeightedTask.objects.filter(table=task.table_id, name__iexact=task.name.strip())
        .exclude(pk=task.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This table already has a task with this name.")})
    return _save(task)


@transaction.atomic
def weighting_table_copy(*, source: WeightingTable, organisation: Organisation) -> WeightingTable:
    """Give `organisation` a copy of another table to adapt (tasks not yet there are added)."""
    if source.organisation_id == organisation.pk:
        raise ValidationError(_("An organisation cannot copy its own table."))
    table = weighting_table_for(organisation=organisation)
    table = WeightingTable.objects.select_for_update().get(pk=table.pk)
    table.independent_max = source.independent_max
    table.registered_only_min = source.registered_only_min
    table.registered_only_when_any_axis_3 = source.registered_only_when_any_axis_3
    table.copied_from = source.organisation
    _save(table)
    existing = {name.lower() for name in table.tasks.values_list("name", flat=True)}
    WeightedTask.objects.bulk_create(
        WeightedTask(
            table=table,
            name=task.name,
            category=task.category,
            unsafe=task.unsafe,
            responsibility=task.responsibility,
            complexity=task.complexity,
            impact=task.impact,
        )
        for task in source.tasks.all()
        if task.name.lower() not in existing
    )
    return table


# --- task log --------------------------------------------------------------------------------


@transaction.atomic
def task_log_create(
    *,
    employee: Employee,
    task: WeightedTask,
    date: datetime.date,
    responsible: Employee | None = None,
    explanation: str = "",
    created_by=None,
) -> TaskLogEntry:
    """Log a task: a responsible registered professional when the level demands it, and the
    "leg uit" reason when the task was done outside the level (pas toe of leg uit)."""
    table = task.table
    if table.organisation_id != employee.organisation_id:
        raise ValidationError({"task": _("This task is not in the organisation's table.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    level = Level.INDEPENDENT if employee.is_skj_registered else table.level_for(task)
    explanation = (explanation or "").strip()
    if responsible is not None:
        if responsible.pk == employee.pk:
            raise ValidationError(
                {"responsible": _("The responsible professional must be somebody else.")}
            )
        if not responsible.is_skj_registered:
            raise ValidationError(
                {"responsible": _("The responsible professional must be SKJ registered.")}
            )
    if level != Level.INDEPENDENT and responsible is None:
        raise ValidationError(
            {"responsible": _("This task needs a responsible registered professional.")}
        )
    if level == Level.REGISTERED_ONLY and not explanation:
        raise ValidationError(
            {
                "explanation": _(
                    "This task is for registered professionals only: explain why it was done "
                    "(leg uit)."
                )
            }
        )
    return _save(
        TaskLogEntry(
            employee=employee,
            task=task,
            date=date,
            level=level,
            category=task.category,
            responsible=responsible,
            explanation=explanation,
            created_by=created_by,
        )
    )


def can_sign_off(user, employee: Employee) -> bool:
    """The employee's mentor signs off; without a known mentor, a practice supervisor."""
    if employee.user_id == user.pk:
        return False
    mentors = mentoring_selectors.current_mentors(employee_ids=[employee.pk]).get(employee.pk, [])
    if mentors:
        return any(m.user_id == user.pk for m in mentors if m.user_id)
    return access.has_role(user, {Role.PRACTICE_SUPERVISOR}, employee.organisation_id)


@transaction.atomic
def task_log_sign_off(*, entry: TaskLogEntry, user) -> TaskLogEntry:
    """The mentor confirms a logged task."""
    entry = TaskLogEntry.objects.select_for_update().select_related("employee").get(pk=entry.pk)
    if entry.signed_off_at is not None:
        return entry
    if not can_sign_off(user, entry.employee):
        raise ValidationError(_("Only the mentor can sign off this task."))
    entry.signed_off_by = user
    entry.signed_off_at = timezone.now()
    return _save(entry)


# --- learning plan ---------------------------------------------------------------------------


@transaction.atomic
def learning_activity_create(
    *,
    employee: Employee,
    kind: str,
    title: str,
    hours,
    planned_date: datetime.date | None = None,
    created_by=None,
) -> LearningActivity:
    """Plan a learning activity (on the job, social or formal)."""
    return _save(
        LearningActivity(
            employee=employee,
            kind=kind,
            title=title.strip(),
            hours=hours,
            planned_date=planned_date,
            created_by=created_by,
        )
    )


@transaction.atomic
def learning_activity_complete(
    *, activity: LearningActivity, done_on: datetime.date
) -> LearningActivity:
    """Mark a planned learning activity done."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    activity.done_on = done_on
    return _save(activity)


# --- deadline warnings (beat) ----------------------------------------------------------------
#
# The side-entrant gets one message per warning; HR and mentors get one digest per run
# listing every warning of their people, so a first run over thousands of tracks does
# not flood an HR inbox. Candidates are read WARNING_BATCH rows at a time; per batch the
# warning keys are claimed in one statement (notifications.reminder_claim_many: each
# warning once, also with two workers at once), the recipients' preferences, HR advisers
# and mentors are loaded in a few queries and the notifications are inserted in one
# bulk INSERT. Queries grow with batches, never with tracks or warnings.

WARNING_BATCH = 500


def _attach_preferences(users) -> None:
    """Load the recipients' language and mail preferences (cached on the user), one query
    per WARNING_BATCH users."""
    from notifications.models import UserPreference

    users = list({u.pk: u for u in users if u is not None}.values())
    for start in range(0, len(users), WARNING_BATCH):
        batch = users[start : start + WARNING_BATCH]
        found = {
            p.user_id: p for p in UserPreference.objects.filter(user__in=[u.pk for u in batch])
        }
        for user in batch:
            user.preference = found.get(user.pk) or UserPreference(user=user)


def _chunks(queryset, size=WARNING_BATCH):
    """Iterate a queryset in primary-key order, `size` rows per query."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


class _Staff:
    """HR advisers per organisation and the users of current mentors, loaded for a batch
    in one query each; HR advisers are kept for the rest of the run."""

    def __init__(self):
        self.hr: dict[int, list] = {}

    def hr_of(self, org_ids) -> dict[int, list]:
        from organisations.models import Membership

        missing = set(org_ids) - self.hr.keys()
        if missing:
            for org_id in missing:
                self.hr[org_id] = []
            for membership in Membership.objects.filter(
                organisation_id__in=missing, role=Role.HR_ADVISOR, user__is_active=True
            ).select_related("user"):
                self.hr[membership.organisation_id].append(membership.user)
        return self.hr

    def mentors_of(self, employee_ids) -> dict[int, list]:
        from django.contrib.auth import get_user_model

        mentors = mentoring_selectors.current_mentors(employee_ids=employee_ids)
        user_ids = {m.user_id for found in mentors.values() for m in found if m.user_id}
        users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
        return {
            employee_id: [users[m.user_id] for m in found if m.user_id in users]
            for employee_id, found in mentors.items()
        }


class _Digest:
    """Warnings per staff user (HR, mentor) collected during one run; each line is data
    that the template words in the recipient's own language."""

    def __init__(self):
        self.lines: dict[int, list[dict]] = {}
        self.users: dict[int, object] = {}

    def add(self, users, line: dict) -> None:
        for user in users:
            if user is not None and user.is_active:
                self.users.setdefault(user.pk, user)
                self.lines.setdefault(user.pk, []).append(line)

    def send(self) -> list[int]:
        from django.urls import reverse

        from notifications.services import notification_build

        _attach_preferences(self.users.values())
        url = reverse("training:track_list")
        notes = [
            notification_build(
                recipient=self.users[pk],
                kind="training_digest",
                template="training/email/staff_digest",
                context={"lines": lines, "count": len(lines)},
                url=url,
                email=self.users[pk].preference.email_notifications,
            )
            for pk, lines in self.lines.items()
        ]
        return _insert(notes)


def _insert(notes) -> list[int]:
    """Insert the notifications in bulk; the ids of those to mail."""
    from notifications.models import Notification

    created = Notification.objects.bulk_create(notes, batch_size=WARNING_BATCH)
    return [note.pk for note in created if note.send_email]


def _deliver_after_commit(ids: list[int]) -> None:
    """Queue the emails in batches over one mail connection each, once committed."""
    from notifications.tasks import deliver_notifications

    def queue():
        for start in range(0, len(ids), WARNING_BATCH):
            batch = ids[start : start + WARNING_BATCH]
            try:
                deliver_notifications.delay(batch)
            except Exception:  # broker down: the notifications sweep sends them later
                logger.warning("could not queue training warnings; the sweep sends them")

    if ids:
        transaction.on_commit(queue)


def _send_batch(items, *, key, employee_of, build, line, digest, staff, mentors=True):
    """Claim and write the warnings of one batch (one transaction, so a failure releases
    the claims); returns (warnings sent, ids of the notifications to mail)."""
    from notifications.services import notification_build, reminder_claim_many

    keys = {id(item): key(item)[:200] for item in items}
    with transaction.atomic():
        claimed = reminder_claim_many(keys=keys.values())
        fresh = [item for item in items if keys[id(item)] in claimed]
        if not fresh:
            return 0, []
        employees = [employee_of(item) for item in fresh]
        users = [e.user for e in employees if e.user is not None and e.user.is_active]
        _attach_preferences(users)
        hr = staff.hr_of(e.organisation_id for e in employees)
        mentor_users = staff.mentors_of([e.pk for e in employees]) if mentors else {}
        notes = []
        for item, employee in zip(fresh, employees, strict=True):
            user = employee.user
            if user is not None and user.is_active:
                notes.append(
                    notification_build(
                        recipient=user, email=user.preference.email_notifications, **build(item)
                    )
                )
            digest.add(
                hr.get(employee.organisation_id, []) + mentor_users.get(employee.pk, []), line(item)
            )
        return len(fresh), _insert(notes)


def deadline_warnings_send(*, today: datetime.date | None = None) -> dict:
    """Warn side-entrant, mentor and HR as a registration deadline nears (e.g. 90/30/7 days)
    and when a milestone is overdue; each warning once (reminder claims), in batches."""
    from django.urls import reverse

    from .models import RegistrationRule

    today = today or timezone.localdate()
    rule = RegistrationRule.current()
    thresholds = rule.warning_day_list  # e.g. [90, 30, 7]
    sent = {"deadline": 0, "milestone": 0, "reregistration": 0}
    ids: list[int] = []
    digest, staff = _Digest(), _Staff()

    def threshold_of(track):
        # The smallest threshold the deadline is within: 25 days left -> the 30-day warning.
        left = (track.registration_deadline - today).days
        return min(d for d in thresholds if d >= left)

    def deadline_note(track):
        return {
            "kind": "training_deadline",
            "template": "training/email/deadline_warning",
            "context": {"track": track, "days_left": (track.registration_deadline - today).days},
            "url": reverse("training:track_detail", args=[track.pk]),
        }

    def deadline_line(track):
        return {
            "kind": "deadline",
            "name": track.employee.full_name,
            "route": track.route.name,
            "date": track.registration_deadline,
            "days": (track.registration_deadline - today).days,
        }

    near = Track.objects.filter(
        status__in=Track.OPEN,
        employee__skj_registration_date__isnull=True,
        registration_deadline__gte=today,
        registration_deadline__lte=today + datetime.timedelta(days=thresholds[0]),
    ).select_related("employee", "employee__user", "route")
    for chunk in _chunks(near):
        count, new_ids = _send_batch(
            chunk,
            key=lambda t: f"training:deadline:{t.pk}:{threshold_of(t)}",
            employee_of=lambda t: t.employee,
            build=deadline_note,
            line=deadline_line,
            digest=digest,
            staff=staff,
        )
        sent["deadline"] += count
        ids += new_ids

    def overdue_note(milestone):
        return {
            "kind": "training_milestone_overdue",
            "template": "training/email/milestone_overdue",
            "context": {"milestone": milestone, "track": milestone.track},
            "url": reverse("training:track_detail", args=[milestone.track_id]),
        }

    def overdue_line(milestone):
        return {
            "kind": "milestone",
            "name": milestone.track.employee.full_name,
            "route": milestone.track.route.name,
            "milestone": milestone.name,
            "date": milestone.planned_date,
        }

    overdue = TrackMilestone.objects.filter(
        done_on__isnull=True, planned_date__lt=today, track__status=Track.Status.ACTIVE
    ).select_related("track", "track__employee", "track__employee__user", "track__route")
    for chunk in _chunks(overdue):
        count, new_ids = _send_batch(
            chunk,
            key=lambda m: f"training:milestone-overdue:{m.pk}",
            employee_of=lambda m: m.track.employee,
            build=overdue_note,
            line=overdue_line,
            digest=digest,
            staff=staff,
        )
        sent["milestone"] += count
        ids += new_ids

    sent["reregistration"] = _reregistration_warnings(today=today, rule=rule, ids=ids, staff=staff)
    ids += digest.send()
    _deliver_after_commit(ids)
    return sent


def _reregistration_warnings(*, today: datetime.date, rule, ids: list[int], staff) -> int:
    """ "Apply in time": tell a registered professional and HR 3 months before the due date."""
    from django.db.models import Q
    from django.urls import reverse

    from .dates import add_years
    from .selectors import registration_period

    def due_of(employee):
        return registration_period(employee.skj_registration_date, today, rule.period_years)[1]

    def note(employee):
        return {
            "kind": "training_reregistration",
            "template": "training/email/reregistration_due",
            "context": {"employee": employee, "due": due_of(employee)},
            "url": reverse("training:ledger_detail", args=[employee.pk]),
        }

    def line(employee):
        return {"kind": "reregistration", "name": employee.full_name, "date": due_of(employee)}

    # A due date in (today, today + N months] belongs to a registration date exactly
    # k periods earlier: one range per k, OR-ed into one query per batch.
    window_end = add_months(today, rule.apply_months_before)
    in_window = Q()
    for period in range(1, 9):
        in_window |= Q(
            skj_registration_date__gt=add_years(today, -rule.period_years * period),
            skj_registration_date__lte=add_years(window_end, -rule.period_years * period),
        )
    employees = Employee.objects.filter(in_window).select_related("user")
    digest = _Digest()
    count = 0
    for chunk in _chunks(employees):
        sent, new_ids = _send_batch(
            chunk,
            key=lambda e: f"training:reregistration:{e.pk}:{due_of(e)}",
            employee_of=lambda e: e,
            build=note,
            line=line,
            digest=digest,
            staff=staff,
            mentors=False,
        )
        count += sent
        ids += new_ids
    ids += digest.send()
    return count
