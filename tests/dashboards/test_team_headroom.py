"""The campaign form shows how many side-entrants the chosen team can take now."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import capacity, services
from intake.models import Campaign
from organisations.roles import Role
from tests.mentoring import factories as mf
from tests.organisations.factories import PlacementFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:team_headroom")


@pytest.fixture
def team_a(world):
    """Two mentors with one main place each, one of them taken: 1 main and 4 sub places free.
    Budget 3 FTE; on top of formation already the world's side-entrant (1.0 FTE) and one
    more at 0.8 FTE, so 1.2 FTE left: room for 1 more person at 1.0 FTE each."""
    first = mf.mentor(world.a)
    mf.mentor(world.a)
    mf.assign(mf.side_entrant(world.a), first.employee)
    PlacementFactory(
        employee=mf.side_entrant(world.a),
        team=world.a.team,
        fte=Decimal("0.8"),
        formation_kind="supernumerary",
        start_date=datetime.date(2026, 1, 1),
    )
    services.capacity_settings_update(
        organisation=world.a.organisation, supernumerary_budget_fte=Decimal("3")
    )
    return world.a.team


def test_can_take_is_the_lower_of_free_main_mentors_and_budget(world, team_a):
    hr = world.a.user(Role.HR_ADVISOR)
    data = capacity.team_can_take(user=hr, team_id=team_a.pk, day=datetime.date(2026, 6, 1))
    assert data["headroom"] == {
        "main_free": 1,
        "sub_free": 4,
        "hours_free": Decimal("6"),
        "main_with_time": 1,
        "mentors": 2,
    }
    assert data["budget_people"] == 1  # floor((3 - 1.0 - 0.8) / 1.0)
    assert data["can_take"] == 1
    # A bigger budget: the single free main mentor is now the limit.
    services.capacity_settings_update(
        organisation=world.a.organisation, supernumerary_budget_fte=Decimal("10")
    )
    data = capacity.team_can_take(user=hr, team_id=team_a.pk, day=datetime.date(2026, 6, 1))
    assert (data["budget_people"], data["can_take"]) == (8, 1)  # floor(10 - 1.8)


def test_fragment_says_the_number_in_dutch(client, world, team_a):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    html = client.get(URL, {"team": team_a.pk}).content.decode()
    assert f"{team_a.name} kan nu 1 zij-instromer extra begeleiden." in html
    assert "Vrije plaatsen hoofdmentor: 1 (1 met de uren voor nog een mentee)" in html
    assert "vrije mentoruren: 6,0 per week" in html


def test_fragment_without_a_team_asks_for_one(client, world):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    for params in ({}, {"team": ""}, {"team": "abc"}, {"team": "-1"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert "Kies een team" in response.content.decode()


def test_fragment_access(client, world, team_a):
    client.force_login(world.a.user(Role.MENTOR))
    assert client.get(URL, {"team": team_a.pk}).status_code == 403
    client.force_login(world.b.user(Role.HR_ADVISOR))
    assert client.get(URL, {"team": team_a.pk}).status_code == 404
    assert client.get(URL, {"team": 987654}).status_code == 404
    client.logout()
    assert client.get(URL, {"team": team_a.pk}).status_code == 302


def test_fragment_query_count(client, world, team_a, django_assert_num_queries):
    client.force_login(world.a.user(Role.MANAGER))
    client.get(URL, {"team": team_a.pk})
    with django_assert_num_queries(10):
        client.get(URL, {"team": team_a.pk})


def test_campaign_form_loads_the_number_for_the_chosen_team(client, world, team_a):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    html = client.get(reverse("intake:campaign_create")).content.decode()
    assert f'hx-get="{URL}"' in html
    assert 'hx-include="#id_team"' in html


def _post(world, team):
    today = timezone.localdate()
    return {
        "organisation": world.a.organisation.pk,
        "team": team.pk,
        "title": "Jeugdbeschermers voorjaar",
        "role_profile": "jeugdbeschermer",
        "target_group": "career_switchers",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        "places": 1,
        "stages": ["applied", "screening", "interview", "offer", "hired"],
    }


def test_campaign_keeps_its_team_and_refuses_another_organisations_team(client, world, team_a):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.post(reverse("intake:campaign_create"), _post(world, world.b.team))
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    response = client.post(reverse("intake:campaign_create"), _post(world, team_a))
    assert response.status_code == 302
    assert Campaign.objects.get().team == team_a
