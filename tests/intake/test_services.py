import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake import route_advice, selectors, services
from intake.models import Application, Candidate, Hire, Score, Stage, StageChange
from organisations.models import Placement
from organisations.roles import Role

from .factories import ApplicationFactory, CampaignFactory, CriterionFactory, reason

pytestmark = pytest.mark.django_db
# the transaction (2, savepoints in tests); lookup; candidate savepoint, insert, history,
# release; lock; application savepoint, insert, history, release; stage change (the
# campaign fixture has no cap: no count)
QUERIES_NEW_CANDIDATE = 13


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation)


# --- campaigns -----------------------------------------------------------------


def test_campaign_gets_default_pipeline_and_unique_slug(world):
    one = CampaignFactory(organisation=world.a.organisation, title="Werving 2026")
    two = CampaignFactory(organisation=world.a.organisation, title="Werving 2026")
    assert one.pipeline == ["applied", "screening", "interview", "offer", "hired"]
    assert one.slug == "werving-2026" and two.slug != one.slug


def test_campaign_cannot_close_before_it_opens(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        CampaignFactory(
            organisation=world.a.organisation,
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_campaign_copy_takes_criteria_and_stages(campaign, world):
    CriterionFactory(campaign=campaign, name="VOG", kind="hard")
    CriterionFactory(campaign=campaign, name="Veerkracht", kind="soft", weight=3)
    services.campaign_update(campaign=campaign, stages=["applied", "interview", "offer", "hired"])
    today = timezone.localdate()
    copy = services.campaign_copy(
        campaign=campaign, title="Tweede ronde", opens_on=today, closes_on=today
    )
    assert copy.pk != campaign.pk and not copy.is_published
    assert copy.pipeline == ["applied", "interview", "offer", "hired"]
    assert sorted((c.name, c.kind, c.weight) for c in copy.criteria.all()) == [
        ("VOG", "hard", 1),
        ("Veerkracht", "soft", 3),
    ]


def test_criterion_weight_out_of_range_is_refused(campaign):
    with pytest.raises(ValidationError):
        CriterionFactory(campaign=campaign, weight=11)


def test_criterion_names_unique_per_campaign_case_insensitive(campaign):
    CriterionFactory(campaign=campaign, name="Veerkracht")
    with pytest.raises(ValidationError):
        CriterionFactory(campaign=campaign, name="veerkracht")


# --- applying -----------------------------------------------------------------


def test_same_email_twice_in_one_campaign_is_refused(campaign):
    ApplicationFactory(campaign=campaign, email="Anna@Example.org")
    with pytest.raises(ValidationError) as exc:
        ApplicationFactory(campaign=campaign, email="anna@example.org")
    assert "email" in exc.value.message_dict
    assert Application.objects.count() == 1


def test_same_person_across_campaigns_is_one_candidate(world, campaign):
    other = CampaignFactory(organisation=world.a.organisation)
    first = ApplicationFactory(campaign=campaign, email="ozdemir@example.org", last_name="Özdemir")
    second = ApplicationFactory(campaign=other, email="OZDEMIR@example.org", last_name="Özdemir")
    assert first.candidate_id == second.candidate_id
    assert Candidate.objects.count() == 1
    hr = world.a.user(Role.HR_ADVISOR)
    assert selectors.other_applications(second, user=hr) == [first]
    listed = selectors.application_list(user=hr, campaign=other).get()
    assert listed.applied_elsewhere


def test_application_elsewhere_in_other_organisation_is_not_shown(world, campaign):
    elsewhere = CampaignFactory(organisation=world.b.organisation)
    ApplicationFactory(campaign=elsewhere, email="iris@example.org")
    mine = ApplicationFactory(campaign=campaign, email="iris@example.org")
    hr = world.a.user(Role.HR_ADVISOR)
    assert selectors.other_applications(mine, user=hr) == []
    assert not selectors.application_list(user=hr, campaign=campaign).get().applied_elsewhere


def test_closed_campaign_refuses_public_applications(world):
    today = timezone.localdate()
    closed = CampaignFactory(
        organisation=world.a.organisation,
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(services.CampaignClosed):
        ApplicationFactory(campaign=closed, check_open=True)
    unpublished = CampaignFactory(organisation=world.a.organisation, is_published=False)
    with pytest.raises(services.CampaignClosed):
        ApplicationFactory(campaign=unpublished, check_open=True)


def test_cap_sends_later_applicants_to_the_waiting_list(world):
    campaign = CampaignFactory(organisation=world.a.organisation, application_cap=2)
    results = [ApplicationFactory(campaign=campaign, check_open=True) for _ in range(4)]
    assert [a.on_waiting_list for a in results] == [False, False, True, True]


def test_cap_without_waiting_list_closes_the_campaign(world):
    campaign = CampaignFactory(
        organisation=world.a.organisation, application_cap=1, waiting_list=False
    )
    ApplicationFactory(campaign=campaign, check_open=True)
    with pytest.raises(services.CampaignClosed):
        ApplicationFactory(campaign=campaign, check_open=True)


def test_submission_records_consent_date_route_and_first_stage_change(campaign):
    application = ApplicationFactory(
        campaign=campaign, consent_to_keep=True, education_field="sw_youth"
    )
    assert application.consent_at is not None
    assert application.route_code == "none"
    change = StageChange.objects.get(application=application)
    assert change.to_stage == "applied" and change.changed_by is None


def test_confirmation_email_goes_out_after_commit(campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(campaign=campaign, email="anouk@example.org")
        services.application_confirm_by_email(application=application, language="nl")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anouk@example.org"]
    assert "Bedankt voor je sollicitatie" in mail.outbox[0].body


def test_confirmation_runs_as_a_task_and_skips_a_missing_application(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        application = ApplicationFactory(campaign=campaign, email="bram@example.org")
        services.application_confirm_by_email(application=application, language="en")
    assert mail.outbox == []  # nothing rendered or sent inside the request's transaction
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["bram@example.org"]]
    assert services.application_confirmation_send(application_id=0, language="nl") is False
    assert len(mail.outbox) == 1


# --- route advice -----------------------------------------------------------------


@pytest.mark.parametrize(
    "level,field,obtained,years,expected",
    [
        ("hbo", "sw_youth", True, 0, "none"),
        ("hbo", "sw_other", True, 0, "45ec"),
        ("hbo", "related", True, 0, "45ec"),
        ("wo_master", "psychology", True, 0, "practice_programme"),
        ("wo_bachelor", "psychology", True, 0, "45ec"),
        ("hbo", "other", True, 2, "evc"),
        ("mbo", "other", True, 1, "evc"),
        ("hbo", "sw_youth", False, 0, ""),
        ("mbo", "other", True, 0, ""),
        ("", "", False, 0, ""),
    ],
)
def test_route_advice(level, field, obtained, years, expected):
    assert (
        route_advice.route_advice(
            education_level=level,
            education_field=field,
            diploma_obtained=obtained,
            years_relevant_hbo_work=years,
        )
        == expected
    )


# --- scores -----------------------------------------------------------------


def test_second_score_by_same_assessor_updates(world, campaign):
    criterion = CriterionFactory(campaign=campaign, weight=2)
    application = ApplicationFactory(campaign=campaign)
    hr = world.a.user(Role.HR_ADVISOR)
    services.score_set(application=application, criterion=criterion, assessor=hr, value=2)
    services.score_set(application=application, criterion=criterion, assessor=hr, value=5)
    assert Score.objects.get().value == 5


@pytest.mark.parametrize("value", [0, 6, None, -1])
def test_soft_score_outside_one_to_five_is_refused(world, campaign, value):
    criterion = CriterionFactory(campaign=campaign)
    application = ApplicationFactory(campaign=campaign)
    with pytest.raises(ValidationError):
        services.score_set(
            application=application,
            criterion=criterion,
            assessor=world.a.user(Role.HR_ADVISOR),
            value=value,
        )
    assert not Score.objects.exists()


def test_database_refuses_score_without_value_or_pass(world, campaign):
    criterion = CriterionFactory(campaign=campaign)
    application = ApplicationFactory(campaign=campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(
            application=application, criterion=criterion, assessor=world.a.user(Role.HR_ADVISOR)
        )


def test_weighted_total_and_spread(world, campaign):
    a = CriterionFactory(campaign=campaign, name="Motivatie", weight=3)
    b = CriterionFactory(campaign=campaign, name="Veerkracht", weight=1)
    application = ApplicationFactory(campaign=campaign)
    hr, sup = world.a.user(Role.HR_ADVISOR), world.a.user(Role.PRACTICE_SUPERVISOR)
    services.score_set(application=application, criterion=a, assessor=hr, value=5)
    services.score_set(application=application, criterion=b, assessor=hr, value=1)
    services.score_set(application=application, criterion=a, assessor=sup, value=3)
    services.score_set(application=application, criterion=b, assessor=sup, value=3)
    result = selectors.assessment(application)
    # hr: (15+1)/4 = 4.00; sup: (9+3)/4 = 3.00; all: 28/8 = 3.5
    assert sorted(result["per_assessor"]) == [Decimal("3.00"), Decimal("4.00")]
    assert result["weighted_total"] == Decimal("3.50")
    assert result["spread"] == Decimal("1.00")
    listed = selectors.application_list(user=hr, campaign=campaign).get()
    assert listed.weighted_total == pytest.approx(3.5)


# --- moving -----------------------------------------------------------------


def test_move_records_who_when_why(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    hr = world.a.user(Role.HR_ADVISOR)
    services.application_move(application=application, to_stage="screening", by=hr, reason="CV ok")
    change = application.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == (
        "applied",
        "screening",
        hr,
        "CV ok",
    )
    assert application.history.count() >= 2


@pytest.mark.parametrize("stage", ["nonsense", "", "hired", "<script>"])
def test_move_to_unknown_or_forbidden_stage_is_refused(world, campaign, stage):
    application = ApplicationFactory(campaign=campaign)
    with pytest.raises(ValidationError):
        services.application_move(
            application=application, to_stage=stage, by=world.a.user(Role.HR_ADVISOR)
        )
    application.refresh_from_db()
    assert application.stage == "applied"


def test_move_to_stage_not_in_this_campaigns_pipeline_is_refused(world, campaign):
    services.campaign_update(campaign=campaign, stages=["applied", "offer", "hired"])
    application = ApplicationFactory(campaign=campaign)
    with pytest.raises(ValidationError) as exc:
        services.application_move(
            application=application, to_stage="interview", by=world.a.user(Role.HR_ADVISOR)
        )
    assert "bestaat niet" in str(exc.value)


def test_rejection_needs_a_reason_and_sets_ended_at(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    hr = world.a.user(Role.HR_ADVISOR)
    with pytest.raises(ValidationError):
        services.application_move(application=application, to_stage="rejected", by=hr)
    moved = services.application_move(
        application=application, to_stage="rejected", by=hr, rejection_reason=reason()
    )
    assert moved.ended_at is not None


def test_rejection_email_is_optional(world, campaign, django_capture_on_commit_callbacks):
    application = ApplicationFactory(campaign=campaign, email="lars@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(
            application=application,
            to_stage="rejected",
            by=world.a.user(Role.HR_ADVISOR),
            rejection_reason=reason(),
            send_rejection_email=True,
        )
    assert [m.to for m in mail.outbox] == [["lars@example.org"]]


def test_failing_hard_criterion_blocks_offer_until_override(world, campaign):
    vog = CriterionFactory(campaign=campaign, name="VOG", kind="hard")
    application = ApplicationFactory(campaign=campaign)
    hr = world.a.user(Role.HR_ADVISOR)
    services.score_set(application=application, criterion=vog, assessor=hr, passed=False)
    with pytest.raises(ValidationError) as exc:
        services.application_move(application=application, to_stage="offer", by=hr)
    assert "overrule" in str(exc.value)
    with pytest.raises(ValidationError):
        services.application_override_hard(application=application, by=hr, reason="kort")
    services.application_override_hard(
        application=application, by=hr, reason="VOG wordt aangevraagd, geen bezwaren bekend."
    )
    assert services.application_move(application=application, to_stage="offer", by=hr).stage == (
        "offer"
    )


# --- hiring -----------------------------------------------------------------


def _offer(world, campaign, **kwargs):
    application = ApplicationFactory(campaign=campaign, **kwargs)
    services.application_move(
        application=application, to_stage="offer", by=world.a.user(Role.HR_ADVISOR)
    )
    return application


def test_hire_creates_side_entrant_and_supernumerary_placement(world, campaign, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "training.services.track_create_for_hire", lambda **kw: calls.append(kw) or None
    )
    application = _offer(world, campaign, last_name="van 't Hek", previous_seniority="senior")
    hire = services.application_hire(
        application=application,
        team=world.a.team,
        start_date=timezone.localdate(),
        fte=Decimal("0.89"),
        job_function="Jeugdbeschermer in opleiding",
        by=world.a.user(Role.HR_ADVISOR),
    )
    employee = hire.employee
    assert employee.is_side_entrant and employee.last_name == "van 't Hek"
    assert (employee.previous_sector, employee.previous_seniority) == ("Kinderopvang", "senior")
    assert hire.placement.formation_kind == Placement.FormationKind.SUPERNUMERARY
    assert hire.placement.team == world.a.team
    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert calls and calls[0]["route_code"] == "45ec" and calls[0]["employee"] == employee
    assert not hire.training_track_created


def test_hiring_twice_is_impossible(world, campaign):
    application = _offer(world, campaign)
    kwargs = {
        "team": world.a.team,
        "start_date": timezone.localdate(),
        "fte": Decimal("1"),
        "job_function": "Jeugdbeschermer",
        "by": world.a.user(Role.HR_ADVISOR),
    }
    services.application_hire(application=application, **kwargs)
    with pytest.raises(ValidationError):
        services.application_hire(application=application, **kwargs)
    assert Hire.objects.count() == 1
    # and the database itself refuses a second hire row
    hire = Hire.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hire.objects.create(
            application=application,
            employee=world.a.employee,
            placement=world.a.employee.placements.get(),
            team=world.a.team,
            start_date=timezone.localdate(),
        )
    assert hire.pk


def test_hire_only_from_offer_and_in_own_organisation(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    kwargs = {
        "start_date": timezone.localdate(),
        "fte": Decimal("1"),
        "job_function": "Jeugdbeschermer",
        "by": world.a.user(Role.HR_ADVISOR),
    }
    with pytest.raises(ValidationError):
        services.application_hire(application=application, team=world.a.team, **kwargs)
    offered = _offer(world, campaign)
    with pytest.raises(ValidationError):
        services.application_hire(application=offered, team=world.b.team, **kwargs)
    assert not Hire.objects.exists()


def test_failed_hire_leaves_nothing_half_saved(world, campaign):
    application = _offer(world, campaign, email=world.a.employee.email)
    with pytest.raises(ValidationError):
        services.application_hire(
            application=application,
            team=world.a.team,
            start_date=timezone.localdate(),
            fte=Decimal("1"),
            job_function="Jeugdbeschermer",
            by=world.a.user(Role.HR_ADVISOR),
        )
    application.refresh_from_db()
    assert application.stage == "offer"
    assert not Hire.objects.exists()


def test_stage_in_use_cannot_be_removed_from_pipeline(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    services.application_move(
        application=application, to_stage="interview", by=world.a.user(Role.HR_ADVISOR)
    )
    with pytest.raises(ValidationError) as exc:
        services.campaign_update(campaign=campaign, stages=["applied", "offer", "hired"])
    assert "Gesprek" in str(exc.value)
    services.campaign_update(campaign=campaign, stages=["applied", "interview", "offer", "hired"])


def test_funnel_figures(world, campaign):
    hr = world.a.user(Role.HR_ADVISOR)
    too_few = reason("Te weinig ervaring")
    apps = [ApplicationFactory(campaign=campaign, source=s) for s in ("website",) * 3 + ("uwv",)]
    services.application_move(application=apps[0], to_stage="screening", by=hr)
    services.application_move(application=apps[0], to_stage="interview", by=hr)
    services.application_move(application=apps[1], to_stage="screening", by=hr)
    services.application_move(
        application=apps[1], to_stage="rejected", by=hr, rejection_reason=too_few
    )
    figures = selectors.funnel(campaign=campaign)
    assert figures["total"] == 4
    reached = {row["stage"]: row["count"] for row in figures["conversion"]}
    assert reached == {"applied": 4, "screening": 2, "interview": 1, "offer": 0, "hired": 0}
    assert dict(figures["per_source"])["Eigen website"] == 3
    assert figures["rejection_reasons"] == [
        {"rejection_reason__label": "Te weinig ervaring", "n": 1}
    ]
    assert sum(row["n"] for row in figures["per_day"]) == 4


def test_mark_applied_elsewhere_matches_the_annotation(world, campaign):
    other = CampaignFactory(organisation=world.a.organisation)
    hidden = CampaignFactory(organisation=world.b.organisation)
    ApplicationFactory(campaign=other, email="twice@example.org")
    ApplicationFactory(campaign=hidden, email="b-only@example.org")
    ApplicationFactory(campaign=campaign, email="twice@example.org", last_name="Twee")
    ApplicationFactory(campaign=campaign, email="b-only@example.org", last_name="Bee")
    ApplicationFactory(campaign=campaign, email="once@example.org", last_name="Een")
    hr = world.a.user(Role.HR_ADVISOR)
    rows = selectors.application_list(user=hr, campaign=campaign, elsewhere=False)
    marked = selectors.mark_applied_elsewhere(rows, user=hr, campaign=campaign)
    assert {a.candidate.last_name: a.applied_elsewhere for a in marked} == {
        "Twee": True,
        "Bee": False,
        "Een": False,
    }
    annotated = selectors.application_list(user=hr, campaign=campaign)
    assert {a.pk: a.applied_elsewhere for a in annotated} == {
        a.pk: a.applied_elsewhere for a in marked
    }


def test_candidate_found_by_email_whatever_the_case(campaign):
    first = ApplicationFactory(campaign=campaign, email="Joelle.Ozdemir@Example.org")
    assert services.candidate_by_email("joelle.ozdemir@example.ORG") == first.candidate
    assert services.candidate_by_email("joelle@example.org") is None


def test_submission_costs_a_fixed_number_of_queries(campaign, django_assert_num_queries):
    """No query per foreign key, one indexed candidate lookup (QUERIES_NEW_CANDIDATE)."""
    ApplicationFactory(campaign=campaign)
    data = {"first_name": "Ærø", "last_name": "van 't Hek", "motivation": "Kinderen."}
    with django_assert_num_queries(QUERIES_NEW_CANDIDATE):
        services.application_submit(campaign=campaign, email="aero@example.org", **data)
    other = CampaignFactory(organisation=campaign.organisation)
    # an existing candidate: an update instead of an insert, plus the duplicate check
    with django_assert_num_queries(QUERIES_NEW_CANDIDATE + 1):
        services.application_submit(campaign=other, email="AERO@example.org", **data)
