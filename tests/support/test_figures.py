"""Manager figures: aggregates per organisation and quarter, "<5" for small groups."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations import services as org_services
from organisations.roles import Role
from support import selectors, services
from support.models import Level
from tests.organisations.factories import EmployeeFactory, PlacementFactory

from .factories import trajectory

pytestmark = pytest.mark.django_db
D = datetime.date
Q4 = (2026, 4)


def _people(side, n, fte=Decimal("1.00"), start=None):
    start = start or D(2024, 1, 1)
    people = []
    for _ in range(n):
        e = EmployeeFactory(
            organisation=side.organisation, team=side.team, fte=fte, employment_start=start
        )
        PlacementFactory(employee=e, team=side.team, start_date=start, fte=fte)
        people.append(e)
    return people


def test_quarter_bounds():
    assert selectors.quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert selectors.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))


def test_figures_count_and_suppress_small_groups(world):
    a = world.a
    people = _people(a, 6)
    for e in people:
        trajectory(e, level=Level.VOORKOMEN, start=D(2026, 10, 5), end=D(2026, 12, 1))
    for e in people[:2]:
        trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 5), end=D(2026, 10, 19))
    # Another quarter and another organisation do not count.
    trajectory(people[0], level=Level.VOORKOMEN, start=D(2026, 7, 1), end=D(2026, 7, 30))
    for e in _people(world.b, 6):
        trajectory(e, level=Level.VOORKOMEN, start=D(2026, 10, 5), end=D(2026, 12, 1))

    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    by_level = {row["level"]: str(row["figure"]) for row in f["started_per_level"]}
    assert by_level == {Level.VERSTERKEN: "<5", Level.VOORKOMEN: "6", Level.HERSTEL: "<5"}
    # 8 - 6 would give away the two 'versterken' trajectories: the total is withheld.
    assert str(f["started_total"]) == "–"
    for e in _people(a, 3):
        trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 5), end=D(2026, 10, 19))
    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    assert str(f["started_total"]) == "11"  # nothing small is hidden any more: safe to show


def test_escalations_average_duration_absence_and_outflow(world):
    a = world.a
    people = _people(a, 5)
    for e in people:
        t = trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 1), end=D(2026, 12, 31))
        services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 10, 8), reason="x", decided_by=None
        )
        services.trajectory_update(
            trajectory=t, changed_by=None, ended_on=D(2026, 10, 15), status="completed"
        )
    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    assert str(f["escalations_up"]) == "5"
    assert str(f["escalations_down"]) == "<5"
    assert str(f["average_weeks"]) == "2,0"

    # Absence: 46 sick days of one full-timer is that one colleague's sick leave: "<5",
    # however many people are employed.
    services.absence_record_create(
        employee=people[0], start_date=D(2026, 9, 1), end_date=D(2026, 11, 15)
    )
    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    assert str(f["absence_rate"]) == "<5"
    assert f["absence_rate_number"] is None
    # Four more, one day each (1 Oct): five people were sick, the rate may show.
    for e in people[1:]:
        services.absence_record_create(
            employee=e, start_date=D(2026, 10, 1), end_date=D(2026, 10, 1)
        )
    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    contract_fte_days = 92 * (5 + 2)  # five people plus the two of the world fixture
    expected = 100 * (46 + 4) / contract_fte_days
    assert str(f["absence_rate"]) == f"{expected:.1f}".replace(".", ",") + "%"

    # Outflow in the quarter: five leavers with a trajectory, one without.
    for e in people:
        org_services.employee_update(employee=e, employment_end=D(2026, 11, 30))
    org_services.employee_update(employee=a.employee, employment_end=D(2026, 12, 1))
    f = selectors.organisation_figures(organisation=a.organisation, year=2026, quarter=4)
    assert str(f["outflow_with"]) == "5"
    assert str(f["outflow_without"]) == "<5"


def test_part_time_weighting(world):
    side = world.b
    full = _people(side, 3)
    half = _people(side, 3, fte=Decimal("0.50"))
    services.absence_record_create(
        employee=half[0], start_date=D(2026, 10, 1), end_date=D(2026, 12, 31)
    )
    services.absence_record_create(
        employee=full[0], start_date=D(2026, 10, 1), end_date=D(2026, 12, 31), percentage=50
    )
    # Three more, so that five people are behind the rate (fewer would show "<5").
    for e in (full[1], half[1], half[2]):
        services.absence_record_create(
            employee=e, start_date=D(2026, 10, 1), end_date=D(2026, 12, 31)
        )
    f = selectors.organisation_figures(organisation=side.organisation, year=2026, quarter=4)
    # sick: 92*0.5 + 92*1*0.5 + 92*1 + 2*92*0.5 = 276
    # contract: 92 * (3*1 + 3*0.5 + 2 fixture people)
    expected = 100 * 276 / (92 * (3 + 1.5 + 2))
    assert str(f["absence_rate"]) == f"{expected:.1f}".replace(".", ",") + "%"


def test_manager_page_shows_figures_of_own_organisation_only(client, world):
    a, b = world.a, world.b
    people = _people(a, 5)
    for e in people:
        trajectory(
            e,
            level=Level.HERSTEL,
            start=D(2026, 10, 5),
            end=D(2026, 12, 1),
            trigger_category="trauma",
            notes="Privé",
        )
    client.force_login(a.user(Role.MANAGER))
    html = client.get(reverse("support:figures"), {"year": "2026", "quarter": "4"}).content.decode()
    assert 'data-figure="started-3">5<' in html
    assert 'data-figure="started-1">&lt;5<' in html
    for e in people:
        assert e.last_name not in html
    assert "Privé" not in html and "Trauma" not in html
    # Asking for the other organisation falls back to the manager's own; nothing of B shows.
    html = client.get(
        reverse("support:figures"),
        {"organisation": b.organisation.pk, "year": "2026", "quarter": "4"},
    ).content.decode()
    assert b.organisation.name not in html
    assert a.organisation.name in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc", "quarter": "9"},
        {"year": "99999999999999999999", "quarter": "1"},
        {"organisation": "<script>", "quarter": "-1"},
        {"year": "2026", "quarter": "4", "organisation": "0"},
        {"year": "\x00"},
    ],
)
def test_odd_figure_parameters_never_fail(client, world, params):
    client.force_login(world.a.user(Role.MANAGER))
    response = client.get(reverse("support:figures"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_figures_query_count_is_constant(client, world, django_assert_num_queries):
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("support:figures")
    params = {"year": "2026", "quarter": "4"}
    client.get(url, params)
    with django_assert_num_queries(FIGURES_QUERIES):
        client.get(url, params)
    people = _people(world.a, 12)
    for e in people:
        t = trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 1), end=D(2026, 12, 31))
        services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 10, 8), reason="x", decided_by=None
        )
        services.absence_record_create(
            employee=e, start_date=D(2026, 10, 1), end_date=D(2026, 10, 3)
        )
    with django_assert_num_queries(FIGURES_QUERIES):
        client.get(url, params)


# 7 baseline + organisations + the chosen one + 7 aggregates (one per figure group) for
# each of the four quarters of the trend.
FIGURES_QUERIES = 7 + 2 + 4 * 7


def test_trend_shows_four_quarters_each_suppressed_on_its_own(client, world):
    a = world.a
    for e in _people(a, 6):
        trajectory(e, level=Level.VERSTERKEN, start=D(2026, 10, 5), end=D(2026, 12, 1))
    for e in _people(a, 2):
        trajectory(e, level=Level.VERSTERKEN, start=D(2026, 8, 5), end=D(2026, 9, 1))
    client.force_login(a.user(Role.MANAGER))
    response = client.get(reverse("support:figures"), {"year": "2026", "quarter": "1"})
    assert [f"Q{f['quarter']} {f['year']}" for f in response.context["trend"]] == [
        "Q2 2025",
        "Q3 2025",
        "Q4 2025",
        "Q1 2026",
    ]
    response = client.get(reverse("support:figures"), {"year": "2026", "quarter": "4"})
    chart = response.context["chart"]
    assert chart["labels"] == ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]
    # Q3: 2 people started (<5, no bar); Q4: 6 people started.
    assert chart["started"] == [None, None, None, 6]
    html = response.content.decode()
    assert 'id="support-trend-table"' in html and 'id="support-trend-data"' in html
