import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from mentoring import selectors, services
from mentoring.models import MentorPulse
from notifications.models import Notification
from organisations import services as org_services
from organisations.roles import Role
from tests.mentoring.factories import assign, mentor, registered_employee, side_entrant

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False):
        yield


# --- matching --------------------------------------------------------------------------------


def test_suggestions_are_ranked_with_reasons(world):
    other_team = org_services.team_create(organisation=world.a.organisation, name="Ommelanden")
    best = mentor(world.a, expertise=["jeugdbescherming"])
    far = mentor(world.a, employee={"team": other_team}, expertise=[], briefing_date=None)
    mentee = side_entrant(world.a)
    suggestions = selectors.mentor_suggestions(mentee=mentee, kind="main")
    assert [s.profile for s in suggestions] == [best, far]
    assert suggestions[0].score == 100
    assert suggestions[1].score < 50
    reasons = " | ".join(suggestions[0].reasons)
    assert "zelfde team" in reasons and "passende expertise" in reasons
    assert "1 van 1 plekken vrij" in reasons
    assert "nog niet voorgelicht" in " ".join(suggestions[1].reasons)


def test_weights_are_configurable(world):
    other_team = org_services.team_create(organisation=world.a.organisation, name="Ommelanden")
    same_team = mentor(world.a, expertise=[])
    expert = mentor(world.a, employee={"team": other_team}, expertise=["jeugdbescherming"])
    mentee = side_entrant(world.a)
    assert selectors.mentor_suggestions(mentee=mentee, kind="main")[0].profile == same_team
    services.settings_update(organisation=world.a.organisation, weight_team=0, weight_expertise=80)
    assert selectors.mentor_suggestions(mentee=mentee, kind="main")[0].profile == expert


def test_full_unregistered_and_conflicting_mentors_are_not_suggested(world):
    org_services.organisation_update(organisation=world.a.organisation, is_mandated_care=True)
    mentee = side_entrant(world.a)
    unregistered = mentor(world.a, employee={"skj_registration_date": None})
    full = mentor(world.a)
    assign(side_entrant(world.a), full.employee)
    conflict = mentor(world.a)
    ended = assign(mentee, conflict.employee, start=datetime.date(2026, 9, 1))
    services.assignment_end(
        assignment=ended, end_date=datetime.date(2026, 10, 1), end_reason="conflict"
    )
    fine = mentor(world.a)
    profiles = [s.profile for s in selectors.mentor_suggestions(mentee=mentee, kind="main")]
    assert profiles == [fine]
    # As sub-mentor the unregistered colleague is fine.
    assign(mentee, fine.employee)
    subs = [s.profile for s in selectors.mentor_suggestions(mentee=mentee, kind="sub")]
    assert unregistered in subs and fine not in subs


def test_match_all_spreads_load_and_respects_capacity(world):
    first = mentor(world.a, max_main_mentees=2)
    second = mentor(world.a, max_main_mentees=1)
    mentees = [side_entrant(world.a) for _ in range(4)]
    proposals = selectors.match_all_proposal(organisation_id=world.a.organisation.pk)
    chosen = {p.mentee.pk: p.suggestion.profile if p.suggestion else None for p in proposals}
    assert set(chosen) == {m.pk for m in mentees} | {world.a.side_entrant.pk}
    counts = {first: 0, second: 0, None: 0}
    for profile in chosen.values():
        counts[profile] += 1
    assert counts == {first: 2, second: 1, None: 2}  # capacity 3 for 5 side-entrants
    pairs = [(p.mentee, p.suggestion.profile.employee, "main") for p in proposals if p.suggestion]
    services.matches_confirm(pairs=pairs, start_date=TODAY, by=None)
    assert (
        selectors.match_all_proposal(organisation_id=world.a.organisation.pk)[0].suggestion is None
    )


def test_match_all_confirm_is_all_or_nothing(world):
    only = mentor(world.a, max_main_mentees=1)
    one, two = side_entrant(world.a), side_entrant(world.a)
    with pytest.raises(ValidationError):
        services.matches_confirm(
            pairs=[(one, only.employee, "main"), (two, only.employee, "main")],
            start_date=TODAY,
            by=None,
        )
    assert not only.employee.mentee_assignments.exists()


# --- pool and risks --------------------------------------------------------------------------


def _answer(profile, period, energy, willing=True):
    pulse = MentorPulse.objects.create(profile=profile, period_start=period)
    return services.pulse_answer(pulse=pulse, energy=energy, time_pressure=3, still_willing=willing)


def test_pool_overview_load_hours_and_risks(world):
    tired = mentor(world.a, max_main_mentees=2, hours_per_week=Decimal("3"))
    fine = mentor(world.a)
    assign(side_entrant(world.a), tired.employee)
    assign(side_entrant(world.a), tired.employee)
    _answer(tired, datetime.date(2026, 9, 1), 2)
    _answer(tired, datetime.date(2026, 10, 13), 1)
    _answer(fine, datetime.date(2026, 10, 13), 4, willing=False)
    rows = {
        r.profile: r for r in selectors.pool_overview(user=world.a.user(Role.PRACTICE_SUPERVISOR))
    }
    assert rows[tired].mentees == 2 and rows[tired].capacity == 4
    assert rows[tired].hours_planned == Decimal("4.0")  # 2 main mentees x 2 h > 3 h available
    assert "twee keer achter elkaar weinig energie" in rows[tired].risks
    assert "meer uren gepland dan beschikbaar" in rows[tired].risks
    assert rows[fine].risks == ["wil niet meer begeleiden"]
    assert selectors.pool_overview(user=world.b.user(Role.PRACTICE_SUPERVISOR)) == []
    assert selectors.pool_overview(user=world.a.user(Role.MANAGER)) == []


# --- pulse -----------------------------------------------------------------------------------


def test_pulse_request_is_idempotent_and_answered_once(world):
    profile = mentor(world.a)
    mentor(world.a, is_active=False)
    mail.outbox.clear()
    assert services.pulses_request(today=TODAY) == 1
    assert services.pulses_request(today=TODAY) == 0
    assert MentorPulse.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind="mentoring.pulse").count() == 1
    pulse = MentorPulse.objects.get()
    services.pulse_answer(pulse=pulse, energy=3, time_pressure=3, still_willing=True)
    with pytest.raises(ValidationError, match="al beantwoord"):
        services.pulse_answer(pulse=pulse, energy=1, time_pressure=5, still_willing=False)
    pulse.refresh_from_db()
    assert pulse.energy == 3
    # Six weeks later a new round opens.
    assert services.pulses_request(today=TODAY + datetime.timedelta(weeks=6)) == 1
    assert profile.pulses.count() == 2


def test_pulse_bad_scores(world):
    profile = mentor(world.a)
    pulse = MentorPulse.objects.create(profile=profile, period_start=TODAY)
    with pytest.raises(ValidationError):
        services.pulse_answer(pulse=pulse, energy=0, time_pressure=9, still_willing=True)
    pulse.refresh_from_db()
    assert pulse.answered_at is None


def test_pulse_interval_per_organisation(world):
    services.settings_update(organisation=world.a.organisation, pulse_interval_weeks=4)
    assert services.pulse_round_start(TODAY, 4) != services.pulse_round_start(TODAY, 6)
    assert services.pulse_round_start(TODAY, 6).weekday() == 0


# --- intervision -----------------------------------------------------------------------------


def _session(world, people, date, minutes=90):
    return services.intervision_session_create(
        organisation=world.a.organisation,
        date=date,
        method="balint",
        participants=people,
        duration_minutes=minutes,
    )


def test_intervision_hours_count_signed_off_sessions_of_an_hour(world):
    a, b = registered_employee(world.a), registered_employee(world.a)
    long = _session(world, [a, b], datetime.date(2026, 3, 1), 90)
    short = _session(world, [a], datetime.date(2026, 4, 1), 45)
    for participant in long.participants.all():
        services.participant_sign_off(participant=participant, by=None)
    services.participant_sign_off(participant=short.participants.get(), by=None)
    not_signed = _session(world, [a, b], datetime.date(2026, 5, 1), 120)
    services.participant_sign_off(participant=not_signed.participants.get(employee=a), by=None)
    hours = selectors.intervision_hours(
        employee_ids=[a.pk, b.pk, world.a.employee.pk],
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    assert hours == {a.pk: Decimal("3.50"), b.pk: Decimal("1.50")}
    assert selectors.intervision_hours(
        employee_ids=[a.pk], start=datetime.date(2026, 4, 2), end=datetime.date(2026, 12, 31)
    ) == {a.pk: Decimal("2.00")}


def test_sign_off_only_after_the_session_and_once(world):
    person = registered_employee(world.a)
    planned = _session(world, [person], TODAY + datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="pas worden afgetekend"):
        services.participant_sign_off(participant=planned.participants.get(), by=None)
    held = _session(world, [person], TODAY)
    participant = held.participants.get()
    services.participant_sign_off(participant=participant, by=None)
    with pytest.raises(ValidationError, match="al afgetekend"):
        services.participant_sign_off(participant=participant, by=None)


def test_session_bad_input(world):
    person = registered_employee(world.a)
    with pytest.raises(ValidationError) as exc:
        services.intervision_session_create(
            organisation=world.a.organisation,
            date=TODAY + datetime.timedelta(days=900),
            method="other",
            participants=[world.b.employee],
            case_owner=person,
        )
    assert set(exc.value.error_dict) == {"date", "method_other", "participants", "case_owner"}
    with pytest.raises(ValidationError):
        _session(world, [person], TODAY, minutes=5)


def test_series_plans_sessions_for_every_participant(world):
    people = [registered_employee(world.a), world.a.side_entrant]
    series = services.intervision_series_create(
        organisation=world.a.organisation,
        title="Intervisie",
        method="incident",
        first_date=TODAY,
        interval_weeks=2,
        count=4,
        participants=people,
    )
    assert series.sessions.count() == 4
    items = selectors.calendar_items(employee=world.a.side_entrant, since=TODAY)
    assert len(items["sessions"]) == 4
    with pytest.raises(ValidationError):
        services.intervision_series_create(
            organisation=world.a.organisation,
            title="Te lang",
            method="incident",
            first_date=TODAY,
            interval_weeks=8,
            count=52,
            participants=people,
        )


# --- contract --------------------------------------------------------------------------------


def test_current_mentors_main_first(world):
    main, sub = mentor(world.a), mentor(world.a)
    assign(world.a.side_entrant, main.employee)
    assign(world.a.side_entrant, sub.employee, kind="sub")
    assert selectors.current_mentors(
        employee_ids=[world.a.side_entrant.pk, world.a.employee.pk]
    ) == {world.a.side_entrant.pk: [main.employee, sub.employee]}


def test_aggregates_for_managers(world):
    profile = mentor(world.a, max_main_mentees=2)
    assign(world.a.side_entrant, profile.employee, start=datetime.date(2026, 11, 1))
    figures = selectors.mentoring_aggregates(org_ids=[world.a.organisation.pk])
    assert figures["mentors"] == 1 and figures["capacity"] == 4 and figures["used"] == 1
    assert figures["overdue"] >= 1 and figures["unmatched"] == 0


def test_unwilling_mentor_alerts_the_practice_supervisor(world):
    profile = mentor(world.a)
    pulse = MentorPulse.objects.create(profile=profile, period_start=TODAY)
    services.pulse_answer(pulse=pulse, energy=3, time_pressure=4, still_willing=False, comment="Op")
    alert = Notification.objects.get(kind="mentoring.pulse_signal")
    assert alert.recipient == world.a.user(Role.PRACTICE_SUPERVISOR)
    assert profile.employee.full_name in alert.title
    assert "Op" not in alert.body  # the answers stay in the app
