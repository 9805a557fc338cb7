import datetime
from decimal import Decimal
from unittest import mock

import pytest

from organisations import access
from organisations.roles import Role
from tests.training import factories as f
from training import selectors, services
from training.models import Level, Track

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    "registered,start,due",
    [
        (datetime.date(2020, 3, 1), datetime.date(2025, 3, 1), datetime.date(2030, 3, 1)),
        (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29), datetime.date(2029, 2, 28)),
        (datetime.date(2021, 11, 25), datetime.date(2026, 11, 25), datetime.date(2031, 11, 25)),
    ],
)
def test_registration_period(registered, start, due):
    assert selectors.registration_period(registered, TODAY, 5) == (start, due)


def test_ledger_totals_count_the_current_period_and_intervision(world):
    pro = f.registered(world.a.organisation)  # registered 01-03-2020: period from 01-03-2025
    f.ledger_hours(pro, amount="400", date=datetime.date(2025, 6, 1))
    f.ledger_hours(pro, amount="999", date=datetime.date(2024, 6, 1))  # previous period
    f.ledger_hours(pro, kind="formal", amount="8", date=datetime.date(2026, 2, 1))
    f.ledger_hours(
        pro,
        kind="reflection",
        amount="1.5",
        reflection_form="supervision",
        date=datetime.date(2026, 2, 1),
    )
    with mock.patch(
        "training.selectors.mentoring_selectors.intervision_hours",
        return_value={pro.pk: Decimal("6")},
    ) as intervision:
        ledger = selectors.ledger_get(employee=pro, today=TODAY)
    intervision.assert_called_once_with(
        employee_ids=[pro.pk], start=datetime.date(2025, 3, 1), end=TODAY
    )
    assert ledger.work_hours == Decimal("400")
    assert ledger.formal_points == Decimal("8")
    assert ledger.reflection_hours == Decimal("7.5")  # 1.5 logged + 6 from intervision
    assert ledger.due == datetime.date(2030, 3, 1)
    assert not ledger.apply_warning


def test_apply_in_time_three_months_before_and_vog(world):
    pro = f.registered(
        world.a.organisation,
        skj_registration_date=datetime.date(2021, 12, 20),
        vog_date=datetime.date(2022, 1, 10),
    )
    ledger = selectors.ledger_get(employee=pro, today=TODAY)
    assert ledger.due == datetime.date(2026, 12, 20)
    assert ledger.apply_from == datetime.date(2026, 9, 20)
    assert ledger.apply_warning
    assert not ledger.vog_valid  # older than 3 years
    assert (
        selectors.ledger_get(employee=pro, today=datetime.date(2026, 9, 19)).apply_warning is False
    )


def test_tasks_by_level_for_side_entrant_and_registered(world):
    table = f.table(world.a.organisation)
    groups = selectors.tasks_by_level(table, world.a.side_entrant)
    assert [t.name for t in groups[Level.INDEPENDENT]] == ["Rapportage schrijven"]
    assert [t.name for t in groups[Level.UNDER_RESPONSIBILITY]] == ["Huisbezoek"]
    assert [t.name for t in groups[Level.REGISTERED_ONLY]] == ["Veiligheidstaxatie"]
    pro = f.registered(world.a.organisation)
    assert len(selectors.tasks_by_level(table, pro)[Level.INDEPENDENT]) == 3


def test_task_mix_of_the_last_four_weeks(world):
    table = f.table(world.a.organisation)
    pro = f.registered(world.a.organisation)
    tasks = {t.name: t for t in table.tasks.all()}
    for days, name in [
        (1, "Huisbezoek"),
        (3, "Rapportage schrijven"),
        (10, "Huisbezoek"),
        (40, "Rapportage schrijven"),
    ]:
        services.task_log_create(
            employee=world.a.side_entrant,
            task=tasks[name],
            date=TODAY - datetime.timedelta(days=days),
            responsible=pro,
        )
    mix = selectors.task_mix(employee=world.a.side_entrant, today=TODAY)
    assert (mix["casework"], mix["administrative"], mix["total"]) == (2, 1, 3)
    assert (mix["casework_percent"], mix["administrative_percent"]) == (67, 33)


def test_learning_plan_progress_against_70_20_10(world):
    for kind, hours, done in [
        ("on_the_job", 70, True),
        ("social", 20, False),
        ("formal", 10, True),
    ]:
        activity = services.learning_activity_create(
            employee=world.a.side_entrant, kind=kind, title=kind, hours=Decimal(hours)
        )
        if done:
            services.learning_activity_complete(activity=activity, done_on=TODAY)
    plan = selectors.learning_plan(employee=world.a.side_entrant)
    shares = {g["kind"]: (g["share"], g["target"], g["percent_done"]) for g in plan["groups"]}
    assert shares == {
        "on_the_job": (70, 70, 100),
        "social": (20, 20, 0),
        "formal": (10, 10, 100),
    }


# --- scope --------------------------------------------------------------------------------------


def test_track_scope_per_role(world):
    track = f.track(world.a.side_entrant)
    f.track(world.b.side_entrant)
    for role, sees in [
        (Role.HR_ADVISOR, True),
        (Role.PRACTICE_SUPERVISOR, True),
        (Role.SIDE_ENTRANT, True),
        (Role.MANAGER, False),
        (Role.SUPPORT_COORDINATOR, False),
        (Role.FUNCTIONAL_ADMIN, False),
        (Role.MENTOR, False),
    ]:
        visible = list(access.scoped(world.a.user(role), Track))
        assert visible == ([track] if sees else []), role


def test_a_mentor_sees_own_mentees_tracks_only(world):
    """Once mentoring registers the mentor->mentee employee scope, tracks follow it."""
    from django.db.models import Q

    mentor = world.a.user(Role.MENTOR)
    track = f.track(world.a.side_entrant)
    other = f.track(f.EmployeeFactory(organisation=world.a.organisation, team=world.a.team))

    def mentees(user):
        return Q(pk=world.a.side_entrant.pk) if user == mentor else Q(pk__in=[])

    access.register_employee_scope(mentees)
    try:
        assert list(access.scoped(mentor, Track)) == [track]
        assert other not in access.scoped(mentor, Track)
        # ...and the manager still sees no individual track.
        assert not access.scoped(world.a.user(Role.MANAGER), Track).exists()
    finally:
        access._EMPLOYEE_SCOPES.remove(mentees)


def test_manager_aggregates_have_no_names(world):
    f.track(world.a.side_entrant)
    f.track(world.b.side_entrant)
    rows = selectors.track_aggregates(user=world.a.user(Role.MANAGER))
    assert len(rows) == 1
    assert rows[0]["organisation"] == world.a.organisation.name
    # One track is one person: the count and the total show as "<5".
    assert rows[0]["total"].value == 1 and str(rows[0]["total"]) == "<5"
    assert "Nieuw" not in str(rows)
