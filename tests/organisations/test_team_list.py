"""The team list: own organisations only, search, organisation filter, pagination, staffing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory, PlacementFactory, TeamFactory

pytestmark = pytest.mark.django_db
URL = reverse("organisations:team_list")


def test_lists_own_teams_with_staffing(client, world):
    team = TeamFactory(organisation=world.a.organisation, name="Team Drenthe", formation_fte=4)
    for fte, kind in (("1.0", "regular"), ("0.8", "regular"), ("1.0", "supernumerary")):
        employee = EmployeeFactory(organisation=world.a.organisation, team=team)
        PlacementFactory(
            employee=employee,
            team=team,
            fte=Decimal(fte),
            formation_kind=kind,
            start_date=datetime.date(2025, 1, 1),
        )
    client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.get(URL)
    html = response.content.decode()
    assert "Team Drenthe" in html and world.b.team.name not in html
    row = next(t for t in response.context["page"].object_list if t.pk == team.pk)
    assert (row.formation_fte, row.occupied_fte, row.open_fte) == (
        4,
        Decimal("1.8"),
        Decimal("2.2"),
    )
    assert (row.supernumerary_fte, row.supernumerary_count, row.employee_count) == (
        Decimal("1.0"),
        1,
        3,
    )


def test_search_filter_and_odd_input(client, world):
    TeamFactory(organisation=world.a.organisation, name="Team Drenthe")
    client.force_login(world.a.user(Role.HR_ADVISOR))
    names = lambda response: [t.name for t in response.context["page"].object_list]  # noqa: E731
    assert names(client.get(URL, {"q": "drenthe"})) == ["Team Drenthe"]
    assert names(client.get(URL, {"organisation": world.a.organisation.pk, "q": ""})) == sorted(
        ["Team Drenthe", world.a.team.name]
    )
    # Another organisation's id is not a choice: a form error, the own teams stay listed.
    response = client.get(URL, {"organisation": world.b.organisation.pk})
    assert response.status_code == 200 and world.b.team.name not in response.content.decode()
    for odd in (
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"organisation": "x" * 300},
        {"q": "<script>alert(1)</script>"},
        {"organisation": "99999999999999999999999"},
    ):
        response = client.get(URL, odd)
        assert response.status_code == 200, odd
        assert "<script>alert(1)" not in response.content.decode()


def test_paginated_and_query_count_constant(client, world, django_assert_num_queries):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    # 7 baseline + count + page + organisation choices
    with django_assert_num_queries(10):
        client.get(URL)
    for i in range(30):
        team = TeamFactory(organisation=world.a.organisation, name=f"Team {i:02d}")
        employee = EmployeeFactory(organisation=world.a.organisation, team=team)
        PlacementFactory(employee=employee, team=team, formation_kind="supernumerary")
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 31
