"""Exact query counts per page, and counts that do not grow with rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.roles import Role
from support import services
from support.models import Level
from tests.organisations.factories import EmployeeFactory, PlacementFactory

from .factories import intervention, trajectory

pytestmark = pytest.mark.django_db
D = datetime.date
SUPP, SIDE, ADM, HR = (
    Role.SUPPORT_COORDINATOR,
    Role.SIDE_ENTRANT,
    Role.FUNCTIONAL_ADMIN,
    Role.HR_ADVISOR,
)

# page -> (role, kwargs builder, exact queries). 7 of them are the baseline of every page.
PAGES = {
    "support:pyramid": (SIDE, lambda a: {}, 12),
    "support:my_support": (SIDE, lambda a: {}, 10),
    "support:request_propose": (Role.PRACTICE_SUPERVISOR, lambda a: {}, 8),
    "support:request_create": (SIDE, lambda a: {}, 8),
    "support:request_inbox": (SUPP, lambda a: {}, 8),
    "support:trajectory_list": (SUPP, lambda a: {}, 9),
    "support:trajectory_create": (SUPP, lambda a: {}, 9),
    "support:trajectory_detail": (SUPP, lambda a: {"pk": a.trajectory.pk}, 12),
    "support:trajectory_update": (SUPP, lambda a: {"pk": a.trajectory.pk}, 12),
    "support:trajectory_escalate": (SUPP, lambda a: {"pk": a.trajectory.pk}, 12),
    "support:catalogue": (ADM, lambda a: {}, 8),
    "support:intervention_update": (ADM, lambda a: {"pk": a.intervention.pk}, 9),
    "support:onboarding_list": (HR, lambda a: {}, 9),
    "support:roster": (SUPP, lambda a: {}, 8),
    "support:roster_plan": (SUPP, lambda a: {}, 9),
    "support:absence_list": (HR, lambda a: {}, 9),
    "support:absence_update": (HR, lambda a: {"pk": a.employee.absence_records.first().pk}, 8),
}
# Paginated pages skip the page query when empty: compare one row with many, not none.
ONE_ROW_FIRST = {"support:onboarding_list"}


def _grow(world, n):
    """More of everything each page lists, for the side-entrant's own pages too."""
    a = world.a
    for i in range(n):
        e = EmployeeFactory(
            organisation=a.organisation, team=a.team, employment_start=D(2026, 6, 1)
        )
        PlacementFactory(employee=e, team=a.team, start_date=D(2026, 6, 1))
        t = trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 1), end=D(2026, 12, 31))
        services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 10, 9), reason="x", decided_by=None
        )
        services.support_request_propose(employee=e, proposed_by=None, source="checkin")
        services.onboarding_record(
            employee=e, start_mode="direct", recorded_by=None, intake_date=D(2026, 6, 10)
        )
        services.supervisor_group_plan(
            organisation=a.organisation,
            employees=[e],
            term_start=D(2026, 1, 1),
            term_end=D(2026, 12, 1),
        )
        intervention(a.organisation, level=Level(1 + i % 3), name=f"Extra {i}")
        services.absence_record_create(employee=e, start_date=D(2026, 10, 1))
        services.trajectory_access_record(
            user=a.user(SUPP), trajectory=a.trajectory, allowed=True, path="/x"
        )
    trajectory(a.side_entrant, level=1, start=D(2027, 1, 1), end=D(2027, 2, 1))
    trajectory(a.side_entrant, level=2, start=D(2027, 3, 1), end=D(2027, 4, 1))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_query_count_is_exact_and_does_not_grow(client, support_world, name):
    role, kwargs, expected = PAGES[name]
    client.force_login(support_world.a.user(role))
    url = reverse(name, kwargs=kwargs(support_world.a))
    if name in ONE_ROW_FIRST:
        a = support_world.a
        EmployeeFactory(organisation=a.organisation, team=a.team, employment_start=D(2026, 6, 1))
    client.get(url)
    few = _count(client, url)
    _grow(support_world, 6)
    many = _count(client, url)
    assert many == few
    assert few == expected
