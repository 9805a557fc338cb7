import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from organisations.roles import Role
from tests.training import factories as f
from training import services
from training.models import Level, Track, TrackMilestone, WeightedTask

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


# --- contract: track creation on hire ----------------------------------------------------


@pytest.mark.parametrize("code", [None, "", "none"])
def test_no_route_means_no_track(world, code):
    track = services.track_create_for_hire(
        employee=world.a.side_entrant, route_code=code, start_date=TODAY, created_by=None
    )
    assert track is None
    assert not Track.objects.exists()


@pytest.mark.parametrize(
    "code,credits,areas,milestones",
    [("45ec", 45, 0, 8), ("evc", 0, 6, 7), ("practice_programme", 0, 0, 6)],
)
def test_route_advice_becomes_a_track_with_planned_milestones(
    world, code, credits, areas, milestones
):
    hr = world.a.user(Role.HR_ADVISOR)
    start = datetime.date(2026, 9, 1)
    track = services.track_create_for_hire(
        employee=world.a.side_entrant, route_code=code, start_date=start, created_by=hr
    )
    assert track.route.code == code
    assert track.status == Track.Status.ACTIVE
    assert (track.credits_required, track.areas_required) == (credits, areas)
    assert track.created_by == hr
    planned = list(track.milestones.order_by("order"))
    assert len(planned) == milestones
    assert planned[0].planned_date == start
    assert [m.planned_date for m in planned] == sorted(m.planned_date for m in planned)
    # The employer's condition: registration within a year (two for the WO route).
    years = 2 if code == "practice_programme" else 1
    assert track.registration_deadline == datetime.date(2026 + years, 9, 1)
    assert track.history.count() == 1


def test_hire_twice_returns_the_same_track(world):
    kwargs = {
        "employee": world.a.side_entrant,
        "route_code": "evc",
        "start_date": TODAY,
        "created_by": None,
    }
    first = services.track_create_for_hire(**kwargs)
    assert services.track_create_for_hire(**kwargs) == first
    assert Track.objects.count() == 1


def test_future_hire_is_planned_and_internal_routes_have_no_deadline(world):
    track = services.track_create_for_hire(
        employee=world.a.side_entrant,
        route_code="onboarding",
        start_date=datetime.date(2099, 1, 1),
        created_by=None,
    )
    assert track.status == Track.Status.PLANNED
    assert track.registration_deadline is None


def test_unknown_route_code_is_a_clear_error(world):
    with pytest.raises(ValidationError, match="Onbekende opleidingsroute"):
        services.track_create_for_hire(
            employee=world.a.side_entrant, route_code="mbo", start_date=TODAY, created_by=None
        )


# --- track rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"credits_earned": 46}, "niet meer zijn dan"),
        ({"completed_on": datetime.date(2025, 12, 31), "status": "completed"}, "vóór de start"),
        ({"status": "completed"}, "afronddatum"),
        ({"status": "stopped", "stop_reason": "  "}, "reden"),
        ({"planned_end": datetime.date(2025, 1, 1)}, "vóór de start"),
        ({"cost_tuition": Decimal("-1")}, "negatief"),
    ],
)
def test_bad_track_changes_are_refused_and_nothing_changes(world, fields, message):
    track = f.track(world.a.side_entrant)
    with pytest.raises(ValidationError) as exc:
        services.track_update(track=track, **fields)
    assert message in str(exc.value)
    track.refresh_from_db()
    assert track.status == Track.Status.ACTIVE and track.credits_earned == 0


def test_database_refuses_credits_above_required(world):
    track = f.track(world.a.side_entrant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.filter(pk=track.pk).update(credits_earned=50)


def test_stopping_keeps_the_reason_and_history(world):
    track = f.track(world.a.side_entrant)
    services.track_update(track=track, status="stopped", stop_reason="Andere baan gevonden")
    track.refresh_from_db()
    assert track.stop_reason == "Andere baan gevonden"
    assert track.history.count() == 2


def test_a_later_start_moves_the_milestones_still_to_do(world):
    track = f.track(world.a.side_entrant)
    first, second, *rest = _milestones(track)
    services.milestone_complete(milestone=first, done_on=track.start_date)
    planned = {m.pk: m.planned_date for m in _milestones(track)}
    services.track_update(track=track, start_date=track.start_date + datetime.timedelta(days=30))
    moved = {m.pk: m.planned_date for m in _milestones(track)}
    assert moved[first.pk] == planned[first.pk]  # done: keeps its date
    for milestone in (second, *rest):
        if planned[milestone.pk]:
            assert moved[milestone.pk] == planned[milestone.pk] + datetime.timedelta(days=30)


def test_only_one_open_track_per_route(world):
    f.track(world.a.side_entrant)
    with pytest.raises(ValidationError, match="al een lopend traject"):
        f.track(world.a.side_entrant)
    # A stopped track does not count.
    other = f.track(world.a.side_entrant, code="evc")
    services.track_update(track=other, status="stopped", stop_reason="Toch 45 EC")
    assert f.track(world.a.side_entrant, code="evc").is_open


# --- milestones --------------------------------------------------------------------------


def _milestones(track):
    return list(track.milestones.order_by("order"))


@pytest.mark.parametrize("index", [1, 2, 5])
def test_milestone_out_of_order_is_rejected(world, index):
    track = f.track(world.a.side_entrant)
    milestone = _milestones(track)[index]
    with pytest.raises(ValidationError, match="op volgorde"):
        services.milestone_complete(milestone=milestone, done_on=datetime.date(2026, 3, 1))
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_milestones_in_order_with_evidence(world):
    track = f.track(world.a.side_entrant)
    first, second, *_ = _milestones(track)
    services.milestone_complete(milestone=first, done_on=datetime.date(2026, 1, 5))
    evidence = SimpleUploadedFile("Intakeverslag van 't Hek.pdf", f.PDF)
    done = services.milestone_complete(
        milestone=second, done_on=datetime.date(2026, 1, 20), evidence=evidence
    )
    assert done.evidence.name.startswith("training/evidence/")
    assert "Hek" not in done.evidence.name  # stored under a random name
    assert done.evidence_name == "Intakeverslag van 't Hek.pdf"


@pytest.mark.parametrize(
    "done_on,message",
    [
        (datetime.date(2025, 12, 1), "voordat het traject begint"),
        (datetime.date(2099, 1, 1), "in de toekomst"),
    ],
)
def test_milestone_dates_must_make_sense(world, done_on, message):
    first = _milestones(f.track(world.a.side_entrant))[0]
    with pytest.raises(ValidationError, match=message):
        services.milestone_complete(milestone=first, done_on=done_on)


def test_milestone_not_before_the_previous_one(world):
    first, second, *_ = _milestones(f.track(world.a.side_entrant))
    services.milestone_complete(milestone=first, done_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="vorige"):
        services.milestone_complete(milestone=second, done_on=datetime.date(2026, 1, 20))


def test_wrong_evidence_is_refused_and_nothing_saved(world):
    first = _milestones(f.track(world.a.side_entrant))[0]
    fake = SimpleUploadedFile("bewijs.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        services.milestone_complete(milestone=first, done_on=TODAY, evidence=fake)
    assert TrackMilestone.objects.get(pk=first.pk).done_on is None


# --- registration -------------------------------------------------------------------------


def test_registering_records_the_date_and_completes_the_track(world):
    track = f.track(world.a.side_entrant)
    employee = services.registration_record(
        employee=world.a.side_entrant, skj_number="120099887", registration_date=TODAY
    )
    assert employee.is_skj_registered
    employee.refresh_from_db()
    assert employee.skj_registration_date == TODAY
    track.refresh_from_db()
    assert track.status == Track.Status.COMPLETED and track.completed_on == TODAY


@pytest.mark.parametrize(
    "number,date,message",
    [
        ("120099887", datetime.date(2099, 1, 1), "in de toekomst"),
        ("", TODAY, "registratienummer"),
        ("12-abc", TODAY, "alleen uit cijfers"),
    ],
)
def test_bad_registration_is_refused(world, number, date, message):
    with pytest.raises(ValidationError, match=message):
        services.registration_record(
            employee=world.a.side_entrant, skj_number=number, registration_date=date
        )
    world.a.side_entrant.refresh_from_db()
    assert not world.a.side_entrant.is_skj_registered


# --- ledger ---------------------------------------------------------------------------------


def test_reflection_needs_one_hour_and_a_real_form(world):
    pro = f.registered(world.a.organisation)
    with pytest.raises(ValidationError, match="vanaf 1 uur"):
        f.ledger_hours(pro, kind="reflection", amount="0.5", reflection_form="supervision")
    with pytest.raises(ValidationError, match="intervisie, supervisie"):
        f.ledger_hours(pro, kind="reflection", amount="2")
    with pytest.raises(ValidationError, match="geen geldige keuze"):
        f.ledger_hours(pro, kind="reflection", amount="2", reflection_form="self_reflection")
    entry = f.ledger_hours(pro, kind="reflection", amount="1", reflection_form="supervision")
    assert entry.amount == 1


def test_ledger_amount_must_be_positive_and_not_in_future(world):
    pro = f.registered(world.a.organisation)
    with pytest.raises(ValidationError):
        f.ledger_hours(pro, amount="0")
    with pytest.raises(ValidationError, match="toekomst"):
        f.ledger_hours(pro, date=datetime.date(2099, 1, 1))


# --- weighting table ------------------------------------------------------------------------


def _task(table, scores, name="Taak"):
    return services.weighted_task_create(
        table=table,
        name=name,
        unsafe=scores[0],
        responsibility=scores[1],
        complexity=scores[2],
        impact=scores[3],
    )


@pytest.mark.parametrize(
    "thresholds,scores,level",
    [
        ((6, 10), (1, 1, 1, 1), Level.INDEPENDENT),
        ((6, 10), (2, 2, 1, 1), Level.INDEPENDENT),  # 6 = the upper bound of zelfstandig
        ((6, 10), (2, 2, 2, 1), Level.UNDER_RESPONSIBILITY),
        ((6, 10), (3, 2, 2, 2), Level.UNDER_RESPONSIBILITY),  # 9 stays below 10
        ((6, 10), (3, 3, 2, 2), Level.REGISTERED_ONLY),
        ((4, 5), (1, 1, 1, 2), Level.REGISTERED_ONLY),  # strict custom table
        ((8, 12), (3, 3, 3, 2), Level.UNDER_RESPONSIBILITY),  # lenient custom table
        ((8, 12), (3, 3, 3, 3), Level.REGISTERED_ONLY),
    ],
)
def test_level_derivation_with_custom_thresholds(world, thresholds, scores, level):
    table = services.weighting_table_for(organisation=world.a.organisation)
    services.weighting_table_update(
        table=table, independent_max=thresholds[0], registered_only_min=thresholds[1]
    )
    assert table.level_for(_task(table, scores)) == level


def test_unsafe_axis_3_can_force_registered_only(world):
    table = services.weighting_table_for(organisation=world.a.organisation)
    task = _task(table, (3, 1, 1, 1))
    assert table.level_for(task) == Level.INDEPENDENT
    services.weighting_table_update(
        table=table, independent_max=6, registered_only_min=10, registered_only_when_any_axis_3=True
    )
    assert table.level_for(task) == Level.REGISTERED_ONLY


@pytest.mark.parametrize("low,high", [(3, 10), (10, 10), (6, 13), (11, 10)])
def test_thresholds_must_be_ordered(world, low, high):
    table = services.weighting_table_for(organisation=world.a.organisation)
    with pytest.raises(ValidationError, match="drempels|Drempels"):
        services.weighting_table_update(table=table, independent_max=low, registered_only_min=high)


@pytest.mark.parametrize("scores", [(0, 1, 1, 1), (1, 4, 1, 1), (1, 1, -1, 1)])
def test_axis_scores_outside_1_to_3_are_refused(world, scores):
    table = services.weighting_table_for(organisation=world.a.organisation)
    with pytest.raises(ValidationError):
        _task(table, scores)
    assert not WeightedTask.objects.exists()


def test_duplicate_task_name_is_refused(world):
    table = services.weighting_table_for(organisation=world.a.organisation)
    _task(table, (1, 1, 1, 1), name="Huisbezoek")
    with pytest.raises(ValidationError, match="al een taak"):
        _task(table, (1, 1, 1, 1), name="HUISBEZOEK ")


def test_copy_a_table_then_adapt_it(world):
    source = f.table(world.a.organisation, independent_max=5, registered_only_min=9)
    copy = services.weighting_table_copy(source=source, organisation=world.b.organisation)
    assert copy.copied_from == world.a.organisation
    assert (copy.independent_max, copy.registered_only_min) == (5, 9)
    assert sorted(copy.tasks.values_list("name", flat=True)) == sorted(
        source.tasks.values_list("name", flat=True)
    )
    task = copy.tasks.get(name="Huisbezoek")
    services.weighted_task_update(task=task, unsafe=3)
    assert source.tasks.get(name="Huisbezoek").unsafe == 2  # the source is untouched
    # Copying again adds nothing twice.
    services.weighting_table_copy(source=source, organisation=world.b.organisation)
    assert copy.tasks.count() == 3
    with pytest.raises(ValidationError):
        services.weighting_table_copy(source=source, organisation=world.a.organisation)


# --- task log: comply or explain --------------------------------------------------------------


@pytest.fixture
def tasks(world):
    t = f.table(world.a.organisation)
    return {task.name: task for task in t.tasks.all()}


def _log(world, task, **kwargs):
    kwargs.setdefault("date", TODAY - datetime.timedelta(days=1))
    return services.task_log_create(employee=world.a.side_entrant, task=task, **kwargs)


def test_independent_task_needs_nobody(world, tasks):
    entry = _log(world, tasks["Rapportage schrijven"])
    assert entry.level == Level.INDEPENDENT and entry.category == "administrative"


def test_task_under_responsibility_needs_a_registered_professional(world, tasks):
    with pytest.raises(ValidationError, match="verantwoordelijke geregistreerde"):
        _log(world, tasks["Huisbezoek"])
    unregistered = world.a.employee
    with pytest.raises(ValidationError, match="SKJ-geregistreerd"):
        _log(world, tasks["Huisbezoek"], responsible=unregistered)
    pro = f.registered(world.a.organisation)
    assert _log(world, tasks["Huisbezoek"], responsible=pro).responsible == pro


def test_registered_only_task_needs_an_explanation(world, tasks):
    pro = f.registered(world.a.organisation)
    with pytest.raises(ValidationError, match="leg uit"):
        _log(world, tasks["Veiligheidstaxatie"], responsible=pro, explanation="   ")
    entry = _log(
        world,
        tasks["Veiligheidstaxatie"],
        responsible=pro,
        explanation="Leersituatie, samen met <b>Jeroen</b>",
    )
    assert entry.level == Level.REGISTERED_ONLY


def test_database_enforces_comply_or_explain(world, tasks):
    from training.models import TaskLogEntry

    with pytest.raises(IntegrityError), transaction.atomic():
        TaskLogEntry.objects.create(
            employee=world.a.side_entrant,
            task=tasks["Veiligheidstaxatie"],
            date=TODAY,
            level=Level.REGISTERED_ONLY,
            category="casework",
            responsible=f.registered(world.a.organisation),
        )


def test_task_of_another_organisation_cannot_be_logged(world):
    other = f.table(world.b.organisation)
    with pytest.raises(ValidationError, match="niet in de tabel"):
        _log(world, other.tasks.get(name="Rapportage schrijven"))


def test_registered_employee_does_every_task_independently(world, tasks):
    pro = f.registered(world.a.organisation)
    entry = services.task_log_create(employee=pro, task=tasks["Veiligheidstaxatie"], date=TODAY)
    assert entry.level == Level.INDEPENDENT


def test_logged_level_survives_a_rescore(world, tasks):
    entry = _log(world, tasks["Rapportage schrijven"])
    services.weighted_task_update(task=tasks["Rapportage schrijven"], unsafe=3, impact=3)
    entry.refresh_from_db()
    assert entry.level == Level.INDEPENDENT


# --- sign-off ----------------------------------------------------------------------------------


def test_practice_supervisor_signs_off_while_no_mentor_is_known(world, tasks):
    entry = _log(world, tasks["Rapportage schrijven"])
    with pytest.raises(ValidationError):
        services.task_log_sign_off(entry=entry, user=world.a.user(Role.SIDE_ENTRANT))
    with pytest.raises(ValidationError):
        services.task_log_sign_off(entry=entry, user=world.b.user(Role.PRACTICE_SUPERVISOR))
    signed = services.task_log_sign_off(entry=entry, user=world.a.user(Role.PRACTICE_SUPERVISOR))
    assert signed.signed_off_by == world.a.user(Role.PRACTICE_SUPERVISOR)


def test_the_mentor_signs_off_once_mentoring_knows_them(world, tasks):
    mentor_user = world.a.user(Role.MENTOR)
    mentor = f.registered(world.a.organisation, user=mentor_user)
    entry = _log(world, tasks["Rapportage schrijven"])
    with mock.patch(
        "mentoring.selectors.current_mentors",
        return_value={world.a.side_entrant.pk: [mentor]},
    ):
        with pytest.raises(ValidationError, match="mentor"):
            services.task_log_sign_off(entry=entry, user=world.a.user(Role.PRACTICE_SUPERVISOR))
        assert services.task_log_sign_off(entry=entry, user=mentor_user).signed_off_at


# --- learning plan -----------------------------------------------------------------------------


def test_learning_activity_rules(world):
    activity = services.learning_activity_create(
        employee=world.a.side_entrant, kind="social", title="Intervisie", hours=Decimal("2")
    )
    with pytest.raises(ValidationError, match="toekomst"):
        services.learning_activity_complete(activity=activity, done_on=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        services.learning_activity_create(
            employee=world.a.side_entrant, kind="social", title="Niets", hours=Decimal("0")
        )
    with pytest.raises(ValidationError):
        services.learning_activity_create(
            employee=world.a.side_entrant, kind="elsewhere", title="X", hours=Decimal("1")
        )


@pytest.mark.django_db(transaction=True)
def test_two_hires_at_once_make_one_track(world):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no real race")
    results, errors = [], []
    barrier = threading.Barrier(2)

    def hire():
        try:
            barrier.wait()
            track = services.track_create_for_hire(
                employee=world.a.side_entrant, route_code="45ec", start_date=TODAY, created_by=None
            )
            results.append(track.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hire) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Track.objects.count() == 1
    assert results[0] == results[1]
