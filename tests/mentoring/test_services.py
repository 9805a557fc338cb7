import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mentoring import selectors, services
from mentoring.models import MentorAssignment
from organisations import services as org_services
from tests.mentoring.factories import TODAY, assign, mentor, registered_employee, side_entrant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False):
        yield


def test_assign_main_and_sub(world):
    main, sub = mentor(world.a), mentor(world.a, role="sub")
    mentee = world.a.side_entrant
    a = assign(mentee, main.employee)
    b = assign(mentee, sub.employee, kind="sub")
    assert a.is_active and b.is_active
    assert selectors.current_mentors(employee_ids=[mentee.pk]) == {
        mentee.pk: [main.employee, sub.employee]
    }
    assert a.history.count() == 1


def test_self_assignment_is_refused(world):
    profile = mentor(world.a)
    with pytest.raises(ValidationError, match="aan zichzelf"):
        assign(profile.employee, profile.employee)
    # And the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAssignment.objects.create(
            mentee=profile.employee, mentor=profile.employee, kind="main", start_date=TODAY
        )


def test_sub_mentor_needs_an_active_main(world):
    sub = mentor(world.a, role="sub")
    with pytest.raises(ValidationError, match="eerst een hoofdbegeleider"):
        assign(world.a.side_entrant, sub.employee, kind="sub")
    assert not MentorAssignment.objects.exists()


def test_main_mentor_must_be_skj_registered_in_mandated_care(world):
    org_services.organisation_update(organisation=world.a.organisation, is_mandated_care=True)
    world.a.side_entrant.organisation.refresh_from_db()
    unregistered = mentor(world.a, employee={"skj_registration_date": None, "skj_number": ""})
    with pytest.raises(ValidationError, match="SKJ-geregistreerd"):
        assign(world.a.side_entrant, unregistered.employee)
    registered = mentor(world.a)
    assign(world.a.side_entrant, registered.employee)
    # An unregistered colleague may still be the sub-mentor.
    assign(world.a.side_entrant, unregistered.employee, kind="sub")


def test_one_active_main_per_mentee(world):
    first, second = mentor(world.a), mentor(world.a)
    assign(world.a.side_entrant, first.employee)
    with pytest.raises(ValidationError, match="al een actieve hoofdbegeleider"):
        assign(world.a.side_entrant, second.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAssignment.objects.create(
            mentee=world.a.side_entrant, mentor=second.employee, kind="main", start_date=TODAY
        )


def test_capacity_is_enforced_and_ending_frees_it(world):
    profile = mentor(world.a, max_main_mentees=1)
    one, two = side_entrant(world.a), side_entrant(world.a)
    first = assign(one, profile.employee)
    with pytest.raises(ValidationError, match="geen vrije plek"):
        assign(two, profile.employee)
    services.assignment_end(assignment=first, end_date=TODAY, end_reason="completed")
    assign(two, profile.employee)


def test_mentor_from_another_organisation_is_refused(world):
    other = mentor(world.b)
    with pytest.raises(ValidationError, match="dezelfde organisatie"):
        assign(world.a.side_entrant, other.employee)


def test_inactive_or_missing_pool_member_is_refused(world):
    profile = mentor(world.a, is_active=False)
    with pytest.raises(ValidationError, match="geen actief lid"):
        assign(world.a.side_entrant, profile.employee)
    with pytest.raises(ValidationError, match="geen actief lid"):
        assign(world.a.side_entrant, registered_employee(world.a))


def test_ending_main_with_active_sub_is_refused_but_change_works(world):
    main, sub, other = mentor(world.a), mentor(world.a), mentor(world.a)
    a = assign(world.a.side_entrant, main.employee)
    assign(world.a.side_entrant, sub.employee, kind="sub")
    with pytest.raises(ValidationError, match="nog een subbegeleider"):
        services.assignment_end(assignment=a, end_date=TODAY, end_reason="completed")
    new = services.mentor_change(
        assignment=a,
        new_mentor=other.employee,
        change_date=TODAY,
        reason_for_change="Jeroen gaat met verlof",
    )
    a.refresh_from_db()
    assert a.end_date == TODAY and a.end_reason == "mentor_change"
    assert new.mentor == other.employee and new.is_active
    # Planned check-ins after the end were dropped; held ones are kept.
    assert not a.checkins.filter(planned_date__gt=TODAY, held_on__isnull=True).exists()


def test_end_before_start_is_refused(world):
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    with pytest.raises(ValidationError):
        services.assignment_end(
            assignment=a, end_date=datetime.date(2026, 1, 1), end_reason="completed"
        )
    a.refresh_from_db()
    assert a.end_date is None


def test_cadence_weekly_for_three_months_then_fortnightly():
    dates = services.cadence_dates(
        start=datetime.date(2026, 1, 5),
        early_interval_days=7,
        early_period_weeks=13,
        later_interval_days=14,
        until=datetime.date(2026, 7, 5),
    )
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    assert dates[0] == datetime.date(2026, 1, 12)
    assert all(d.weekday() == 0 for d in dates)
    assert gaps[:11] == [7] * 11
    assert set(gaps[13:]) == {14}
    assert dates[-1] <= datetime.date(2026, 7, 5)


def test_assignment_generates_checkins_once(world):
    a = assign(world.a.side_entrant, mentor(world.a).employee, start=datetime.date(2026, 9, 1))
    count = a.checkins.count()
    assert 30 < count < 45
    assert services.checkins_generate(assignment=a) == 0
    assert a.checkins.count() == count


def test_organisation_cadence_settings_apply(world):
    services.settings_update(
        organisation=world.a.organisation,
        early_interval_days=14,
        early_period_weeks=4,
        later_interval_days=28,
    )
    a = assign(world.a.side_entrant, mentor(world.a).employee, start=datetime.date(2026, 9, 1))
    dates = list(a.checkins.values_list("planned_date", flat=True))
    assert dates[0] == datetime.date(2026, 9, 15)
    assert (dates[3] - dates[2]).days == 28


def _first_checkin(a):
    return a.checkins.order_by("planned_date").first()


def test_checkin_log_and_escalation(world, monkeypatch):
    calls = []
    # checkin_log looks the name up in the check-ins module, so patch it there.
    monkeypatch.setattr(
        services.checkins, "support_request_propose", lambda **kwargs: calls.append(kwargs)
    )
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    checkin = _first_checkin(a)
    user = a.mentor.user
    services.checkin_log(
        checkin=checkin,
        held_on=datetime.date(2026, 9, 8),
        how_it_goes=4,
        workload=3,
        casework_percent=40,
        needs="Meer <b>casuïstiek</b>",
        agreements="Meelopen met huisbezoek",
        escalate=True,
        by=user,
    )
    checkin.refresh_from_db()
    assert checkin.is_done and checkin.admin_percent == 60
    assert calls == [{"employee": a.mentee, "proposed_by": user, "source": "checkin"}]
    # Saving again does not propose support twice.
    services.checkin_log(
        checkin=checkin, held_on=datetime.date(2026, 9, 8), how_it_goes=4, escalate=True
    )
    assert len(calls) == 1


@pytest.mark.parametrize(
    "held_on,message",
    [
        (datetime.date(2026, 8, 31), "voor het begin van de koppeling"),
        (datetime.date(2026, 11, 26), "niet in de toekomst"),
        (datetime.date(2030, 1, 1), "niet in de toekomst"),
    ],
)
def test_checkin_bad_dates(world, held_on, message):
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    checkin = _first_checkin(a)
    with pytest.raises(ValidationError, match=message):
        services.checkin_log(checkin=checkin, held_on=held_on, how_it_goes=3)
    checkin.refresh_from_db()
    assert checkin.held_on is None


@pytest.mark.parametrize(
    "field,value", [("how_it_goes", 6), ("how_it_goes", 0), ("casework_percent", 101)]
)
def test_checkin_bad_scores(world, field, value):
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    checkin = _first_checkin(a)
    kwargs = {"how_it_goes": 3, field: value}
    with pytest.raises(ValidationError):
        services.checkin_log(checkin=checkin, held_on=datetime.date(2026, 9, 8), **kwargs)
    checkin.refresh_from_db()
    assert checkin.held_on is None


def test_checkin_add_rules(world):
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    with pytest.raises(ValidationError, match="voor het begin van de koppeling"):
        services.checkin_add(assignment=a, planned_date=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError, match="te ver in de toekomst"):
        services.checkin_add(assignment=a, planned_date=datetime.date(2029, 1, 1))
    existing = _first_checkin(a).planned_date
    with pytest.raises(ValidationError, match="al een terugkommoment"):
        services.checkin_add(assignment=a, planned_date=existing)
    services.checkin_add(assignment=a, planned_date=datetime.date(2026, 12, 3))


def test_reflection(world):
    a = assign(world.a.side_entrant, mentor(world.a).employee)
    checkin = _first_checkin(a)
    with pytest.raises(ValidationError):
        services.checkin_reflect(checkin=checkin, reflection="   ", by=None)
    services.checkin_reflect(checkin=checkin, reflection="Ik leer veel", by=None)
    checkin.refresh_from_db()
    assert checkin.reflection == "Ik leer veel" and checkin.reflection_at


def test_profile_capacity_cannot_drop_below_active(world):
    profile = mentor(world.a, max_sub_mentees=2)
    main = mentor(world.a)
    assign(world.a.side_entrant, main.employee)
    assign(world.a.side_entrant, profile.employee, kind="sub")
    with pytest.raises(ValidationError, match="meer actieve zij-instromers"):
        services.mentor_profile_update(profile=profile, max_sub_mentees=0)
    services.mentor_profile_update(profile=profile, max_sub_mentees=1, hours_per_week=Decimal("3"))


def test_profile_twice_is_refused(world):
    profile = mentor(world.a)
    with pytest.raises(ValidationError, match="zit al in de begeleiderspool"):
        services.mentor_profile_create(employee=profile.employee, role="main")


def test_mentor_pool_contract(world):
    active, inactive = mentor(world.a), mentor(world.a, is_active=False)
    mentor(world.b)
    pool = list(selectors.mentor_pool(organisation=world.a.organisation))
    assert pool == [active.employee]
    assert inactive.employee not in pool


def test_long_assignments_get_check_ins_planned_ahead(world):
    a = assign(world.a.side_entrant, mentor(world.a).employee, start=datetime.date(2025, 6, 2))
    last = a.checkins.order_by("-planned_date").first().planned_date
    assert last < TODAY + datetime.timedelta(days=60)
    open_before = a.checkins.filter(held_on__isnull=True, planned_date__lt=TODAY).count()
    planned = services.checkins_plan_ahead(today=TODAY)
    assert planned > 20
    # Nothing is added in the past: no new overdue check-ins.
    assert a.checkins.filter(held_on__isnull=True, planned_date__lt=TODAY).count() == open_before
    assert a.checkins.order_by("-planned_date").first().planned_date > TODAY + datetime.timedelta(
        days=300
    )
    assert services.checkins_plan_ahead(today=TODAY) == 0


def test_the_pool_role_decides_which_mentees_a_mentor_takes(world):
    """A sub-mentor is never main mentor; a personal-development supervisor takes no
    mentees here; their capacities follow the role, and matching leaves them out."""
    from mentoring.services import mentor_profile_update

    sub = mentor(world.a, role="sub", max_main_mentees=2)
    assert (sub.max_main_mentees, sub.max_sub_mentees) == (0, 2)
    development = mentor(world.a, role="development")
    assert (development.max_main_mentees, development.max_sub_mentees) == (0, 0)
    main = mentor(world.a)
    mentee = world.a.side_entrant
    with pytest.raises(ValidationError, match="kan niet de hoofdbegeleider zijn"):
        assign(mentee, sub.employee)
    with pytest.raises(ValidationError, match="kan niet de hoofdbegeleider zijn"):
        assign(mentee, development.employee)
    assert not MentorAssignment.objects.exists()
    suggested = {s.profile.pk for s in selectors.mentor_suggestions(mentee=mentee, kind="main")}
    assert suggested == {main.pk}
    assign(mentee, main.employee)
    suggested = {s.profile.pk for s in selectors.mentor_suggestions(mentee=mentee, kind="sub")}
    assert suggested == {sub.pk}  # the main mentor is already this mentee's main
    assign(mentee, sub.employee, kind="sub")
    # A coach for community workers can be either; changing a role resets the capacity.
    coach = mentor_profile_update(profile=development, role="coach", max_main_mentees=1)
    assert (coach.max_main_mentees, coach.takes("main"), coach.takes("sub")) == (1, True, True)
