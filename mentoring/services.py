"""Every write of the mentoring app.

Capacity and "only one active" rules are guarded twice: the mentor's profile row is
locked (select_for_update) while the active assignments are counted, and the database
refuses a second active main or sub-mentor per side-entrant.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notify
from notifications.models import ReminderClaim
from organisations.models import Employee, Membership, Organisation
from organisations.roles import Role
from support.services import support_request_propose

from .models import (
    CheckIn,
    IntervisionMethod,
    IntervisionParticipant,
    IntervisionSeries,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
    MentorPulse,
)

User = get_user_model()

# Check-ins are planned this far ahead when an assignment starts.
PLAN_HORIZON_DAYS = 365
# A check-in can be planned at most this far into the future.
MAX_FUTURE_DAYS = 400
TEXT_LIMIT = 5000


def settings_for(organisation: Organisation) -> MentoringSettings:
    """The organisation's mentoring settings, unsaved defaults when never configured."""
    found = MentoringSettings.objects.filter(organisation=organisation).first()
    return found or MentoringSettings(organisation=organisation)


@transaction.atomic
def settings_update(*, organisation: Organisation, **fields) -> MentoringSettings:
    """Change reminder days, cadence defaults, pulse interval and matching weights."""
    current = MentoringSettings.objects.select_for_update().filter(organisation=organisation)
    obj = current.first() or MentoringSettings(organisation=organisation)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _check_text(**texts) -> None:
    errors = {
        name: _("Use at most 5000 characters.")
        for name, v in texts.items()
        if v and len(v) > TEXT_LIMIT
    }
    if errors:
        raise ValidationError(errors)


# --- mentor pool -----------------------------------------------------------------------------


@transaction.atomic
def mentor_profile_create(*, employee: Employee, **fields) -> MentorProfile:
    """Add an employee to the mentor pool."""
    if MentorProfile.objects.filter(employee=employee).exists():
        raise ValidationError({"employee": _("This employee is already in the mentor pool.")})
    if employee.employment_end and employee.employment_end < timezone.localdate():
        raise ValidationError({"employee": _("This employee no longer works here.")})
    profile = MentorProfile(employee=employee, **fields)
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
    _check_text(notes=profile.notes)
    profile.full_clean()
    active = _active_counts(profile.employee_id)
    if active["main"] > profile.max_main_mentees or active["sub"] > profile.max_sub_mentees:
        raise ValidationError(
            _("This mentor has more active mentees than the new capacity; end an assignment first.")
        )
    profile.save()
    return profile


def _active_counts(mentor_id: int) -> dict[str, int]:
    counts = {"main": 0, "sub": 0}
    for kind in MentorAssignment.objects.filter(
        mentor_id=mentor_id, end_date__isnull=True
    ).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


# --- assignments -----------------------------------------------------------------------------


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


# --- check-ins -------------------------------------------------------------------------------


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


# --- reminders -------------------------------------------------------------------------------


def _claim_keys(keys: list[str]) -> set[str]:
    """Claim many reminder keys at once in the ReminderClaim table; returns those we got.

    The batch version of notifications.services.reminder_claim: one INSERT ... ON CONFLICT
    DO NOTHING RETURNING per chunk instead of one per reminder. A concurrent worker
    inserting the same key waits for our commit and then gets nothing back.
    """
    claimed: set[str] = set()
    quote = connection.ops.quote_name
    table = quote(ReminderClaim._meta.db_table)
    key_column, claimed_column = quote("key"), quote("claimed_at")
    now = timezone.now()
    for start in range(0, len(keys), 500):
        chunk = [k[:200] for k in keys[start : start + 500]]
        placeholders = ", ".join(["(%s, %s)"] * len(chunk))
        params = []
        for key in chunk:
            params += [key, now]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {claimed_column}) "  # noqa: S608
                f"VALUES {placeholders} ON CONFLICT ({key_column}) DO NOTHING "
                f"RETURNING {key_column}",
                params,
            )
            claimed.update(row[0] for row in cursor.fetchall())
    return claimed


@dataclass
class ReminderResult:
    due: int = 0
    overdue: int = 0
    escalated: int = 0
    notifications: int = 0
    emails: int = 0


def checkin_reminders_send(
    *, today: datetime.date | None = None, batch_size: int = 100
) -> ReminderResult:
    """Remind mentors of check-ins due soon and overdue; escalate long-overdue ones.

    Each reminder (check-in + kind) is sent once ever: its key is claimed before sending,
    in the transaction that writes the notification. Reminders are grouped into one
    notification per recipient and kind; recipients are handled in batches of
    `batch_size`, each batch mailed over one connection. Queries grow with batches and
    recipients, never with the number of check-ins.
    """
    today = today or timezone.localdate()
    result = ReminderResult()
    settings_by_org = {s.organisation_id: s for s in MentoringSettings.objects.all()}
    default = MentoringSettings()
    max_ahead = max(
        [s.reminder_days_ahead for s in settings_by_org.values()] + [default.reminder_days_ahead]
    )
    rows = (
        CheckIn.objects.filter(
            held_on__isnull=True,
            planned_date__lte=today + datetime.timedelta(days=max_ahead),
            assignment__end_date__isnull=True,
            assignment__mentor__user__isnull=False,
            assignment__mentor__user__is_active=True,
        )
        .order_by("planned_date", "pk")
        .values_list(
            "pk",
            "planned_date",
            "assignment__mentee__organisation_id",
            "assignment__mentor__user_id",
            "assignment__mentee__first_name",
            "assignment__mentee__last_name",
        )
        .iterator(chunk_size=2000)
    )
    # recipient -> {key: (kind, item)}; a recipient is ("user", id) or ("org", id).
    groups: dict[tuple[str, int], dict[str, tuple]] = defaultdict(dict)
    for pk, planned, org_id, mentor_user_id, first, last in rows:
        conf = settings_by_org.get(org_id, default)
        item = (planned, f"{first} {last}".strip())
        if planned < today:
            groups[("user", mentor_user_id)][f"mentoring:checkin:{pk}:overdue"] = ("overdue", item)
            if (today - planned).days > conf.escalate_after_days:
                groups[("org", org_id)][f"mentoring:checkin:{pk}:escalate"] = ("escalate", item)
        elif (planned - today).days <= conf.reminder_days_ahead:
            key = f"mentoring:checkin:{pk}:due:{planned.isoformat()}"
            groups[("user", mentor_user_id)][key] = ("due", item)
    recipients = sorted(groups)
    for start in range(0, len(recipients), batch_size):
        chunk = {r: groups[r] for r in recipients[start : start + batch_size]}
        _reminder_batch(chunk, today, result)
    return result


def _reminder_batch(chunk: dict, today: datetime.date, result: ReminderResult) -> None:
    ids: list[int] = []
    with transaction.atomic():
        claimed = _claim_keys([key for keys in chunk.values() for key in keys])
        if not claimed:
            return
        user_ids = [target for (what, target) in chunk if what == "user"]
        org_ids = [target for (what, target) in chunk if what == "org"]
        users = {u.pk: u for u in User.objects.filter(pk__in=user_ids).select_related("preference")}
        supervisors = defaultdict(list)
        for membership in Membership.objects.filter(
            organisation_id__in=org_ids, role=Role.PRACTICE_SUPERVISOR, user__is_active=True
        ).select_related("user__preference"):
            supervisors[membership.organisation_id].append(membership.user)
        for (what, target), keys in chunk.items():
            by_kind: dict[str, list] = defaultdict(list)
            for key, (kind, item) in keys.items():
                if key[:200] in claimed:
                    by_kind[kind].append(item)
            for kind, items in by_kind.items():
                items.sort()
                setattr(
                    result,
                    kind if kind != "escalate" else "escalated",
                    getattr(result, kind if kind != "escalate" else "escalated") + len(items),
                )
                if what == "user":
                    recipients = [users[target]] if target in users else []
                    template, url = (
                        f"mentoring/email/checkin_{kind}",
                        reverse("mentoring:my_mentees"),
                    )
                    context = {"items": [{"date": d, "name": n} for d, n in items]}
                else:
                    recipients = supervisors.get(target, [])
                    template, url = "mentoring/email/checkin_escalated", reverse("mentoring:pool")
                    context = {
                        "items": [
                            {"date": d, "name": n, "days": (today - d).days} for d, n in items
                        ]
                    }
                for recipient in recipients:
                    notification = notify.notification_create(
                        recipient=recipient,
                        kind=f"mentoring.checkin_{'escalated' if kind == 'escalate' else kind}",
                        template=template,
                        context=context,
                        url=url,
                        queue=False,
                    )
                    ids.append(notification.pk)
    result.notifications += len(ids)
    if ids:
        # After commit: one mail connection for the whole batch; failures stay pending
        # for the notifications sweep.
        result.emails += notify.notifications_deliver(ids=ids)


# --- intervision -----------------------------------------------------------------------------


def _session_validate(
    *, organisation, date, method, method_other, participants, case_owner, facilitator
):
    errors = {}
    today = timezone.localdate()
    if date > today + datetime.timedelta(days=MAX_FUTURE_DAYS):
        errors["date"] = _("This date is too far in the future.")
    if date < today - datetime.timedelta(days=5 * 366):
        errors["date"] = _("This date is too far in the past.")
    if method == IntervisionMethod.OTHER and not (method_other or "").strip():
        errors["method_other"] = _("Name the method.")
    people = list(participants)
    if not people:
        errors["participants"] = _("Choose at least one participant.")
    if any(p.organisation_id != organisation.pk for p in people):
        errors["participants"] = _("Participants must work in this organisation.")
    if case_owner is not None and case_owner.pk not in {p.pk for p in people}:
        errors["case_owner"] = _("The case owner must be one of the participants.")
    if facilitator is not None and facilitator.organisation_id != organisation.pk:
        errors["facilitator"] = _("The facilitator must work in this organisation.")
    if errors:
        raise ValidationError(errors)
    return people


@transaction.atomic
def intervision_session_create(
    *,
    organisation: Organisation,
    date: datetime.date,
    method: str,
    participants,
    duration_minutes: int = 90,
    start_time=None,
    facilitator: Employee | None = None,
    method_other: str = "",
    case_owner: Employee | None = None,
    question: str = "",
    reflection_dimension: str = "",
    agreements: str = "",
    series: IntervisionSeries | None = None,
    by=None,
) -> IntervisionSession:
    """Log (or plan) an intervision session with its participants."""
    people = _session_validate(
        organisation=organisation,
        date=date,
        method=method,
        method_other=method_other,
        participants=participants,
        case_owner=case_owner,
        facilitator=facilitator,
    )
    _check_text(question=question, agreements=agreements)
    session = IntervisionSession(
        organisation=organisation,
        series=series,
        date=date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        facilitator=facilitator,
        method=method,
        method_other=method_other if method == IntervisionMethod.OTHER else "",
        case_owner=case_owner,
        question=question,
        reflection_dimension=reflection_dimension,
        agreements=agreements,
        created_by=by,
    )
    session.full_clean()
    session.save()
    IntervisionParticipant.objects.bulk_create(
        [
            IntervisionParticipant(session=session, employee=p)
            for p in {p.pk: p for p in people}.values()
        ]
    )
    return session


@transaction.atomic
def intervision_session_update(
    *, session: IntervisionSession, by=None, **fields
) -> IntervisionSession:
    """Record what happened in a (planned) session: case owner, question, dimension, agreements."""
    session = IntervisionSession.objects.select_for_update().get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    people = list(Employee.objects.filter(intervision_participations__session=session))
    _session_validate(
        organisation=session.organisation,
        date=session.date,
        method=session.method,
        method_other=session.method_other,
        participants=people,
        case_owner=session.case_owner,
        facilitator=session.facilitator,
    )
    _check_text(question=session.question, agreements=session.agreements)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def intervision_series_create(
    *,
    organisation: Organisation,
    title: str,
    method: str,
    first_date: datetime.date,
    interval_weeks: int,
    count: int,
    participants,
    duration_minutes: int = 90,
    start_time=None,
    facilitator: Employee | None = None,
    by=None,
) -> IntervisionSeries:
    """Plan fixed recurring intervision moments: one planned session per date."""
    series = IntervisionSeries(
        organisation=organisation,
        title=title,
        method=method,
        first_date=first_date,
        interval_weeks=interval_weeks,
        count=count,
        duration_minutes=duration_minutes,
        start_time=start_time,
        facilitator=facilitator,
    )
    series.full_clean()
    last = first_date + datetime.timedelta(weeks=interval_weeks * (count - 1))
    if last > timezone.localdate() + datetime.timedelta(days=2 * 366):
        raise ValidationError({"count": _("The series reaches more than two years ahead.")})
    series.save()
    people = list(participants)
    for index in range(count):
        intervision_session_create(
            organisation=organisation,
            date=first_date + datetime.timedelta(weeks=interval_weeks * index),
            method=method,
            method_other=_("see series") if method == IntervisionMethod.OTHER else "",
            participants=people,
            duration_minutes=duration_minutes,
            start_time=start_time,
            facilitator=facilitator,
            series=series,
            by=by,
        )
    return series


@transaction.atomic
def participant_sign_off(*, participant: IntervisionParticipant, by) -> IntervisionParticipant:
    """Sign a participant off as present; counts their reflection hours. Only once."""
    if participant.session.date > timezone.localdate():
        raise ValidationError(_("A session can only be signed off once it has taken place."))
    updated = IntervisionParticipant.objects.filter(
        pk=participant.pk, signed_off_at__isnull=True
    ).update(signed_off_at=timezone.now(), signed_off_by=by)
    if not updated:
        raise ValidationError(
            _("%(name)s has already been signed off.") % {"name": participant.employee.full_name}
        )
    participant.refresh_from_db()
    return participant


# --- mentor pulse ----------------------------------------------------------------------------


def pulse_round_start(today: datetime.date, interval_weeks: int) -> datetime.date:
    """The first day of the pulse round `today` falls in (rounds are aligned on Mondays)."""
    epoch = datetime.date(2024, 1, 1)  # a Monday
    days = interval_weeks * 7
    return epoch + datetime.timedelta(days=((today - epoch).days // days) * days)


def pulses_request(*, today: datetime.date | None = None) -> int:
    """Open this round's pulse for every active mentor and notify them once."""
    today = today or timezone.localdate()
    settings_by_org = {s.organisation_id: s for s in MentoringSettings.objects.all()}
    default = MentoringSettings()
    profiles = list(
        MentorProfile.objects.filter(is_active=True).values_list(
            "pk", "employee__organisation_id", "employee__user_id"
        )
    )
    new = []
    for pk, org_id, _user_id in profiles:
        conf = settings_by_org.get(org_id, default)
        new.append(
            MentorPulse(
                profile_id=pk, period_start=pulse_round_start(today, conf.pulse_interval_weeks)
            )
        )
    sent_ids = []
    with transaction.atomic():
        MentorPulse.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
        keys = {
            f"mentoring:pulse:{p.profile_id}:{p.period_start.isoformat()}": (p, user_id)
            for p, (_pk, _org, user_id) in zip(new, profiles, strict=True)
            if user_id
        }
        claimed = _claim_keys(list(keys))
        users = {
            u.pk: u
            for u in User.objects.filter(pk__in=[keys[k][1] for k in claimed]).select_related(
                "preference"
            )
        }
        for key in claimed:
            pulse, user_id = keys[key]
            notification = notify.notification_create(
                recipient=users[user_id],
                kind="mentoring.pulse",
                template="mentoring/email/pulse",
                context={"round": pulse.period_start},
                url=reverse("mentoring:pulse_answer"),
                queue=False,
            )
            sent_ids.append(notification.pk)
    if sent_ids:
        notify.notifications_deliver(ids=sent_ids)
    return len(sent_ids)


@transaction.atomic
def pulse_answer(
    *,
    pulse: MentorPulse,
    energy: int,
    time_pressure: int,
    still_willing: bool,
    comment: str = "",
    by=None,
) -> MentorPulse:
    """Answer a pulse; a pulse can be answered once."""
    _check_text(comment=comment)
    probe = MentorPulse(
        profile_id=pulse.profile_id,
        period_start=pulse.period_start,
        energy=energy,
        time_pressure=time_pressure,
        still_willing=still_willing,
        comment=comment,
    )
    probe.full_clean(exclude=["profile"], validate_unique=False, validate_constraints=False)
    updated = MentorPulse.objects.filter(pk=pulse.pk, answered_at__isnull=True).update(
        energy=energy,
        time_pressure=time_pressure,
        still_willing=still_willing,
        comment=comment,
        answered_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("You have already answered this pulse."))
    pulse.refresh_from_db()
    if still_willing is False or energy <= 1:
        _notify_pulse_signal(pulse)
    return pulse


def _notify_pulse_signal(pulse: MentorPulse) -> None:
    """Tell the practice supervisors that a mentor may not keep it up (no answers in the mail)."""
    employee = pulse.profile.employee
    for membership in Membership.objects.filter(
        organisation_id=employee.organisation_id,
        role=Role.PRACTICE_SUPERVISOR,
        user__is_active=True,
    ).select_related("user"):
        notify.notification_create(
            recipient=membership.user,
            kind="mentoring.pulse_signal",
            template="mentoring/email/pulse_signal",
            context={"mentor": employee},
            url=reverse("mentoring:pool"),
        )
