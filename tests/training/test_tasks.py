import datetime
import threading
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection

from notifications.models import Notification
from organisations.roles import Role
from tests.training import factories as f
from training import services, tasks
from training.models import Track

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def _track_with_deadline(world, days_left, **kwargs):
    return f.track(
        world.a.side_entrant,
        start=TODAY - datetime.timedelta(days=300),
        registration_deadline=TODAY + datetime.timedelta(days=days_left),
        **kwargs,
    )


def _deadline_notes():
    return Notification.objects.filter(kind="training_deadline")


def _complete_all_but_overdue(track):
    """Keep milestones out of the way when a test is only about the deadline."""
    track.milestones.update(planned_date=TODAY + datetime.timedelta(days=400))


def test_deadline_warnings_at_90_30_7_days_each_once(world, django_capture_on_commit_callbacks):
    track = _track_with_deadline(world, 90)
    _complete_all_but_overdue(track)
    mentor = f.registered(world.a.organisation, user=world.a.user(Role.MENTOR))
    recipients = {
        world.a.user(Role.SIDE_ENTRANT),
        world.a.user(Role.HR_ADVISOR),
        world.a.user(Role.MENTOR),
    }
    with (
        mock.patch(
            "mentoring.selectors.current_mentors",
            return_value={world.a.side_entrant.pk: [mentor]},
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for day_offset in range(0, 95):  # every day from 90 days before to past the deadline
            services.deadline_warnings_send(today=TODAY + datetime.timedelta(days=day_offset))
            services.deadline_warnings_send(today=TODAY + datetime.timedelta(days=day_offset))
    notes = _deadline_notes()
    # The side-entrant gets each warning; HR and the mentor one digest per run that warned.
    assert notes.count() == 3
    assert {n.recipient for n in notes} == {world.a.user(Role.SIDE_ENTRANT)}
    assert sorted(notes.values_list("title", flat=True)) == sorted(
        [
            "Uiterste datum SKJ-registratie over 90 dagen",
            "Uiterste datum SKJ-registratie over 30 dagen",
            "Uiterste datum SKJ-registratie over 7 dagen",
        ]
    )
    digests = Notification.objects.filter(kind="training_digest")
    assert digests.count() == 6
    assert {n.recipient for n in digests} == recipients - {world.a.user(Role.SIDE_ENTRANT)}
    assert "nog 7 dagen" in digests.order_by("-pk").first().body
    # HR of the other organisation and the manager hear nothing.
    everything = Notification.objects.all()
    assert not everything.filter(recipient=world.b.user(Role.HR_ADVISOR)).exists()
    assert not everything.filter(recipient=world.a.user(Role.MANAGER)).exists()
    assert len(mail.outbox) == 9


def test_late_start_gets_the_nearest_warning_only(world):
    track = _track_with_deadline(world, 25)
    _complete_all_but_overdue(track)
    services.deadline_warnings_send(today=TODAY)
    titles = set(_deadline_notes().values_list("title", flat=True))
    assert titles == {"Uiterste datum SKJ-registratie over 25 dagen"}


def test_no_warning_for_registered_closed_or_far_tracks(world):
    far = _track_with_deadline(world, 200)
    _complete_all_but_overdue(far)
    stopped = f.track(
        world.b.side_entrant,
        start=TODAY - datetime.timedelta(days=300),
        registration_deadline=TODAY + datetime.timedelta(days=7),
    )
    _complete_all_but_overdue(stopped)
    services.track_update(track=stopped, status="stopped", stop_reason="Vertrokken")
    services.deadline_warnings_send(today=TODAY)
    assert not _deadline_notes().exists()


def test_overdue_milestone_warns_once(world, django_capture_on_commit_callbacks):
    track = f.track(world.a.side_entrant, start=TODAY - datetime.timedelta(days=40))
    track.milestones.exclude(order=2).update(planned_date=TODAY + datetime.timedelta(days=400))
    services.milestone_complete(milestone=track.milestones.get(order=1), done_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.deadline_warnings_send(today=TODAY)
        second = services.deadline_warnings_send(today=TODAY + datetime.timedelta(days=1))
    assert first["milestone"] == 1 and second["milestone"] == 0
    note = Notification.objects.get(kind="training_milestone_overdue")
    assert note.recipient == world.a.user(Role.SIDE_ENTRANT)
    assert "Route gekozen" in note.body
    digest = Notification.objects.get(kind="training_digest")
    assert digest.recipient == world.a.user(Role.HR_ADVISOR)
    assert "Route gekozen" in digest.body and world.a.side_entrant.full_name in digest.body


def test_reregistration_apply_in_time_once(world):
    pro = f.registered(
        world.a.organisation,
        user=world.a.user(Role.MENTOR),
        skj_registration_date=None,
    )
    services.registration_record(
        employee=pro, skj_number="120011111", registration_date=datetime.date(2021, 12, 20)
    )
    assert services.deadline_warnings_send(today=TODAY)["reregistration"] == 1
    assert services.deadline_warnings_send(today=TODAY)["reregistration"] == 0
    note = Notification.objects.get(kind="training_reregistration", recipient__pk=pro.user_id)
    assert "20-12-2026" in note.body


def test_the_beat_task_runs_the_service(world):
    track = _track_with_deadline(world, 7)
    _complete_all_but_overdue(track)
    result = tasks.send_training_deadline_warnings.delay().get()
    assert result["deadline"] == 1


def test_queries_do_not_grow_per_quiet_track(world):
    """Tracks outside every window cost nothing: the selection happens in SQL."""
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for index in range(n):
            employee = f.EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
            track = f.track(employee, registration_deadline=TODAY + datetime.timedelta(days=300))
            track.milestones.update(planned_date=TODAY + datetime.timedelta(days=400 + index))

    add(1)
    with CaptureQueriesContext(connection) as few:
        services.deadline_warnings_send(today=TODAY)
    add(30)
    with CaptureQueriesContext(connection) as many:
        services.deadline_warnings_send(today=TODAY)
    assert len(many) == len(few)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_warning_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no real race")
    track = _track_with_deadline(world, 30)
    _complete_all_but_overdue(track)
    errors = []

    def run():
        try:
            services.deadline_warnings_send(today=TODAY)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _deadline_notes().count() == 1  # the side-entrant, once
    assert Notification.objects.filter(kind="training_digest").count() == 1  # HR, once
    assert Track.objects.count() == 1


def test_digest_is_worded_in_each_recipients_language(world):
    from notifications.services import preference_update

    preference_update(user=world.a.user(Role.HR_ADVISOR), language="en", email_notifications=True)
    track = _track_with_deadline(world, 30)
    _complete_all_but_overdue(track)
    services.deadline_warnings_send(today=TODAY)
    digest = Notification.objects.get(kind="training_digest")
    assert "30 days left" in digest.body
    assert "Dear" in digest.body
    note = _deadline_notes().get()
    assert note.title == "Uiterste datum SKJ-registratie over 30 dagen"  # Sanne reads Dutch


def _warned_side_entrants(world, n, start):
    """n side-entrants with a login, each a track 30 days from its deadline."""
    from tests.organisations.factories import UserFactory

    for index in range(start, start + n):
        employee = f.EmployeeFactory(
            organisation=world.a.organisation, team=world.a.team, user=UserFactory()
        )
        track = f.track(
            employee,
            start=TODAY - datetime.timedelta(days=300),
            registration_deadline=TODAY + datetime.timedelta(days=30),
        )
        track.milestones.update(planned_date=TODAY + datetime.timedelta(days=400 + index))


def _run_counted():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        sent = services.deadline_warnings_send(today=TODAY)
    return sent, len(queries)


def test_queries_per_run_do_not_grow_with_warnings(world):
    """Batched: 5 or 15 warnings cost the same. By hand, the first run is: the rule (1),
    the deadline batch (1), then in one savepoint (2) claim the keys (1), the side-entrants'
    preferences (1), HR of the organisation (1), mentors (1), insert the notes (1); the
    overdue milestones (1), the re-registration window (1); the digest's preferences (1)
    and insert (1) = 13. A second run claims nothing: rule, batch, savepoint (2), claim,
    overdue, re-registration = 7."""
    _warned_side_entrants(world, 5, 0)
    sent, few = _run_counted()
    assert sent["deadline"] == 5 and few == 13
    assert _run_counted() == ({"deadline": 0, "milestone": 0, "reregistration": 0}, 7)
    _warned_side_entrants(world, 15, 5)
    sent, many = _run_counted()
    assert sent["deadline"] == 15 and many == few
    assert _deadline_notes().count() == 20
    # HR got one digest per run that warned, listing that run's warnings.
    digests = Notification.objects.filter(kind="training_digest").order_by("pk")
    assert [d.recipient for d in digests] == [world.a.user(Role.HR_ADVISOR)] * 2
    assert "15 waarschuwingen" in digests.last().title


def test_a_planned_track_becomes_active_on_its_start_date_and_then_warns(world):
    start = TODAY - datetime.timedelta(days=40)
    planned = f.track(world.a.side_entrant, start=start)
    Track.objects.filter(pk=planned.pk).update(status=Track.Status.PLANNED)
    later = f.track(world.b.side_entrant, start=TODAY + datetime.timedelta(days=10))
    Track.objects.filter(pk=later.pk).update(status=Track.Status.PLANNED)
    with time_machine.travel(TODAY):
        result = tasks.send_training_deadline_warnings()
    assert result["started"] == 1
    planned.refresh_from_db()
    later.refresh_from_db()
    assert (planned.status, later.status) == ("active", "planned")
    assert planned.history.first().status == "active"  # the change is in the audit trail
    # Its three milestones planned in the first 40 days are now overdue and warned about,
    # all three for one person in one batch (which once crashed on the shared user).
    assert result["milestone"] == 3
    with time_machine.travel(TODAY):
        assert tasks.send_training_deadline_warnings()["started"] == 0
