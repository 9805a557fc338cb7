"""The one-way data flow across apps, end to end through their services:
intake hire -> employee + supernumerary placement -> training track (route advice)
-> mentor assignment -> check-in escalation -> support request; intervision hours
-> the SKJ ledger; dashboards read all of it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import capacity
from intake import services as intake_services
from mentoring import services as mentoring_services
from organisations.models import Placement
from organisations.roles import Role
from support.models import SupportRequest
from tests.intake.factories import ApplicationFactory, CampaignFactory
from tests.mentoring import factories as mf
from training.models import Track
from training.selectors import ledger_get

pytestmark = pytest.mark.django_db


def test_a_hire_flows_into_training_mentoring_support_and_the_dashboard(world):
    hr = world.a.user(Role.HR_ADVISOR)
    campaign = CampaignFactory(organisation=world.a.organisation, title="Zij-instroom 2026")
    application = ApplicationFactory(campaign=campaign)  # related HBO degree -> 45 EC advice
    intake_services.application_move(application=application, to_stage="offer", by=hr)
    hire = intake_services.application_hire(
        application=application,
        team=world.a.team,
        start_date=timezone.localdate(),
        fte=Decimal("1"),
        job_function="Jeugdbeschermer in opleiding",
        by=hr,
    )
    employee = hire.employee
    assert employee.is_side_entrant
    placement = employee.placements.get()
    assert placement.formation_kind == Placement.FormationKind.SUPERNUMERARY

    track = Track.objects.get(employee=employee)
    assert track.route.code == application.route_code == "45ec"
    assert hire.training_track_created

    mentor_profile = mf.mentor(world.a)
    assignment = mentoring_services.mentor_assign(
        mentee=employee,
        mentor=mentor_profile.employee,
        kind="main",
        start_date=timezone.localdate(),
    )
    # The mentor now sees the new side-entrant (and only through the assignment).
    from organisations import access
    from organisations.models import Employee

    mentor_user = mentor_profile.employee.user
    assert access.scoped(mentor_user, Employee).filter(pk=employee.pk).exists()

    # A check-in marked "escalate" becomes a support request without health details.
    checkin = assignment.checkins.order_by("planned_date").first()
    mentoring_services.checkin_log(
        checkin=checkin,
        by=mentor_user,
        held_on=timezone.localdate(),
        how_it_goes=2,
        needs="Even pas op de plaats",
        workload=4,
        casework_percent=40,
        agreements="",
        escalate=True,
    )
    request = SupportRequest.objects.get(employee=employee)
    assert request.source == "checkin"

    # The manager's capacity dashboard counts the new supernumerary FTE.
    (row,) = capacity.capacity_overview(user=world.a.user(Role.MANAGER))["rows"]
    assert row["totals"]["supernumerary_count"] == 2  # the world's side-entrant + the hire


def test_intervision_hours_count_in_the_skj_ledger(world):
    registered = mf.registered_employee(world.a, skj_registration_date=datetime.date(2024, 1, 1))
    colleague = mf.registered_employee(world.a)
    session = mentoring_services.intervision_session_create(
        organisation=world.a.organisation,
        date=timezone.localdate() - datetime.timedelta(days=3),
        method="incident",
        participants=[registered, colleague],
        duration_minutes=120,
        question="Hoe houd ik regie bij een onveilige thuissituatie?",
        reflection_dimension="normative",
    )
    for participant in session.participants.all():
        mentoring_services.participant_sign_off(
            participant=participant, by=world.a.user(Role.PRACTICE_SUPERVISOR)
        )
    ledger = ledger_get(employee=registered)
    assert ledger.intervision == Decimal("2")
