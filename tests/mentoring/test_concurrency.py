"""Races with real connections: needs PostgreSQL (SQLite serialises writers differently)."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mentoring import services
from mentoring.models import MentorAssignment
from notifications.models import Notification
from tests.mentoring.factories import assign, mentor, side_entrant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks and concurrent connections",
    ),
]


def _race(*callables):
    """Run callables at the same moment in threads with their own connections."""
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def run(index, fn):
        try:
            barrier.wait()
            results[index] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            results[index] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(callables)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_supervisors_assign_the_last_slot_exactly_one_wins(world):
    profile = mentor(world.a, max_main_mentees=1)
    one, two = side_entrant(world.a), side_entrant(world.a)
    results = _race(
        lambda: assign(one, profile.employee, notify_people=False),
        lambda: assign(two, profile.employee, notify_people=False),
    )
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"], results
    error = next(r[1] for r in results if r[0] == "error")
    assert isinstance(error, ValidationError)
    assert "geen vrije plek" in " ".join(error.messages)
    assert MentorAssignment.objects.filter(mentor=profile.employee).count() == 1


def test_two_supervisors_assign_the_same_mentee_exactly_one_wins(world):
    first, second = mentor(world.a), mentor(world.a)
    mentee = side_entrant(world.a)
    results = _race(
        lambda: assign(mentee, first.employee, notify_people=False),
        lambda: assign(mentee, second.employee, notify_people=False),
    )
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    assert MentorAssignment.objects.filter(mentee=mentee, end_date__isnull=True).count() == 1


def test_two_reminder_workers_at_once_send_each_reminder_once(world):
    import datetime

    profile = mentor(world.a, max_main_mentees=3)
    for _ in range(3):
        assign(side_entrant(world.a), profile.employee, notify_people=False)
    today = datetime.date(2026, 9, 20)  # some check-ins overdue, some due
    mail.outbox.clear()
    results = _race(
        lambda: services.checkin_reminders_send(today=today),
        lambda: services.checkin_reminders_send(today=today),
    )
    assert all(r[0] == "ok" for r in results), results
    total = sum(r[1].due + r[1].overdue + r[1].escalated for r in results)
    assert total > 0
    kinds = list(Notification.objects.values_list("kind", flat=True))
    # One overdue mail and at most one due mail for the mentor; nothing doubled.
    assert kinds.count("mentoring.checkin_overdue") == 1
    assert len(mail.outbox) == len(kinds)
    again = services.checkin_reminders_send(today=today)
    assert again.notifications == 0


def test_two_pulse_workers_at_once_open_and_mail_each_pulse_once(world):
    import datetime

    from mentoring.models import MentorPulse

    for _ in range(3):
        mentor(world.a)
    mail.outbox.clear()
    today = datetime.date(2026, 11, 25)
    results = _race(
        lambda: services.pulses_request(today=today),
        lambda: services.pulses_request(today=today),
    )
    assert all(r[0] == "ok" for r in results), results
    assert sum(r[1] for r in results) == 3
    assert MentorPulse.objects.count() == 3
    assert len(mail.outbox) == 3
