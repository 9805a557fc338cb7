"""KPI figures of a programme for a small hand-made dataset, the traffic light and the trend."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import services as capacity_services
from dashboards.models.programmes import Kpi
from dashboards.programmes import evaluation, services
from dashboards.programmes.evaluation import GREEN, GREY, ORANGE, RED, traffic_light
from mentoring.models import CheckIn, MentorPulse
from tests.dashboards.factories import make_programme
from tests.mentoring.factories import assign, mentor
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
D = datetime.date


def side_entrant(org, team, start, *, end=None, registered=None, fte="1.00", placement_end=None):
    employee = EmployeeFactory(
        organisation=org,
        team=team,
        is_side_entrant=True,
        employment_start=start,
        employment_end=end,
        skj_registration_date=registered,
        skj_number="123456789" if registered else "",
    )
    PlacementFactory(
        employee=employee,
        team=team,
        start_date=start,
        end_date=placement_end or end,
        fte=Decimal(fte),
        formation_kind="supernumerary",
    )
    return employee


@pytest.fixture
def pilot():
    """Five side-entrants in the programme (from 01-01-2025), two outside it.

    P1 01-01-2025, left 01-04-2025 (90 days)       P2 01-02-2025, registered 01-02-2026
    P3 01-03-2025, left 31-12-2025 (305 days)      P4 01-10-2025, registered 01-04-2026
    P5 01-05-2026, 0.5 FTE
    """
    org = OrganisationFactory(name="Jeugdbescherming Proef")
    team = TeamFactory(organisation=org, name="Proefteam")
    capacity_services.capacity_settings_update(organisation=org, hourly_wage_cost=Decimal("40"))
    p1 = side_entrant(org, team, D(2025, 1, 1), end=D(2025, 4, 1))
    p2 = side_entrant(
        org, team, D(2025, 2, 1), registered=D(2026, 2, 1), placement_end=D(2026, 1, 31)
    )
    p3 = side_entrant(org, team, D(2025, 3, 1), end=D(2025, 12, 31))
    p4 = side_entrant(org, team, D(2025, 10, 1), registered=D(2026, 4, 1))
    p5 = side_entrant(org, team, D(2026, 5, 1), fte="0.50")
    # Outside the programme: started before it, and a regular colleague.
    before = side_entrant(org, team, D(2024, 12, 1), end=D(2025, 1, 15))
    regular = EmployeeFactory(organisation=org, team=team, employment_start=D(2025, 6, 1))
    PlacementFactory(employee=regular, team=team, start_date=D(2025, 6, 1))
    programme = make_programme(org, starts_on=D(2025, 1, 1))
    side = SimpleNamespace(organisation=org, team=team)
    return SimpleNamespace(
        org=org,
        team=team,
        side=side,
        programme=programme,
        people=[p1, p2, p3, p4, p5],
        before=before,
    )


def _scores(pilot):
    """Check-ins of P2 and P4 (4, 2, 5) and pulses of P2's mentor (3, 4); noise outside."""
    p2, p4 = pilot.people[1], pilot.people[3]
    mentor_a = mentor(pilot.side)
    mentor_b = mentor(pilot.side)
    a2 = assign(p2, mentor_a.employee, start=D(2025, 2, 1), notify_people=False)
    a4 = assign(p4, mentor_b.employee, start=D(2025, 10, 1), notify_people=False)
    for assignment, held, score in (
        (a2, D(2026, 1, 10), 4),
        (a4, D(2026, 3, 10), 2),
        (a2, D(2026, 6, 1), 5),
    ):
        CheckIn.objects.update_or_create(
            assignment=assignment,
            planned_date=held,
            defaults={"held_on": held, "how_it_goes": score},
        )
    for period, energy in ((D(2026, 2, 1), 3), (D(2026, 5, 1), 4)):
        MentorPulse.objects.create(
            profile=mentor_a, period_start=period, energy=energy, time_pressure=3
        )
    MentorPulse.objects.create(profile=mentor_b, period_start=D(2026, 6, 1), energy=None)
    # Noise: a side-entrant outside the programme with a mentor of their own.
    outsider_mentor = mentor(pilot.side)
    a_out = assign(
        pilot.before, outsider_mentor.employee, start=D(2024, 12, 1), notify_people=False
    )
    CheckIn.objects.update_or_create(
        assignment=a_out,
        planned_date=D(2025, 1, 5),
        defaults={"held_on": D(2025, 1, 5), "how_it_goes": 1},
    )
    MentorPulse.objects.create(
        profile=outsider_mentor, period_start=D(2026, 2, 1), energy=1, time_pressure=5
    )


def rows(programme, today=TODAY):
    return {row.kpi: row for row in evaluation.evaluate(programme, today=today)["rows"]}


def test_kpis_of_a_hand_made_pilot(pilot):
    _scores(pilot)
    result = rows(pilot.programme)
    assert result[Kpi.HIRED].actual == 5
    # 6 months: cohort started by 14-12-2025 = P1..P4; only P1 left within 183 days.
    assert result[Kpi.DROPOUT_6].actual == Decimal("25.0")
    assert result[Kpi.DROPOUT_6].basis == 4
    # 12 months: cohort started by 15-06-2025 = P1..P3; P1 and P3 left within 365 days.
    assert result[Kpi.DROPOUT_12].actual == Decimal("66.7")
    assert result[Kpi.DROPOUT_12].basis == 3
    # 24 months: nobody started two years ago yet.
    assert result[Kpi.DROPOUT_24].actual is None
    assert result[Kpi.DROPOUT_24].light == GREY
    # (365 + 182) / 2 = 273.5 days = 8.99 months.
    assert result[Kpi.REGISTRATION_MONTHS].actual == Decimal("9.0")
    assert result[Kpi.REGISTRATION_MONTHS].basis == 2
    # (4 + 2 + 5) / 3
    assert result[Kpi.CHECKIN_SCORE].actual == Decimal("3.67")
    assert result[Kpi.MENTOR_ENERGY].actual == Decimal("3.50")
    assert result[Kpi.TRAINEESHIP_SUCCESS].actual is None
    # FTE-days: P1 91 + P2 365 + P3 306 + P4 258 + P5 0.5 x 46 = 1043;
    # 1043 x 36 / 7 hours x 40 euro = 214,560 euro over 2 registered.
    assert result[Kpi.COST_PER_REGISTERED].actual == Decimal("107280")


def test_trend_is_the_kpi_at_each_month_end(pilot):
    _scores(pilot)
    data = evaluation.evaluate(pilot.programme, today=TODAY)
    assert data["trend_days"] == [
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 5, 31),
    ]
    result = {row.kpi: row for row in data["rows"]}
    assert [v for _d, v in result[Kpi.HIRED].trend] == [4, 4, 4, 4, 4, 5]
    assert [v for _d, v in result[Kpi.CHECKIN_SCORE].trend] == [
        None,
        Decimal("4.00"),
        Decimal("4.00"),
        Decimal("3.00"),
        Decimal("3.00"),
        Decimal("3.00"),
    ]
    # Registered: P2 from 01-02-2026 (12.0 months), P4 from 01-04-2026 as well (9.0).
    assert [v for _d, v in result[Kpi.REGISTRATION_MONTHS].trend] == [
        None,
        None,
        Decimal("12.0"),
        Decimal("12.0"),
        Decimal("9.0"),
        Decimal("9.0"),
    ]
    # 3.00 -> 3.67, but the check-ins are about fewer than 5 mentees: no direction shown.
    assert result[Kpi.CHECKIN_SCORE].direction == ""
    assert str(result[Kpi.CHECKIN_SCORE].actual_figure) == "<5"
    assert result[Kpi.HIRED].direction == "flat"


def test_goals_get_traffic_lights(pilot):
    programme = pilot.programme
    services.goal_create(programme=programme, kpi=Kpi.HIRED, target=Decimal("5"))
    services.goal_create(programme=programme, kpi=Kpi.DROPOUT_6, target=Decimal("20"))
    services.goal_create(programme=programme, kpi=Kpi.DROPOUT_12, target=Decimal("30"))
    services.goal_create(programme=programme, kpi=Kpi.DROPOUT_24, target=Decimal("30"))
    result = rows(programme)
    assert result[Kpi.HIRED].light == GREEN
    assert result[Kpi.DROPOUT_6].light == RED  # 25 > 20 x 1.1 = 22
    assert result[Kpi.DROPOUT_12].light == RED
    assert result[Kpi.DROPOUT_24].light == GREY  # no data yet
    assert result[Kpi.MENTOR_ENERGY].target is None


def test_trend_chart_has_one_series_per_goal_with_its_target(pilot):
    _scores(pilot)
    programme = pilot.programme
    services.goal_create(programme=programme, kpi=Kpi.HIRED, target=Decimal("5"))
    services.goal_create(programme=programme, kpi=Kpi.CHECKIN_SCORE, target=Decimal("3.5"))
    chart = evaluation.evaluate(programme, today=TODAY)["chart"]
    # Six month ends and today; KPIs without a goal are not drawn.
    assert chart["labels"] == [
        "12-2025",
        "01-2026",
        "02-2026",
        "03-2026",
        "04-2026",
        "05-2026",
        "vandaag",
    ]
    by_label = {kpi["label"]: kpi for kpi in chart["kpis"]}
    assert len(by_label) == 2
    hired = by_label["Aantal aangenomen zij-instromers"]
    # A value resting on fewer than 5 people is a gap: 4 hired, and every check-in score
    # (fewer than 5 mentees had one).
    assert hired["values"] == [None, None, None, None, None, 5, 5]
    assert hired["target"] == 5.0
    assert hired["light"] == GREEN
    scores = next(kpi for label, kpi in by_label.items() if label != hired["label"])
    assert scores["values"] == [None] * 7
    assert scores["light"] == evaluation.FEW
    assert scores["target"] == 3.5


def test_a_programme_with_campaigns_covers_only_people_hired_through_them(pilot):
    """The pilot names one campaign; only P2 and P4 were hired through it."""
    from intake.models import Hire
    from tests.intake.factories import ApplicationFactory, CampaignFactory

    campaign = CampaignFactory(organisation=pilot.org, title="Werving pilot")
    other = CampaignFactory(organisation=pilot.org, title="Andere werving")
    for person, source in (
        (pilot.people[1], campaign),
        (pilot.people[3], campaign),
        (pilot.people[4], other),
    ):
        Hire.objects.create(
            application=ApplicationFactory(campaign=source),
            employee=person,
            placement=person.placements.get(),
            team=pilot.team,
            start_date=person.employment_start,
        )
    assert rows(pilot.programme)[Kpi.HIRED].actual == 5  # no campaigns named: everyone
    pilot.programme.campaigns.set([campaign])
    assert rows(pilot.programme)[Kpi.HIRED].actual == 2
    # Both registered: (365 + 182) / 2 days = 9.0 months, as for the whole pilot.
    assert rows(pilot.programme)[Kpi.REGISTRATION_MONTHS].actual == Decimal("9.0")


def test_an_empty_programme_shows_no_data_not_zero():
    org = OrganisationFactory(name="Leeg")
    programme = make_programme(org, name="Nog niemand")
    result = rows(programme)
    assert result[Kpi.HIRED].actual == 0
    for kpi in Kpi:
        if kpi != Kpi.HIRED:
            assert result[kpi].actual is None, kpi
            assert result[kpi].light == GREY


@pytest.mark.parametrize(
    ("actual", "target", "at_most", "light"),
    [
        (10, 10, False, GREEN),  # exactly met
        (9, 10, False, ORANGE),  # 10% short: still orange
        ("8.99", 10, False, RED),
        (10, 10, True, GREEN),
        (11, 10, True, ORANGE),  # 10% over: still orange
        ("11.01", 10, True, RED),
        (0, 0, True, GREEN),  # zero dropout aimed for and reached
        ("0.1", 0, True, RED),  # no margin around zero
        (None, 10, False, GREY),
        (5, None, False, GREY),
    ],
)
def test_traffic_light_rule(actual, target, at_most, light):
    value = None if actual is None else Decimal(str(actual))
    goal = None if target is None else Decimal(str(target))
    assert traffic_light(value, goal, at_most=at_most) == light


def test_small_counts_show_as_under_five():
    assert evaluation.small(0) == "<5"
    assert evaluation.small(4) == "<5"
    assert evaluation.small(5) == "5"


def _query_count(programme) -> int:
    with CaptureQueriesContext(connection) as ctx:
        evaluation.evaluate(programme, today=TODAY)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_people(pilot):
    _scores(pilot)
    before = _query_count(pilot.programme)
    for month in range(1, 9):
        side_entrant(pilot.org, pilot.team, D(2025, month, 15), registered=D(2026, month, 1))
    assert _query_count(pilot.programme) == before == 8


def test_traineeship_success_share_from_reviews(world):
    """Three reviews of the programme's trainee average 4.0, 3.8 and 4.6: 2 of 3 meet."""
    from tests.traineeship.factories import seed_case
    from traineeship import services as traineeship_services

    setup = seed_case(world)
    trainee = next(t for t in setup.trainees if t.employee_id == world.a.side_entrant.pk)
    rotation = trainee.rotations.first()
    other = next(t for t in setup.trainees if t.employee_id != world.a.side_entrant.pk)
    programme = make_programme(world.a.organisation, starts_on=D(2025, 1, 1))
    for moment, by, held, scores in (
        ("mid", "mentor", D(2026, 10, 1), (4, 4, 4, 4, 4)),  # 20: meets
        ("mid", "coordinator", D(2026, 10, 2), (4, 4, 4, 4, 3)),  # 19: does not
        ("end", "mentor", D(2026, 11, 20), (5, 5, 4, 4, 5)),  # 23: meets
    ):
        traineeship_services.review_record(
            rotation=rotation,
            moment=moment,
            by=by,
            author=None,
            held_on=held,
            **dict(
                zip(
                    ["enthusiasm", "energy", "eagerness", "realism", "confidence"],
                    scores,
                    strict=True,
                )
            ),
        )
    # Another organisation's trainee: outside the programme.
    traineeship_services.review_record(
        rotation=other.rotations.first(),
        moment="mid",
        by="mentor",
        author=None,
        held_on=D(2026, 10, 1),
        enthusiasm=1,
        energy=1,
        eagerness=1,
        realism=1,
        confidence=1,
    )
    result = rows(programme, today=D(2026, 11, 25))
    assert result[Kpi.TRAINEESHIP_SUCCESS].actual == Decimal("66.7")
    assert result[Kpi.TRAINEESHIP_SUCCESS].basis == 3
    # At the end of October only the two mid-point reviews were held: 1 of 2.
    assert result[Kpi.TRAINEESHIP_SUCCESS].trend[-1] == (D(2026, 10, 31), Decimal("50.0"))
