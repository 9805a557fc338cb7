"""The daily deadline warnings (beat): registration deadlines, overdue milestones,
re-registration.

The side-entrant gets one message per warning; HR and mentors get one digest per run
listing every warning of their people, so a first run over thousands of tracks does
not flood an HR inbox. Candidates are read WARNING_BATCH rows at a time; per batch the
warning keys are claimed in one statement (notifications.reminder_claim_many: each
warning once, also with two workers at once), the recipients' preferences, HR advisers
and mentors are loaded in a few queries and the notifications are inserted in one
bulk INSERT. Queries grow with batches, never with tracks or warnings.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from mentoring import selectors as mentoring_selectors
from organisations.models import Employee
from organisations.roles import Role

from ..dates import add_months
from ..models import Track, TrackMilestone

WARNING_BATCH = 500


def _attach_preferences(users) -> None:
    """Load the recipients' language and mail preferences (cached on the user), one query
    per WARNING_BATCH users."""
    from notifications.models import UserPreference

    # The same person can come as several user objects (e.g. two overdue milestones of one
    # side-entrant): every object gets the preference, one query per WARNING_BATCH people.
    by_pk: dict[int, list] = {}
    for user in users:
        if user is not None:
            by_pk.setdefault(user.pk, []).append(user)
    pks = list(by_pk)
    for start in range(0, len(pks), WARNING_BATCH):
        batch = pks[start : start + WARNING_BATCH]
        found = {p.user_id: p for p in UserPreference.objects.filter(user__in=batch)}
        for pk in batch:
            for user in by_pk[pk]:
                user.preference = found.get(pk) or UserPreference(user=user)


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

    def write(self) -> list[int]:
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
    """Queue the emails once committed, in batches over one mail connection each; with
    the broker down the notifications sweep sends them later."""
    from notifications.outbox import queue_delivery

    if ids:
        transaction.on_commit(lambda: queue_delivery(ids, batch_size=WARNING_BATCH))


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

    from ..models import RegistrationRule

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

    # The same digest: HR gets one summary per run, re-registrations included.
    sent["reregistration"] = _reregistration_warnings(
        today=today, rule=rule, ids=ids, staff=staff, digest=digest
    )
    ids += digest.write()
    _deliver_after_commit(ids)
    return sent


def _reregistration_warnings(
    *, today: datetime.date, rule, ids: list[int], staff, digest: "_Digest"
) -> int:
    """ "Apply in time": tell a registered professional and HR 3 months before the due date."""
    from django.db.models import Q
    from django.urls import reverse

    from ..dates import add_years
    from ..selectors import registration_period

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
    return count
