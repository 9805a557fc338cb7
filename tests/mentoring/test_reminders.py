import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring import services, tasks
from notifications import services as notify
from notifications.models import Notification
from organisations.roles import Role
from tests.mentoring.factories import assign, mentor, side_entrant

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)  # weekly check-ins from 08-09-2026


def _setup(world, mentees=1):
    profile = mentor(world.a, max_main_mentees=max(mentees, 1))
    for _ in range(mentees):
        assign(side_entrant(world.a), profile.employee, start=START, notify_people=False)
    mail.outbox.clear()
    return profile


def _kinds():
    return sorted(Notification.objects.values_list("kind", flat=True))


def test_due_checkin_reminds_the_mentor_once(world):
    profile = _setup(world)
    today = datetime.date(2026, 9, 6)  # first check-in 08-09, N = 2 days
    result = services.checkin_reminders_send(today=today)
    assert (result.due, result.overdue, result.escalated) == (1, 0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [profile.employee.user.email]
    assert "08-09-2026" in message.body
    # The task again (a retry, beat firing twice): nothing new.
    assert services.checkin_reminders_send(today=today).notifications == 0
    assert len(mail.outbox) == 1


def test_not_yet_due_is_not_reminded(world):
    _setup(world)
    assert services.checkin_reminders_send(today=datetime.date(2026, 9, 5)).notifications == 0


def test_overdue_and_escalation_to_the_practice_supervisor(world):
    _setup(world)
    today = datetime.date(2026, 9, 20)  # 08-09 is 12 days overdue (> 7), 15-09 five days
    result = services.checkin_reminders_send(today=today)
    assert result.overdue == 2 and result.escalated == 1
    supervisor = world.a.user(Role.PRACTICE_SUPERVISOR)
    escalation = Notification.objects.get(kind="mentoring.checkin_escalated")
    assert escalation.recipient == supervisor
    assert "12 dagen" in escalation.body
    assert not Notification.objects.filter(
        recipient=world.b.user(Role.PRACTICE_SUPERVISOR)
    ).exists()
    # One overdue mail listing both check-ins, one due mail (22-09), one escalation.
    assert _kinds() == [
        "mentoring.checkin_due",
        "mentoring.checkin_escalated",
        "mentoring.checkin_overdue",
    ]
    assert services.checkin_reminders_send(today=today).notifications == 0
    # A day later only the newly escalated check-in (15-09 now 8 days) is new.
    later = services.checkin_reminders_send(today=datetime.date(2026, 9, 23))
    assert later.escalated == 1


def test_without_a_practice_supervisor_the_escalation_goes_to_hr(world):
    from organisations.services import membership_revoke

    _setup(world)
    supervisor = world.a.user(Role.PRACTICE_SUPERVISOR)
    membership_revoke(
        user=supervisor, organisation=world.a.organisation, role=Role.PRACTICE_SUPERVISOR
    )
    result = services.checkin_reminders_send(today=datetime.date(2026, 9, 20))
    assert result.escalated == 1
    escalation = Notification.objects.get(kind="mentoring.checkin_escalated")
    assert escalation.recipient == world.a.user(Role.HR_ADVISOR)


def test_days_are_configurable_per_organisation(world):
    _setup(world)
    services.settings_update(
        organisation=world.a.organisation, reminder_days_ahead=5, escalate_after_days=30
    )
    result = services.checkin_reminders_send(today=datetime.date(2026, 9, 3))
    assert result.due == 1
    result = services.checkin_reminders_send(today=datetime.date(2026, 9, 20))
    assert result.escalated == 0


def test_logged_and_ended_are_not_reminded(world):
    profile = _setup(world)
    assignment = profile.employee.mentee_assignments.get()
    first = assignment.checkins.order_by("planned_date").first()
    services.checkin_log(checkin=first, held_on=datetime.date(2026, 9, 8), how_it_goes=4)
    assert services.checkin_reminders_send(today=datetime.date(2026, 9, 10)).overdue == 0
    services.assignment_end(
        assignment=assignment, end_date=datetime.date(2026, 9, 10), end_reason="completed"
    )
    assert services.checkin_reminders_send(today=datetime.date(2026, 9, 30)).notifications == 0


def test_email_in_the_recipients_language(world):
    profile = _setup(world)
    notify.preference_update(user=profile.employee.user, language="en", email_notifications=True)
    services.checkin_reminders_send(today=datetime.date(2026, 9, 7))
    assert mail.outbox[0].subject == "Check-ins coming up"


def test_query_count_does_not_grow_with_checkins(world):
    profile = mentor(world.a, max_main_mentees=10)
    assign(side_entrant(world.a), profile.employee, start=START, notify_people=False)
    today = datetime.date(2026, 11, 20)
    with CaptureQueriesContext(connection) as small:
        services.checkin_reminders_send(today=today)
    from notifications.models import ReminderClaim

    ReminderClaim.objects.all().delete()
    Notification.objects.all().delete()
    for _ in range(6):
        assign(side_entrant(world.a), profile.employee, start=START, notify_people=False)
    opened = []
    from notifications import outbox

    real = outbox.get_connection

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    mail.outbox.clear()
    with (
        mock.patch.object(outbox, "get_connection", counting),
        CaptureQueriesContext(connection) as many,
    ):
        result = services.checkin_reminders_send(today=today)
    assert result.overdue > 6 * 10
    assert len(many) == len(small), [q["sql"] for q in many.captured_queries]
    assert opened == [1, 1]  # one mail connection for the batch, one for the escalations
    # One overdue mail to the mentor, one escalation to the supervisor (plus a due one if any).
    assert len(mail.outbox) == Notification.objects.count() >= 2


def test_batches_of_recipients_one_delivery_each(world):
    for _ in range(3):
        profile = mentor(world.a)
        assign(side_entrant(world.a), profile.employee, start=START, notify_people=False)
    with mock.patch.object(
        notify, "notifications_deliver", wraps=notify.notifications_deliver
    ) as deliver:
        result = services.checkin_reminders_send(today=datetime.date(2026, 11, 20), batch_size=2)
    assert result.overdue > 30
    # 3 mentors in batches of 2, then every escalation in one step: three deliveries.
    assert deliver.call_count == 3
    assert len(mail.outbox) == Notification.objects.count()


def test_task_runs_the_service(world):
    _setup(world)
    with mock.patch.object(
        services.reminders.timezone, "localdate", return_value=datetime.date(2026, 9, 7)
    ):
        outcome = tasks.send_due_checkin_reminders.delay().get()
    assert outcome["due"] == 1


def test_a_supervisor_gets_one_escalation_per_run_across_batches_and_organisations(world):
    """Mentors are handled in batches; escalations are not: one mail per supervisor."""
    from organisations.services import membership_grant

    supervisor = world.a.user(Role.PRACTICE_SUPERVISOR)
    membership_grant(
        user=supervisor, organisation=world.b.organisation, role=Role.PRACTICE_SUPERVISOR
    )
    for side in (world.a, world.a, world.b):
        profile = mentor(side)
        assign(side_entrant(side), profile.employee, start=START, notify_people=False)
    mail.outbox.clear()
    today = datetime.date(2026, 9, 20)
    result = services.checkin_reminders_send(today=today, batch_size=1)
    assert result.escalated == 3
    (escalation,) = Notification.objects.filter(
        kind="mentoring.checkin_escalated", recipient=supervisor
    )
    assert escalation.body.count("12 dagen") == 3  # both organisations in one mail
    assert [m.to for m in mail.outbox].count([supervisor.email]) == 1
