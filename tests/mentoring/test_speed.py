"""Query budgets on bulk-built data (marked slow); the wall-clock budgets are measured
by the benchmark suite (`make bench`), not asserted here."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from mentoring import selectors, services
from mentoring.models import CheckIn, MentorAssignment, MentorProfile
from notifications.models import Notification
from organisations.models import Employee
from organisations.roles import Role
from tests.mentoring.factories import assign, mentor

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
TODAY = datetime.date(2026, 11, 25)


def _bulk_pool(world, mentors=500, mentees=2000):
    org, team = world.a.organisation, world.a.team
    people = Employee.objects.bulk_create(
        [
            Employee(
                organisation=org,
                team=team,
                first_name="Mentor",
                last_name=f"Nr {i:04d}",
                email=f"m{i}@example.org",
                job_function="Jeugdbeschermer",
                employment_start=datetime.date(2020, 1, 1),
                skj_registration_date=datetime.date(2020, 2, 1),
            )
            for i in range(mentors)
        ]
        + [
            Employee(
                organisation=org,
                team=team,
                first_name="Nieuw",
                last_name=f"Nr {i:04d}",
                email=f"s{i}@example.org",
                job_function="Jeugdbeschermer in opleiding",
                employment_start=datetime.date(2026, 1, 1),
                is_side_entrant=True,
            )
            for i in range(mentees)
        ]
    )
    mentor_people, mentee_people = people[:mentors], people[mentors:]
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                employee=p,
                role="main",
                max_main_mentees=3,
                max_sub_mentees=3,
                expertise=["jeugdbescherming"],
            )
            for p in mentor_people
        ]
    )
    assignments = MentorAssignment.objects.bulk_create(
        [
            MentorAssignment(
                mentee=m,
                mentor=mentor_people[i % mentors],
                kind="main",
                start_date=datetime.date(2026, 1, 1),
            )
            for i, m in enumerate(mentee_people[: mentees * 1 // 2])
        ]
        + [
            MentorAssignment(
                mentee=m,
                mentor=mentor_people[(i + 1) % mentors],
                kind="sub",
                start_date=datetime.date(2026, 1, 1),
            )
            for i, m in enumerate(mentee_people[: mentees * 1 // 2])
        ]
    )
    return assignments


def test_pool_overview_and_matching_with_500_mentors(world):
    _bulk_pool(world)
    user = world.a.user(Role.PRACTICE_SUPERVISOR)
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.pool_overview(user=user)
    assert len(rows) == 500 and len(queries) <= 5
    mentee = world.a.side_entrant
    with CaptureQueriesContext(connection) as queries:
        suggestions = selectors.mentor_suggestions(mentee=mentee, kind="main")
    assert suggestions and len(queries) <= 6


def test_reminders_over_thousands_of_checkins_use_bounded_queries(world):
    assignments = _bulk_pool(world, mentors=50, mentees=400)
    # Give every mentor an account so reminders can go out.
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"mentor-{i}", email=f"mentor{i}@example.org")
            for i in range(50)
        ]
    )
    mentors = list(Employee.objects.filter(mentor_profile__isnull=False).order_by("pk"))
    for employee, user in zip(mentors, users, strict=True):
        employee.user = user
    Employee.objects.bulk_update(mentors, ["user"])
    CheckIn.objects.bulk_create(
        [
            CheckIn(assignment=a, planned_date=TODAY - datetime.timedelta(days=d))
            for a in assignments
            for d in range(1, 11)
        ]
    )
    count = CheckIn.objects.filter(assignment__mentor__user__isnull=False).count()
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        result = services.checkin_reminders_send(today=TODAY)
    assert count == 4000 and result.overdue == count
    # Bounded by batches and recipients (50 mentors, 1 supervisor), not by check-ins.
    assert len(queries) < count / 10, len(queries)
    assert len(mail.outbox) == Notification.objects.count()


def test_assigning_works_when_the_broker_is_down(world, django_capture_on_commit_callbacks):
    profile = mentor(world.a)
    with (
        mock.patch(
            "notifications.tasks.deliver_notifications.delay",
            side_effect=OperationalError("redis down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assign(world.a.side_entrant, profile.employee)
    pending = Notification.objects.filter(kind="mentoring.assigned", email_sent_at__isnull=True)
    assert pending.count() == 2  # mentor and side-entrant; the mails wait for the sweep
    from notifications import services as notify

    assert notify.notifications_deliver_pending() == 2
    assert notify.notifications_deliver_pending() == 0
