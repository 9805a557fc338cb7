"""Rules that must hold under concurrent requests; these need PostgreSQL (row locks)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from intake import services
from intake.models import Application, Hire
from organisations.roles import Role

from .factories import ApplicationFactory, CampaignFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks (select_for_update) to test",
    ),
]


def _run_concurrently(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            target(index)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_cap_holds_exactly_under_concurrent_submissions(world):
    campaign = CampaignFactory(organisation=world.a.organisation, application_cap=5)

    def submit(index):
        services.application_submit(
            campaign=campaign,
            first_name="Anouk",
            last_name=f"Özdemir {index}",
            email=f"anouk{index}@example.org",
            motivation="Ik wil jeugdbeschermer worden.",
        )

    errors = _run_concurrently(16, submit)
    assert errors == []
    applications = Application.objects.filter(campaign=campaign)
    assert applications.count() == 16
    assert applications.filter(on_waiting_list=False).count() == 5
    assert applications.filter(on_waiting_list=True).count() == 11


def test_cap_without_waiting_list_refuses_the_rest(world):
    campaign = CampaignFactory(
        organisation=world.a.organisation, application_cap=3, waiting_list=False
    )

    def submit(index):
        services.application_submit(
            campaign=campaign,
            first_name="Bram",
            last_name=f"de Vries {index}",
            email=f"bram{index}@example.org",
        )

    errors = _run_concurrently(10, submit)
    assert len(errors) == 7
    assert Application.objects.filter(campaign=campaign).count() == 3


def test_same_email_concurrently_gives_one_application(world):
    campaign = CampaignFactory(organisation=world.a.organisation)

    def submit(index):
        services.application_submit(
            campaign=campaign, first_name="Iris", last_name="Bos", email="iris@example.org"
        )

    errors = _run_concurrently(6, submit)
    assert len(errors) == 5
    assert Application.objects.filter(campaign=campaign).count() == 1
    # each refusal says why, on the email field (not a generic conflict)
    assert all("email" in error.message_dict for error in errors)


def test_campaign_lock_is_taken_after_the_candidate_and_validation(world):
    """Only the cap check, the insert and its stage change wait for the campaign lock."""
    from django.test.utils import CaptureQueriesContext

    campaign = CampaignFactory(organisation=world.a.organisation, application_cap=5)
    with CaptureQueriesContext(connection) as queries:
        services.application_submit(
            campaign=campaign, first_name="Ærø", last_name="van 't Hek", email="aero@example.org"
        )
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "FOR UPDATE" in q)
    candidate_insert = next(i for i, q in enumerate(sql) if 'INSERT INTO "intake_candidate"' in q)
    lookup = next(i for i, q in enumerate(sql) if 'FROM "intake_candidate"' in q)
    assert "LOWER(" in sql[lookup]  # through the unique index on lower(email)
    assert lookup < candidate_insert < lock
    after_lock = [q.split()[0] for q in sql[lock + 1 :]]
    # cap count, savepoint, application, its history, release, stage change, commit
    assert after_lock.count("INSERT") == 3
    assert len(after_lock) <= 7


def test_concurrent_hires_create_one_employee(world):
    campaign = CampaignFactory(organisation=world.a.organisation)
    application = ApplicationFactory(campaign=campaign)
    hr = world.a.user(Role.HR_ADVISOR)
    services.application_move(application=application, to_stage="offer", by=hr)

    def hire(index):
        services.application_hire(
            application=application,
            team=world.a.team,
            start_date=timezone.localdate(),
            fte=Decimal("1"),
            job_function="Jeugdbeschermer in opleiding",
            by=hr,
        )

    errors = _run_concurrently(4, hire)
    assert len(errors) == 3
    assert Hire.objects.count() == 1
    assert world.a.organisation.employees.filter(email=application.candidate.email).count() == 1
