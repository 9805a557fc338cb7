import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from notifications.models import Notification
from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory, OrganisationFactory
from traineeship import selectors, services
from traineeship.models import Absence, Contract, Funder, Guideline, HostRating, Review, Rotation

from .factories import START, programme_with_partners, seed_case

pytestmark = pytest.mark.django_db

D = datetime.date
SCORES = {"enthusiasm": 4, "energy": 4, "eagerness": 5, "realism": 3, "confidence": 3}


def _changes(trainee, overrides=None):
    overrides = overrides or {}
    rotations = list(trainee.rotations.order_by("start_date"))
    result = []
    for index, r in enumerate(rotations):
        values = {
            "rotation": r,
            "partner": r.partner,
            "team": r.team,
            "mentor": r.mentor,
            "start_date": r.start_date,
            "end_date": r.end_date,
        }
        values.update(overrides.get(index, {}))
        result.append(services.RotationChange(**values))
    return result


def test_seed_case_every_trainee_every_partner_once_one_per_period(world):
    setup = seed_case(world)
    periods = setup.cohort.periods()
    assert [(s, e) for _n, s, e in periods] == [
        (D(2026, 9, 1), D(2027, 4, 30)),
        (D(2027, 5, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 8, 31)),
    ]
    for trainee in setup.trainees:
        rotations = list(trainee.rotations.order_by("start_date"))
        assert sorted(r.partner_id for r in rotations) == sorted(p.pk for p in setup.partners)
        assert [(r.start_date, r.end_date) for r in rotations] == [(s, e) for _n, s, e in periods]
        for r in rotations:
            assert r.contract.start_date == r.start_date and r.contract.end_date == r.end_date
            assert r.contract.cao
            assert r.team.organisation_id == r.partner.organisation_id
    for _n, start, _e in periods:
        hosts = Rotation.objects.filter(trainee__cohort=setup.cohort, start_date=start)
        assert sorted(hosts.values_list("partner_id", flat=True)) == sorted(
            p.pk for p in setup.partners
        )


def test_thirty_trainees_over_six_partners(world):
    orgs = [OrganisationFactory(name=f"Partner {i}") for i in range(6)]
    programme = programme_with_partners(orgs, total_months=24, rotation_months=4)
    for partner in programme.partners.all():
        services.partner_update(partner=partner, capacity=5)
    cohort = services.cohort_create(programme=programme, name="Groot", start_date=START)
    for i in range(30):
        services.trainee_add(cohort=cohort, employee=EmployeeFactory(organisation=orgs[i % 6]))
    rotations = services.schedule_generate(cohort=cohort)
    assert len(rotations) == 180
    counts = {}
    for r in rotations:
        counts[(r.partner_id, r.start_date)] = counts.get((r.partner_id, r.start_date), 0) + 1
    assert set(counts.values()) == {5}


def test_too_many_trainees_names_the_short_period(world):
    setup = seed_case(world, generate=False)
    services.blocked_period_add(
        partner=setup.partners[0], start_date=D(2027, 6, 1), end_date=D(2027, 6, 30)
    )
    with pytest.raises(ValidationError) as info:
        services.schedule_generate(cohort=setup.cohort)
    message = " ".join(info.value.messages)
    assert "Periode 2 (01-05-2027 – 31-12-2027)" in message
    assert not Rotation.objects.filter(trainee__cohort=setup.cohort).exists()


def test_partner_count_must_match_periods(world):
    programme = programme_with_partners(
        [world.a.organisation, world.b.organisation], total_months=24, rotation_months=8
    )
    cohort = services.cohort_create(programme=programme, name="X", start_date=START)
    services.trainee_add(cohort=cohort, employee=world.a.employee)
    with pytest.raises(ValidationError, match="3 rotatieperiodes maar 2 partners"):
        services.schedule_generate(cohort=cohort)


def test_programme_needs_two_partners(world):
    with pytest.raises(ValidationError):
        programme_with_partners([world.a.organisation])


def test_trainee_must_work_for_a_partner(world):
    setup = seed_case(world, generate=False)
    with pytest.raises(ValidationError):
        services.trainee_add(cohort=setup.cohort, employee=world.b.employee)


def test_database_rejects_overlapping_rotations(world):
    setup = seed_case(world)
    rotation = setup.trainees[0].rotations.order_by("start_date").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rotation.objects.create(
            trainee=rotation.trainee,
            partner=rotation.partner,
            start_date=rotation.end_date,
            end_date=rotation.end_date + datetime.timedelta(days=3),
        )


def test_service_rejects_overlap_and_capacity(world):
    setup = seed_case(world, generate=False)
    trainee, other = setup.trainees[0], setup.trainees[1]
    partner = setup.partners[0]
    services.rotation_create(
        trainee=trainee, partner=partner, start_date=START, end_date=D(2027, 4, 30)
    )
    with pytest.raises(ValidationError, match="al een rotatie"):
        services.rotation_create(
            trainee=trainee,
            partner=setup.partners[1],
            start_date=D(2027, 4, 1),
            end_date=D(2027, 5, 30),
        )
    with pytest.raises(ValidationError, match="is vol"):
        services.rotation_create(
            trainee=other, partner=partner, start_date=D(2027, 1, 1), end_date=D(2027, 2, 1)
        )
    assert Rotation.objects.count() == 1


def test_edit_plan_swaps_hosts_and_notifies_once_each(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    rotations = list(trainee.rotations.order_by("start_date"))
    mentor = (
        EmployeeFactory(
            organisation=rotations[0].partner.organisation, user=world.a.user(Role.MENTOR)
        )
        if rotations[0].partner.organisation_id != world.a.organisation.pk
        else world.a.employee
    )
    Notification.objects.all().delete()
    services.schedule_update(trainee=trainee, changes=_changes(trainee, {0: {"mentor": mentor}}))
    rotations[0].refresh_from_db()
    assert rotations[0].mentor == mentor
    # Trainee (side-entrant user) notified exactly once.
    assert Notification.objects.filter(recipient=world.a.user(Role.SIDE_ENTRANT)).count() == 1
    # Nothing changed: nobody notified again.
    services.schedule_update(trainee=trainee, changes=_changes(trainee))
    assert Notification.objects.filter(recipient=world.a.user(Role.SIDE_ENTRANT)).count() == 1


def test_edit_plan_rejects_gap_overlap_foreign_mentor(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    first = trainee.rotations.order_by("start_date").first()
    with pytest.raises(ValidationError, match="gat"):
        services.schedule_update(
            trainee=trainee, changes=_changes(trainee, {0: {"end_date": D(2027, 4, 20)}})
        )
    with pytest.raises(ValidationError, match="overlappen"):
        services.schedule_update(
            trainee=trainee, changes=_changes(trainee, {0: {"end_date": D(2027, 5, 20)}})
        )
    with pytest.raises(ValidationError, match="gastorganisatie"):
        services.schedule_update(
            trainee=trainee, changes=_changes(trainee, {0: {"mentor": world.b.employee}})
        )
    first.refresh_from_db()
    assert first.end_date == D(2027, 4, 30) and first.mentor is None


def test_edit_plan_moves_boundary_and_contracts_follow(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    first = trainee.rotations.order_by("start_date").first()
    # The host of the first rotation hosts someone else in May 2027: full at capacity 1.
    with pytest.raises(ValidationError, match="is vol"):
        services.schedule_update(
            trainee=trainee,
            changes=_changes(
                trainee, {0: {"end_date": D(2027, 5, 31)}, 1: {"start_date": D(2027, 6, 1)}}
            ),
        )
    services.partner_update(partner=first.partner, capacity=2)
    services.schedule_update(
        trainee=trainee,
        changes=_changes(
            trainee, {0: {"end_date": D(2027, 5, 31)}, 1: {"start_date": D(2027, 6, 1)}}
        ),
    )
    first, second, _third = trainee.rotations.order_by("start_date")
    assert first.contract.end_date == D(2027, 5, 31)
    assert second.contract.start_date == D(2027, 6, 1)
    assert first.history.count() == 2


def test_swapping_hosts_respects_capacity(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    rotations = list(trainee.rotations.order_by("start_date"))
    # Putting the first two rotations at the same host would double it in period 1.
    with pytest.raises(ValidationError):
        services.schedule_update(
            trainee=trainee,
            changes=_changes(trainee, {0: {"partner": rotations[1].partner, "team": None}}),
        )


def test_contract_cannot_end_before_rotation(world):
    setup = seed_case(world)
    contract = Contract.objects.filter(rotation__trainee=setup.trainees[0]).first()
    with pytest.raises(ValidationError) as info:
        services.contract_update(
            contract=contract, end_date=contract.end_date - datetime.timedelta(days=1)
        )
    assert "rotatie" in " ".join(info.value.messages)
    with pytest.raises(ValidationError):
        services.contract_update(contract=contract, hours_per_week=Decimal("41"))


def test_review_scores_are_1_to_5(world):
    setup = seed_case(world)
    rotation = setup.trainees[0].rotations.first()
    with pytest.raises(ValidationError):
        services.review_record(
            rotation=rotation,
            moment="mid",
            by="mentor",
            author=None,
            held_on=D(2026, 12, 1),
            **{**SCORES, "energy": 6},
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            rotation=rotation,
            moment="mid",
            by="mentor",
            held_on=D(2026, 12, 1),
            **{**SCORES, "energy": 0},
        )
    services.review_record(
        rotation=rotation, moment="mid", by="mentor", author=None, held_on=D(2026, 12, 1), **SCORES
    )
    with pytest.raises(ValidationError):
        services.review_record(
            rotation=rotation,
            moment="mid",
            by="mentor",
            author=None,
            held_on=D(2026, 12, 2),
            **SCORES,
        )


def test_funder_shares_above_100_percent_rejected(world):
    setup = seed_case(world)
    common = {"start_date": D(2026, 9, 1), "end_date": D(2028, 8, 31)}
    services.funder_create(
        programme=setup.programme, name="Gemeente Zwolle", share_pct=Decimal("60"), **common
    )
    with pytest.raises(ValidationError, match="100"):
        services.funder_create(
            programme=setup.programme, name="Gemeente Deventer", share_pct=Decimal("41"), **common
        )
    with pytest.raises(ValidationError):
        services.funder_create(
            programme=setup.programme,
            name="Beide",
            share_pct=Decimal("1"),
            amount=Decimal("5"),
            **common,
        )
    assert Funder.objects.count() == 1


def test_budget_cost_from_contract_hours_and_rates(world):
    setup = seed_case(world)
    for partner in setup.partners:
        services.partner_update(
            partner=partner, hourly_cost=Decimal("30"), employer_charges_pct=Decimal("25")
        )
    common = {"start_date": D(2026, 9, 1), "end_date": D(2028, 8, 31)}
    funder = services.funder_create(
        programme=setup.programme, name="Gemeente Zwolle", share_pct=Decimal("50"), **common
    )
    services.payment_record(funder=funder, received_on=D(2026, 10, 1), amount=Decimal("1000"))
    budget = selectors.programme_budget(programme=setup.programme)
    assert len(budget["lines"]) == 9
    line = budget["lines"][0]
    assert line["charges"] == (line["wages"] * Decimal("0.25")).quantize(Decimal("0.01"))
    assert budget["total"] == sum(x["total"] for x in budget["lines"])
    assert budget["funding"][0]["pledged"] == (budget["total"] / 2).quantize(Decimal("0.01"))
    assert budget["total_received"] == Decimal("1000")


def test_guidelines_in_force_take_latest_agreed_version(world):
    setup = seed_case(world)
    for day, text in ((D(2026, 6, 1), "v1"), (D(2026, 10, 1), "v2"), (D(2099, 1, 1), "v3")):
        services.guideline_publish(
            programme=setup.programme,
            topic=Guideline.Topic.SICK_LEAVE,
            title="Verzuim",
            text=text,
            agreed_on=day,
            agreed_by=setup.partners[:2],
        )
    in_force = selectors.guidelines_in_force(programme_id=setup.programme.pk, day=D(2026, 11, 25))
    assert [g.text for g in in_force] == ["v2"]
    assert in_force[0].version == 2


def test_absence_has_no_cause_field_and_follows_trainee(world):
    assert not {"cause", "reason", "diagnosis"} & {f.name for f in Absence._meta.get_fields()}
    setup = seed_case(world)
    services.absence_record(
        trainee=setup.trainees[0], kind="sick", start_date=D(2027, 4, 28), expected_days=10
    )
    with pytest.raises(ValidationError):
        services.absence_record(
            trainee=setup.trainees[0],
            kind="sick",
            start_date=D(2027, 4, 28),
            end_date=D(2027, 4, 1),
        )


def test_reminders_4_weeks_and_1_week_before_sent_once(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    second = trainee.rotations.order_by("start_date")[1]
    Notification.objects.all().delete()
    services.rotation_reminders_send(today=second.start_date - datetime.timedelta(days=28))
    services.rotation_reminders_send(today=second.start_date - datetime.timedelta(days=27))
    user = world.a.user(Role.SIDE_ENTRANT)
    assert (
        Notification.objects.filter(recipient=user, kind="traineeship.rotation_reminder").count()
        == 1
    )
    services.rotation_reminders_send(today=second.start_date - datetime.timedelta(days=7))
    services.rotation_reminders_send(today=second.start_date - datetime.timedelta(days=6))
    assert (
        Notification.objects.filter(recipient=user, kind="traineeship.rotation_reminder").count()
        == 2
    )


def test_outcome_permanent_needs_partner(world):
    setup = seed_case(world)
    trainee = setup.trainees[0]
    with pytest.raises(ValidationError):
        services.trainee_outcome_record(
            trainee=trainee, preferred_partner=None, outcome="permanent"
        )
    services.trainee_outcome_record(
        trainee=trainee,
        preferred_partner=setup.partners[1],
        outcome="permanent",
        outcome_partner=setup.partners[1],
        outcome_date=D(2028, 9, 1),
    )
    trainee.refresh_from_db()
    assert trainee.outcome_partner == setup.partners[1]


def test_visibility_across_partners(world):
    setup = seed_case(world)
    from organisations import access
    from organisations.models import Employee
    from traineeship.models import Trainee

    hr_c = setup.extra["hr_c"]
    assert set(access.scoped(hr_c, Trainee)) == set(setup.trainees)
    visible = access.scoped(hr_c, Employee)
    assert world.a.side_entrant in visible  # a trainee of the programme
    assert world.a.employee not in visible  # not the other partner's other staff
    assert not access.scoped(world.b.user(Role.HR_ADVISOR), Trainee).exists()
    own = access.scoped(world.a.user(Role.SIDE_ENTRANT), Rotation)
    assert set(own) == set(setup.trainees[0].rotations.all())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_two_hr_advisors_cannot_overfill_a_partner_at_once(world):
    setup = seed_case(world, generate=False)
    partner = setup.partners[0]
    errors, barrier = [], threading.Barrier(2)

    def plan(trainee):
        from django.db import connection as conn

        try:
            barrier.wait()
            services.rotation_create(
                trainee=trainee, partner=partner, start_date=START, end_date=D(2027, 4, 30)
            )
        except ValidationError as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=plan, args=(t,)) for t in setup.trainees[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Rotation.objects.filter(partner=partner).count() == 1
    assert len(errors) == 1


def test_host_can_be_rated_only_once_the_rotation_started(world):
    setup = seed_case(world)
    later = setup.trainees[0].rotations.order_by("start_date").last()
    with pytest.raises(ValidationError, match="begonnen"):
        services.host_rating_record(rotation=later, score=4)
    first = setup.trainees[0].rotations.order_by("start_date").first()
    services.host_rating_record(rotation=first, score=4)
    services.host_rating_record(rotation=first, score=5)
    first.refresh_from_db()
    assert HostRating.objects.get(rotation=first).score == 5


def test_outcome_figures_for_dashboards(world):
    setup = seed_case(world)
    services.trainee_outcome_record(
        trainee=setup.trainees[0],
        preferred_partner=setup.partners[0],
        outcome="permanent",
        outcome_partner=setup.partners[0],
    )
    services.trainee_outcome_record(
        trainee=setup.trainees[1], preferred_partner=None, outcome="left"
    )
    (figures,) = selectors.outcome_figures(user=world.a.user(Role.HR_ADVISOR))
    assert figures["total"] == 3
    assert (figures["permanent"], figures["left"], figures["pending"], figures["sector"]) == (
        1,
        1,
        1,
        0,
    )
    assert selectors.outcome_figures(user=world.b.user(Role.HR_ADVISOR)) == []


def test_programme_for_skj_registered_rejects_unregistered_trainee(world):
    setup = seed_case(world, generate=False)
    services.programme_update(programme=setup.programme, requires_skj=True)
    unregistered = EmployeeFactory(organisation=world.a.organisation, skj_registration_date=None)
    with pytest.raises(ValidationError, match="SKJ"):
        services.trainee_add(cohort=setup.cohort, employee=unregistered)
    registered = EmployeeFactory(
        organisation=world.a.organisation, skj_registration_date=D(2025, 7, 1)
    )
    assert services.trainee_add(cohort=setup.cohort, employee=registered).pk
