"""Speed of the coordinator's list and the manager figures at 5,000 rows (opt-in: BENCHMARK=1).

Rows are bulk-inserted (the services would take minutes); the pages are measured
through the test client, 20 requests each, p95 <= 200 ms.
"""

import datetime
import os
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Employee, Placement
from organisations.roles import Role
from support.models import AbsenceRecord, Escalation, Trajectory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("BENCHMARK"), reason="benchmark: set BENCHMARK=1"),
]
N = 5000
D = datetime.date


def _bulk(world):
    a = world.a
    employees = Employee.objects.bulk_create(
        Employee(
            organisation=a.organisation,
            team=a.team,
            first_name="Mede",
            last_name=f"Werker {i}",
            email=f"bench{i}@example.org",
            job_function="Jeugdbeschermer",
            fte=Decimal("0.89") if i % 3 else Decimal("1.00"),
            employment_start=D(2020, 1, 1),
            employment_end=D(2026, 11, 1) if i % 50 == 0 else None,
        )
        for i in range(N)
    )
    Placement.objects.bulk_create(
        Placement(
            employee=e,
            organisation=a.organisation,
            team=a.team,
            start_date=D(2020, 1, 1),
            fte=e.fte,
        )
        for e in employees
    )
    trajectories = Trajectory.objects.bulk_create(
        Trajectory(
            organisation=a.organisation,
            employee=e,
            level=1 + i % 3,
            provider="Interne coaching",
            start_date=D(2026, 10, 1) + datetime.timedelta(days=i % 60),
            planned_end_date=D(2026, 12, 31) + datetime.timedelta(days=i % 60),
            ended_on=D(2026, 12, 1) if i % 4 == 0 else None,
            status="completed" if i % 4 == 0 else "active",
        )
        for i, e in enumerate(employees)
    )
    Escalation.objects.bulk_create(
        Escalation(
            trajectory=t,
            organisation_id=t.organisation_id,
            employee_id=t.employee_id,
            from_level=1,
            to_level=2,
            date=D(2026, 11, 1),
            reason="x",
        )
        for t in trajectories[::5]
    )
    AbsenceRecord.objects.bulk_create(
        AbsenceRecord(
            organisation=a.organisation,
            employee=e,
            start_date=D(2026, 10, 5),
            end_date=D(2026, 10, 12),
        )
        for e in employees[::7]
    )


def _p95(client, url, params=None) -> float:
    client.get(url, params)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        assert client.get(url, params).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def test_list_and_figures_at_5000(client, world):
    _bulk(world)
    assert Trajectory.objects.count() == N and Escalation.objects.count() == N // 5
    client.force_login(world.a.user(Role.SUPPORT_COORDINATOR))
    list_p95 = _p95(client, reverse("support:trajectory_list"))
    assert f"{N} trajecten" in client.get(reverse("support:trajectory_list")).content.decode()
    client.force_login(world.a.user(Role.MANAGER))
    figures_p95 = _p95(client, reverse("support:figures"), {"year": "2026", "quarter": "4"})
    print(f"\ntrajectory list p95 {list_p95:.0f} ms, figures p95 {figures_p95:.0f} ms")
    assert list_p95 <= 200
    assert figures_p95 <= 200
