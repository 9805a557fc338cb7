"""Races and the access log on PostgreSQL with real connections and two threads."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from support import services
from support.models import Escalation, Level, Trajectory, TrajectoryAccessLog

from .factories import trajectory

D = datetime.date

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no real race to test",
)


def _race(fn, n=2):
    barrier = threading.Barrier(n)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(fn())
        except ValidationError as exc:
            results.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_opening_overlapping_trajectories_at_once(world):
    employee = world.a.employee

    def open_one():
        return services.trajectory_create(
            employee=employee,
            created_by=None,
            level=Level.VOORKOMEN,
            provider="Arbeidspsycholoog",
            start_date=D(2026, 11, 1),
            planned_end_date=D(2027, 1, 31),
        )

    results = _race(open_one)
    assert sorted(type(r).__name__ for r in results) == ["Trajectory", "ValidationError"]
    assert Trajectory.objects.filter(employee=employee).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_escalations_at_once_move_one_level_each_and_keep_both_in_history(world):
    t = trajectory(world.a.employee, level=Level.VERSTERKEN)

    def escalate():
        return services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 10, 5), reason="Opschalen", decided_by=None
        )

    results = _race(escalate)
    t.refresh_from_db()
    # The row lock serialises them: the second starts from the level the first left.
    assert t.level == Level.HERSTEL
    assert list(Escalation.objects.order_by("pk").values_list("from_level", "to_level")) == [
        (1, 2),
        (2, 3),
    ]
    assert all(isinstance(r, Escalation) for r in results)
    assert [h.level for h in t.history.order_by("history_date")] == [1, 2, 3]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_refused_attempt_stays_logged_after_the_404(client, world):
    t = trajectory(world.a.side_entrant, level=Level.VOORKOMEN)
    client.force_login(world.a.user("manager"))
    assert client.get(t.get_absolute_url()).status_code == 404
    entry = TrajectoryAccessLog.objects.get()
    assert (entry.trajectory_id, entry.allowed, entry.user) == (
        t.pk,
        False,
        world.a.user("manager"),
    )
