import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import services
from dashboards.forecast import PoolMember, forecast_for, project
from organisations import services as org_services
from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
    user_with_role,
)

D = datetime.date


def test_projection_by_hand():
    rows = project(
        start=D(2026, 1, 15),
        months=3,
        members=[PoolMember(fte=Decimal("1.0"), registration=D(2026, 2, 10))],
        open_formation_fte=Decimal("2"),
        occupied_fte=Decimal("12"),
        yearly_outflow_percent=Decimal("10"),
        monthly_dropout=Decimal("0"),
    )
    assert [r.month for r in rows] == [D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    assert [r.pool_fte for r in rows] == [Decimal("1.00"), Decimal("0.00"), Decimal("0.00")]
    assert [r.converted_fte for r in rows] == [Decimal("0.00"), Decimal("1.00"), Decimal("1.00")]
    # 12 FTE x 10% a year = 0.1 FTE of new vacancies a month on top of 2 open.
    assert [r.vacancies_fte for r in rows] == [Decimal("2.10"), Decimal("2.20"), Decimal("2.30")]
    assert [r.gap_fte for r in rows] == [Decimal("2.10"), Decimal("1.20"), Decimal("1.30")]


def test_projection_with_dropout_and_delay_by_hand():
    rows = project(
        start=D(2026, 1, 15),
        months=3,
        members=[PoolMember(fte=Decimal("1.0"), registration=D(2026, 2, 10))],
        open_formation_fte=Decimal("0"),
        occupied_fte=Decimal("0"),
        yearly_outflow_percent=Decimal("0"),
        monthly_dropout=Decimal("0.1"),
        delay_months=1,
    )
    # Registration moves to March; 10% leave each month before it.
    assert [r.pool_fte for r in rows] == [Decimal("0.90"), Decimal("0.81"), Decimal("0.00")]
    assert [r.converted_fte for r in rows] == [Decimal("0.00"), Decimal("0.00"), Decimal("0.81")]


@pytest.mark.parametrize("months", [0, 61])
def test_horizon_is_limited(months):
    with pytest.raises(ValueError):
        project(
            start=D(2026, 1, 1),
            months=months,
            members=[],
            open_formation_fte=Decimal(0),
            occupied_fte=Decimal(0),
            yearly_outflow_percent=Decimal(0),
            monthly_dropout=Decimal(0),
        )


@pytest.fixture
def org(db):
    organisation = OrganisationFactory(name="Jeugdbescherming Prognose")
    team = TeamFactory(organisation=organisation, formation_fte=Decimal("5"))
    services.capacity_settings_update(
        organisation=organisation, months_to_registration=12, yearly_outflow_percent=Decimal("0")
    )
    newcomer = EmployeeFactory(
        organisation=organisation,
        team=team,
        is_side_entrant=True,
        employment_start=D(2026, 1, 10),
    )
    PlacementFactory(
        employee=newcomer, team=team, start_date=D(2026, 1, 10), formation_kind="supernumerary"
    )
    # Registered 3 months later than the planned 12: the realistic variant adds 3 months.
    veteran = EmployeeFactory(
        organisation=organisation,
        team=team,
        is_side_entrant=True,
        employment_start=D(2025, 1, 5),
        skj_registration_date=D(2026, 4, 20),
    )
    PlacementFactory(
        employee=veteran,
        team=team,
        start_date=D(2025, 1, 5),
        end_date=D(2026, 4, 30),
        formation_kind="supernumerary",
    )
    org_services.placement_create(
        employee=veteran, team=team, start_date=D(2026, 5, 1), fte=Decimal("1")
    )
    return organisation


@pytest.mark.django_db
def test_forecast_from_live_data_by_hand(org):
    manager = user_with_role(Role.MANAGER, org)
    data = forecast_for(user=manager, today=D(2026, 6, 15))
    assert data["pool_now"] == Decimal("1.00")
    assert data["delay_months"] == 3
    assert data["monthly_dropout"] == Decimal("0")
    assert data["pool_empty_planned"] == D(2027, 2, 1)  # registers January 2027
    assert data["pool_empty_realistic"] == D(2027, 5, 1)  # three months later
    # 5 formation, 1 occupied -> 4 open; one conversion leaves 3 unfilled.
    assert data["planned"][-1].gap_fte == Decimal("3.00")


@pytest.mark.django_db
def test_forecast_page_access_and_bad_horizon(client, world):
    url = reverse("dashboards:forecast")
    client.force_login(world.a.user(Role.MANAGER))
    response = client.get(url, {"months": "600"})
    assert response.status_code == 200
    assert "tussen 1 en 60 maanden" in response.content.decode()
    assert client.get(url, {"months": "abc", "organisation": "x"}).status_code == 200
    client.force_login(world.a.user(Role.MENTOR))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_forecast_query_count_is_constant(client, world, django_assert_num_queries):
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:forecast")
    client.get(url)
    with django_assert_num_queries(13):
        client.get(url)
    for _ in range(5):
        employee = EmployeeFactory(
            organisation=world.a.organisation, team=world.a.team, is_side_entrant=True
        )
        PlacementFactory(employee=employee, team=world.a.team, formation_kind="supernumerary")
    with django_assert_num_queries(13):
        client.get(url)
