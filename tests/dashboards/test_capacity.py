import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import capacity, services
from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def org():
    """Formation 10 FTE; 8 FTE regular; 2 side-entrants (1.0 + 0.8) on top; budget 5 FTE."""
    organisation = OrganisationFactory(name="Jeugdbescherming Proef")
    team = TeamFactory(organisation=organisation, name="Proefteam", formation_fte=Decimal("10"))
    for fte in ("1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"):
        employee = EmployeeFactory(organisation=organisation, team=team)
        PlacementFactory(employee=employee, team=team, fte=Decimal(fte))
    for fte, source in (("1.0", "sectorplanplus"), ("0.8", "own_budget")):
        employee = EmployeeFactory(organisation=organisation, team=team, is_side_entrant=True)
        PlacementFactory(
            employee=employee,
            team=team,
            fte=Decimal(fte),
            formation_kind="supernumerary",
            funding_source=source,
        )
    # Ended before DAY: must not count.
    gone = EmployeeFactory(organisation=organisation, team=team)
    PlacementFactory(employee=gone, team=team, end_date=datetime.date(2026, 5, 31))
    services.capacity_settings_update(
        organisation=organisation, supernumerary_budget_fte=Decimal("5")
    )
    return organisation


def test_figures_for_a_hand_made_organisation(org):
    manager = user_with_role(Role.MANAGER, org)
    data = capacity.capacity_overview(user=manager, day=DAY)
    (row,) = data["rows"]
    assert row["totals"]["formation"] == Decimal("10")
    assert row["totals"]["occupied"] == Decimal("8")
    assert row["totals"]["open"] == Decimal("2")
    assert row["totals"]["supernumerary_fte"] == Decimal("1.8")
    assert row["totals"]["supernumerary_count"] == 2
    assert row["budget_left_fte"] == Decimal("3.2")
    assert row["budget_people"] == 3  # floor(3.2 / 1.0)
    by_source = {f["funding_source"]: (f["fte"], f["people"]) for f in row["funding"]}
    assert by_source == {
        "sectorplanplus": (Decimal("1.0"), 1),
        "own_budget": (Decimal("0.8"), 1),
    }


def _headroom(**figures) -> dict:
    return {"main_free": 7, "sub_free": 1, "hours_free": Decimal("20"), "main_with_time": 0} | (
        figures
    )


def test_can_take_now_is_the_lower_of_mentors_and_budget(org, monkeypatch):
    manager = user_with_role(Role.MANAGER, org)
    team = org.teams.get()
    monkeypatch.setattr(
        "dashboards.sources.mentor_headroom",
        lambda team_ids: {team.pk: _headroom(main_with_time=2)},
    )
    (row,) = capacity.capacity_overview(user=manager, day=DAY)["rows"]
    assert row["teams"][0].can_take == 2  # 2 main places with time < 3 budgeted people
    monkeypatch.setattr(
        "dashboards.sources.mentor_headroom",
        lambda team_ids: {team.pk: _headroom(main_with_time=7)},
    )
    (row,) = capacity.capacity_overview(user=manager, day=DAY)["rows"]
    assert row["can_take"] == 3  # now the budget is the limit


def test_access(client, world):
    url = reverse("dashboards:capacity")
    for role, status in (
        (Role.MANAGER, 200),
        (Role.HR_ADVISOR, 200),
        (Role.MENTOR, 403),
        (Role.SIDE_ENTRANT, 403),
        (Role.SUPPORT_COORDINATOR, 403),
    ):
        client.force_login(world.a.user(role))
        assert client.get(url).status_code == status, role
    client.force_login(world.b.user(Role.MANAGER))
    html = client.get(url, {"organisation": world.a.organisation.pk}).content.decode()
    assert world.a.organisation.name not in html
    team_url = reverse("dashboards:capacity_team", args=[world.a.team.pk])
    assert client.get(team_url).status_code == 404
    client.force_login(world.a.user(Role.MANAGER))
    assert world.a.employee.full_name in client.get(team_url).content.decode()


def test_settings_reject_absurd_numbers(client, world):
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:capacity_settings", args=[world.a.organisation.pk])
    response = client.post(
        url,
        {
            "supernumerary_budget_fte": "-1",
            "fte_per_side_entrant": "1",
            "hourly_wage_cost": "0",
            "yearly_outflow_percent": "250",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("invalid-feedback") >= 3
    client.force_login(world.a.user(Role.HR_ADVISOR))
    assert client.get(url).status_code == 403
    client.force_login(world.b.user(Role.MANAGER))
    assert client.get(url).status_code == 404


def test_query_count_is_constant(client, world, django_assert_num_queries):
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:capacity")
    # 7 baseline + organisations + teams with staffing + settings + funding + mentor
    # headroom + organisation choices
    with django_assert_num_queries(13):
        client.get(url)
    for _ in range(5):
        team = TeamFactory(organisation=world.a.organisation)
        employee = EmployeeFactory(organisation=world.a.organisation, team=team)
        PlacementFactory(employee=employee, team=team, formation_kind="supernumerary")
    with django_assert_num_queries(13):
        client.get(url)


def test_mentor_headroom_comes_from_the_mentor_pool(world):
    """Two mentors (1 main + 2 sub places each); one main place taken: 1 main, 4 sub free."""
    from mentoring.selectors import mentor_headroom
    from tests.mentoring import factories as mf

    first = mf.mentor(world.a)
    mf.mentor(world.a)
    mf.assign(mf.side_entrant(world.a), first.employee)
    headroom = mentor_headroom(team_ids=[world.a.team.pk, world.b.team.pk])
    # Default hours: 4 a week available, 2 per main mentee and 1 per sub-mentee.
    assert headroom[world.a.team.pk] == {
        "main_free": 1,
        "sub_free": 4,
        "hours_free": Decimal("6"),  # (4 - 2) + 4
        "main_with_time": 1,
        "mentors": 2,
    }
    assert headroom[world.b.team.pk] == {
        "main_free": 0,
        "sub_free": 0,
        "hours_free": Decimal("0"),
        "main_with_time": 0,
        "mentors": 0,
    }
    services.capacity_settings_update(
        organisation=world.a.organisation, supernumerary_budget_fte=Decimal("10")
    )
    manager = world.a.user(Role.MANAGER)
    (row,) = capacity.capacity_overview(user=manager)["rows"]
    assert row["teams"][0].can_take == 1  # one free main mentor, budget for more


def test_planned_registration_dates_come_from_tracks(world):
    from training import services as training_services
    from training.selectors import planned_registration_dates

    track = training_services.track_create_for_hire(
        employee=world.a.side_entrant,
        route_code="45ec",
        start_date=datetime.date(2026, 9, 1),
        created_by=world.a.user(Role.HR_ADVISOR),
    )
    dates = planned_registration_dates(employee_ids=[world.a.side_entrant.pk, world.a.employee.pk])
    assert dates == {world.a.side_entrant.pk: track.registration_deadline or track.planned_end}


def test_a_free_place_without_the_hours_does_not_count(world):
    """A mentor with 2 main places and 3 hours a week: one main mentee takes 2 hours, so the
    second place is free but the hours are not (1 left < 2 per main mentee)."""
    from mentoring import services as mentoring_services
    from mentoring.selectors import mentor_headroom
    from tests.mentoring import factories as mf

    busy = mf.mentor(world.a, max_main_mentees=2, hours_per_week=Decimal("3"))
    mf.assign(mf.side_entrant(world.a), busy.employee)
    services.capacity_settings_update(
        organisation=world.a.organisation, supernumerary_budget_fte=Decimal("10")
    )
    team = world.a.team.pk
    assert mentor_headroom(team_ids=[team])[team]["main_free"] == 1
    assert mentor_headroom(team_ids=[team])[team]["hours_free"] == Decimal("1")
    assert mentor_headroom(team_ids=[team])[team]["main_with_time"] == 0
    (row,) = capacity.capacity_overview(user=world.a.user(Role.MANAGER))["rows"]
    assert row["can_take"] == 0
    # The organisation plans 1 hour per main mentee: the mentee takes 1 of the 3 hours,
    # and the 2 left are enough for the free place.
    mentoring_services.settings_update(
        organisation=world.a.organisation, hours_per_main_mentee=Decimal("1")
    )
    assert mentor_headroom(team_ids=[team])[team]["hours_free"] == Decimal("2")
    assert mentor_headroom(team_ids=[team])[team]["main_with_time"] == 1
