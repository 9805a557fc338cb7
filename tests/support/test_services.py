import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from notifications.models import Notification
from organisations.roles import Role
from support import services
from support.models import Escalation, Level, SupportRequest, Trajectory, TrajectoryAccessLog
from tests.organisations.factories import EmployeeFactory

from .factories import intervention, trajectory

pytestmark = pytest.mark.django_db

SUPP = Role.SUPPORT_COORDINATOR
D = datetime.date


def test_propose_creates_one_request_and_mails_coordinators_without_details(
    world, django_capture_on_commit_callbacks
):
    employee = world.a.employee
    with django_capture_on_commit_callbacks(execute=True):
        request = services.support_request_propose(
            employee=employee, proposed_by=world.a.user(Role.MENTOR), source="checkin"
        )
        again = services.support_request_propose(
            employee=employee,
            proposed_by=world.a.user(Role.PRACTICE_SUPERVISOR),
            source="supervisor",
        )
    assert again.pk == request.pk
    assert request.source == SupportRequest.Source.CHECKIN
    assert request.status == SupportRequest.Status.OPEN
    # One coordinator in A: one notification, one mail; nobody of B hears anything.
    assert [m.to for m in mail.outbox] == [[world.a.user(SUPP).email]]
    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    for detail in (employee.first_name, employee.last_name, "checkin", "mentor", "Mentor"):
        assert detail not in text
    assert "Log in" in text or "Log in" in text or "Log" in text
    assert not Notification.objects.filter(recipient=world.b.user(SUPP)).exists()


def test_propose_rejects_unknown_source(world):
    with pytest.raises(ValueError):
        services.support_request_propose(employee=world.a.employee, proposed_by=None, source="x")


def test_trajectory_without_level_is_refused(world):
    with pytest.raises(ValidationError):
        services.trajectory_create(
            employee=world.a.employee,
            created_by=None,
            level=None,
            provider="x",
            start_date=D(2026, 1, 1),
            planned_end_date=D(2026, 2, 1),
        )
    assert not Trajectory.objects.exists()


def test_dates_out_of_order_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        trajectory(world.a.employee, start=D(2026, 5, 1), end=D(2026, 4, 1))
    # One msgid, translated in more than one app catalogue: the first catalogue wins.
    assert "planned end" in str(exc.value) or "geplande eind" in str(exc.value)
    assert not Trajectory.objects.exists()


@pytest.mark.parametrize(
    "start,end,overlaps",
    [
        (D(2026, 12, 31), D(2027, 2, 1), True),  # touches the last day
        (D(2026, 9, 1), D(2026, 10, 1), True),  # touches the first day
        (D(2026, 11, 1), D(2026, 11, 2), True),  # inside
        (D(2027, 1, 1), D(2027, 2, 1), False),  # the day after
        (D(2026, 8, 1), D(2026, 9, 30), False),  # the day before
    ],
)
def test_overlapping_trajectories_at_one_level_are_refused(world, start, end, overlaps):
    trajectory(world.a.employee, level=Level.VOORKOMEN)
    if overlaps:
        with pytest.raises(ValidationError):
            trajectory(world.a.employee, level=Level.VOORKOMEN, start=start, end=end)
        assert Trajectory.objects.count() == 1
    else:
        trajectory(world.a.employee, level=Level.VOORKOMEN, start=start, end=end)
    # Another level in the same period is fine (interventions add up).
    trajectory(world.a.employee, level=Level.VERSTERKEN, start=start, end=end)


def test_database_rejects_overlap_even_without_the_service(world):
    from django.db import IntegrityError, transaction

    first = trajectory(world.a.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.create(
            organisation=first.organisation,
            employee=first.employee,
            level=first.level,
            provider="x",
            start_date=first.start_date,
            planned_end_date=first.planned_end_date,
        )


def test_ending_early_frees_the_period(world):
    first = trajectory(world.a.employee, start=D(2026, 1, 1), end=D(2026, 12, 31))
    services.trajectory_update(
        trajectory=first, changed_by=None, ended_on=D(2026, 3, 31), status="completed"
    )
    trajectory(world.a.employee, start=D(2026, 4, 1), end=D(2026, 6, 30))


def test_intervention_must_match_level_and_organisation(world):
    other_level = intervention(world.a.organisation, level=Level.HERSTEL)
    other_org = intervention(world.b.organisation, level=Level.VOORKOMEN)
    for item in (other_level, other_org):
        with pytest.raises(ValidationError):
            trajectory(world.a.employee, level=Level.VOORKOMEN, intervention=item)
    assert not Trajectory.objects.exists()


def test_escalation_moves_one_level_keeps_history_and_notifies(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.a.user(SUPP)
    t = trajectory(world.a.side_entrant, level=Level.VERSTERKEN, created_by=coordinator)
    target = intervention(
        world.a.organisation, level=Level.VOORKOMEN, name="Traject arbeidspsycholoog"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.trajectory_escalate(
            trajectory=t,
            up=True,
            date=D(2026, 10, 15),
            reason="Werkdruk loopt op",
            decided_by=coordinator,
            intervention=target,
            provider="Arbeidspsycholoog",
        )
    t.refresh_from_db()
    assert t.level == Level.VOORKOMEN and t.intervention == target
    escalation = Escalation.objects.get()
    assert (escalation.from_level, escalation.to_level) == (1, 2)
    assert escalation.decided_by == coordinator
    assert [h.level for h in t.history.order_by("history_date")] == [1, 2]
    assert t.history.latest().history_change_reason == "escalation"
    assert [m.to for m in mail.outbox] == [[world.a.side_entrant.user.email]]
    assert "Werkdruk" not in mail.outbox[0].body
    assert "arbeidspsycholoog" not in mail.outbox[0].body.lower()

    services.trajectory_escalate(
        trajectory=t, up=False, date=D(2026, 11, 1), reason="Gaat beter", decided_by=coordinator
    )
    t.refresh_from_db()
    assert t.level == Level.VERSTERKEN
    # The intervention of the higher level does not stay attached to the lower level.
    assert t.intervention is None
    assert list(t.escalations.values_list("to_level", flat=True)) == [2, 1]


@pytest.mark.parametrize("level,up", [(Level.HERSTEL, True), (Level.VERSTERKEN, False)])
def test_no_escalation_beyond_the_top_or_below_the_bottom(world, level, up):
    t = trajectory(world.a.employee, level=level)
    with pytest.raises(ValidationError):
        services.trajectory_escalate(
            trajectory=t, up=up, date=D(2026, 10, 2), reason="x", decided_by=None
        )
    t.refresh_from_db()
    assert t.level == level
    assert not Escalation.objects.exists()


def test_escalation_onto_an_occupied_level_is_refused(world):
    low = trajectory(world.a.employee, level=Level.VERSTERKEN)
    trajectory(world.a.employee, level=Level.VOORKOMEN)
    with pytest.raises(ValidationError):
        services.trajectory_escalate(
            trajectory=low, up=True, date=D(2026, 10, 2), reason="x", decided_by=None
        )
    low.refresh_from_db()
    assert low.level == Level.VERSTERKEN
    assert not Escalation.objects.exists()


def test_escalation_needs_a_reason_and_a_date_after_start(world):
    t = trajectory(world.a.employee, level=Level.VERSTERKEN)
    with pytest.raises(ValidationError):
        services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 10, 2), reason=" ", decided_by=None
        )
    with pytest.raises(ValidationError):
        services.trajectory_escalate(
            trajectory=t, up=True, date=D(2026, 1, 2), reason="x", decided_by=None
        )
    assert not Escalation.objects.exists()


def test_history_leaves_out_special_category_fields(world):
    t = trajectory(world.a.employee, trigger_category="aggression", notes="Afspraken BOT")
    historical = t.history.get()
    assert not hasattr(historical, "notes")
    assert not hasattr(historical, "trigger_category")


def test_retention_erases_two_years_after_employment_ends(world):
    from organisations import services as org_services

    leaver = EmployeeFactory(
        organisation=world.a.organisation, team=world.a.team, employment_start=D(2020, 1, 1)
    )
    stayer = world.a.employee
    old = trajectory(leaver, start=D(2023, 1, 1), end=D(2023, 6, 1))
    services.trajectory_escalate(
        trajectory=old, up=True, date=D(2023, 2, 1), reason="x", decided_by=None
    )
    services.trajectory_access_record(user=None, trajectory=old, allowed=True, path="/x")
    services.support_request_propose(employee=leaver, proposed_by=None, source="supervisor")
    kept = trajectory(stayer, start=D(2023, 1, 1), end=D(2023, 6, 1))
    org_services.employee_update(employee=leaver, employment_end=D(2024, 11, 25))

    assert services.trajectories_erase_expired(today=D(2026, 11, 25)) == 0  # exactly 2 years
    assert services.trajectories_erase_expired(today=D(2026, 11, 26)) == 1
    assert list(Trajectory.objects.all()) == [kept]
    assert not Trajectory.history.filter(id=old.pk).exists()
    assert not Escalation.objects.exists()
    assert not TrajectoryAccessLog.objects.exists()
    assert not SupportRequest.objects.filter(employee=leaver).exists()
    assert not SupportRequest.history.filter(employee_id=leaver.pk).exists()
    assert services.trajectories_erase_expired(today=D(2026, 11, 26)) == 0


def test_retention_task_is_scheduled():
    from config.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["support-erase-expired-trajectories"]["task"] == (
        "support.tasks.erase_expired_trajectories"
    )


def test_onboarding_choice_rules(world):
    employee = world.a.side_entrant
    with pytest.raises(ValidationError):
        services.onboarding_record(employee=employee, start_mode="supporting", recorded_by=None)
    with pytest.raises(ValidationError):
        services.onboarding_record(
            employee=employee,
            start_mode="direct",
            supporting_role_until=D(2026, 1, 1),
            recorded_by=None,
        )
    choice = services.onboarding_record(
        employee=employee,
        start_mode="supporting",
        supporting_role_until=D(2026, 3, 1),
        intake_date=D(2025, 3, 10),
        recorded_by=None,
    )
    again = services.onboarding_record(employee=employee, start_mode="direct", recorded_by=None)
    assert again.pk == choice.pk and again.supporting_role_until is None


def test_supervisor_group_rules(world):
    with pytest.raises(ValidationError):
        services.supervisor_group_plan(
            organisation=world.a.organisation,
            employees=[world.a.employee],
            term_start=D(2027, 1, 1),
            term_end=D(2026, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.supervisor_group_plan(
            organisation=world.a.organisation,
            employees=[world.b.employee],
            term_start=D(2026, 1, 1),
            term_end=D(2027, 1, 1),
        )
    rows = services.supervisor_group_plan(
        organisation=world.a.organisation,
        employees=[world.a.employee, world.a.side_entrant],
        term_start=D(2026, 1, 1),
        term_end=D(2027, 1, 1),
        training_date=D(2025, 12, 1),
    )
    assert len(rows) == 2


def test_absence_record_has_dates_only(world):
    from support.models import AbsenceRecord

    names = {f.name for f in AbsenceRecord._meta.get_fields()}
    assert names == {"id", "organisation", "employee", "start_date", "end_date", "percentage"}
    with pytest.raises(ValidationError):
        services.absence_record_create(
            employee=world.a.employee, start_date=D(2026, 2, 1), end_date=D(2026, 1, 1)
        )


def test_no_field_for_the_nature_or_cause_of_an_illness():
    fields = {f.name for f in Trajectory._meta.get_fields()}
    for forbidden in ("diagnosis", "illness", "cause", "nature", "medical", "complaint"):
        assert not any(forbidden in name for name in fields)


@pytest.mark.parametrize(
    "status,ended_on,ok",
    [
        ("completed", None, False),
        ("stopped", None, False),
        ("active", D(2026, 11, 1), False),
        ("completed", D(2026, 11, 1), True),
        ("active", None, True),
    ],
)
def test_finished_trajectories_have_an_end_date_and_only_they(world, status, ended_on, ok):
    t = trajectory(world.a.employee)
    if ok:
        services.trajectory_update(trajectory=t, changed_by=None, status=status, ended_on=ended_on)
    else:
        with pytest.raises(ValidationError):
            services.trajectory_update(
                trajectory=t, changed_by=None, status=status, ended_on=ended_on
            )
        t.refresh_from_db()
        assert t.status == "active" and t.ended_on is None


def test_propose_accepts_the_proposers_employee_record(world):
    mentor_employee = EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
    mentor_employee.user = world.a.user(Role.MENTOR)
    mentor_employee.save()
    request = services.support_request_propose(
        employee=world.a.side_entrant, proposed_by=mentor_employee, source="checkin"
    )
    assert request.requested_by == world.a.user(Role.MENTOR)
