"""Retention, interview reminders and imports: the background jobs."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake import selectors, services, tasks
from intake.models import Application, Candidate, ErasureLog, ImportJob
from notifications.models import Notification
from organisations.roles import Role

from .factories import ApplicationFactory, CampaignFactory, pdf, reason, xlsx_bytes

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation)


def _ended(world, campaign, *, stage, consent, days_ago, **kwargs):
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        application = ApplicationFactory(campaign=campaign, consent_to_keep=consent, **kwargs)
        services.application_move(
            application=application,
            to_stage=stage,
            by=world.a.user(Role.HR_ADVISOR),
            rejection_reason=reason() if stage == "rejected" else None,
            reason="Gesprek met Özdemir",
        )
    return application


def test_retention_erases_only_what_is_due(world, campaign, django_capture_on_commit_callbacks):
    due_no_consent = _ended(world, campaign, stage="rejected", consent=False, days_ago=29, cv=pdf())
    young_no_consent = _ended(world, campaign, stage="withdrawn", consent=False, days_ago=27)
    consent_young = _ended(world, campaign, stage="rejected", consent=True, days_ago=200)
    consent_old = _ended(world, campaign, stage="withdrawn", consent=True, days_ago=366)
    active = ApplicationFactory(campaign=campaign)
    cv_name = due_no_consent.cv.name
    storage = due_no_consent.cv.storage
    assert storage.exists(cv_name)

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.erase_expired_applicants.delay().get() == 2
    erased = {a.pk for a in Application.objects.filter(erased_at__isnull=False)}
    assert erased == {due_no_consent.pk, consent_old.pk}
    for kept in (young_no_consent, consent_young, active):
        kept.refresh_from_db()
        assert kept.candidate is not None
    due_no_consent.refresh_from_db()
    assert due_no_consent.candidate is None and due_no_consent.motivation == ""
    assert not due_no_consent.cv and not storage.exists(cv_name)
    assert due_no_consent.history.count() == 0
    assert all(c.reason == "" for c in due_no_consent.stage_changes.all())
    # anonymous counts remain for the funnel
    assert selectors.funnel(campaign=campaign)["total"] == 5
    log = ErasureLog.objects.get(application_id_erased=due_no_consent.pk)
    assert (log.why, log.stage, log.had_consent) == ("retention", "rejected", False)
    # idempotent
    with time_machine.travel(NOW, tick=False):
        assert services.applications_erase_expired() == 0
    assert ErasureLog.objects.count() == 2


def test_erasure_removes_candidate_and_its_history_unless_still_used(world, campaign):
    other = CampaignFactory(organisation=world.a.organisation)
    one = ApplicationFactory(campaign=campaign, email="p@example.org")
    two = ApplicationFactory(campaign=other, email="p@example.org")
    services.application_erase(application=one, why="request", by=world.a.user(Role.HR_ADVISOR))
    assert Candidate.objects.filter(pk=two.candidate_id).exists()
    candidate_id = two.candidate_id
    services.application_erase(application=two, why="request")
    assert not Candidate.objects.filter(pk=candidate_id).exists()
    assert not Candidate.history.filter(id=candidate_id).exists()
    log_text = " ".join(str(v) for v in ErasureLog.objects.values_list())
    assert "p@example.org" not in log_text


def test_hired_applicant_cannot_be_erased(world, campaign):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    application = ApplicationFactory(campaign=campaign)
    services.application_move(
        application=application, to_stage="offer", by=world.a.user(Role.HR_ADVISOR)
    )
    services.application_hire(
        application=application,
        team=world.a.team,
        start_date=timezone.localdate(),
        fte=Decimal("1"),
        job_function="Jeugdbeschermer",
        by=world.a.user(Role.HR_ADVISOR),
    )
    with pytest.raises(ValidationError):
        services.application_erase(application=application, why="request")


def test_export_contains_the_applicants_data(world, campaign):
    application = ApplicationFactory(campaign=campaign, last_name="Ærø", email="aero@example.org")
    data = selectors.application_export(application)
    assert data["candidate"]["last_name"] == "Ærø"
    assert data["application"]["campaign"] == campaign.title
    assert data["stage_history"][0]["to"] == "applied"


# --- interviews -----------------------------------------------------------------


def test_interview_invitation_has_ics_and_reminder_is_sent_once(
    world, campaign, django_capture_on_commit_callbacks
):
    hr, sup = world.a.user(Role.HR_ADVISOR), world.a.user(Role.PRACTICE_SUPERVISOR)
    application = ApplicationFactory(campaign=campaign)
    starts = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.interview_schedule(
            application=application,
            starts_at=starts,
            duration_minutes=45,
            panel=[hr, sup],
            video_url="https://meet.example.org/abc",
            created_by=hr,
        )
    assert len(mail.outbox) == 2
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    content = content if isinstance(content, str) else content.decode()
    assert "BEGIN:VEVENT" in content and "meet.example.org" in content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_interview_reminders.delay().get() == 2
        assert services.interview_reminders_send() == 0
    assert Notification.objects.filter(kind="intake.interview_reminder").count() == 2
    assert interview.panel.count() == 2
    # The reminders name the applicant: erasing the application removes them too, and
    # leaves other notifications alone.
    last_name = application.candidate.last_name
    assert Notification.objects.filter(title__contains=last_name).exists() or (
        Notification.objects.filter(body__contains=last_name).exists()
    )
    Notification.objects.create(recipient=hr, kind="other", title="Iets anders", body="")
    application.stage = "withdrawn"
    application.save(update_fields=["stage"])
    services.application_erase(application=application, why="request", by=hr)
    assert not Notification.objects.filter(kind__startswith="intake.").exists()
    assert Notification.objects.filter(kind="other").count() == 1


def test_interview_needs_panel_and_place(world, campaign):
    from django.core.exceptions import ValidationError

    application = ApplicationFactory(campaign=campaign)
    with pytest.raises(ValidationError):
        services.interview_schedule(
            application=application,
            starts_at=timezone.now(),
            duration_minutes=60,
            panel=[],
            location="Groningen",
        )
    with pytest.raises(ValidationError):
        services.interview_schedule(
            application=application,
            starts_at=timezone.now(),
            duration_minutes=60,
            panel=[world.a.user(Role.HR_ADVISOR)],
        )


# --- import -----------------------------------------------------------------


def test_csv_import_reports_rejected_rows(world, campaign, django_capture_on_commit_callbacks):
    content = (
        "first_name;last_name;email;education_level;education_field;submitted_at\n"
        "Anouk;van 't Hek;anouk@example.org;hbo;sw_youth;01-10-2026\n"
        "Bram;Özdemir;geen-email;hbo;related;\n"
        "Chantal;<b>Bold</b>;chantal@example.org;xyz;related;\n"
        ";;;;;\n"
        "Daan;Ærø;anouk@example.org;hbo;related;31-02-2026\n"
        "Esther;Bakker;esther@example.org;wo_master;psychology;2026-09-01\n"
    ).encode()
    upload = SimpleUploadedFile("lijst.csv", content)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign, upload=upload, created_by=world.a.user(Role.HR_ADVISOR)
        )
    job.refresh_from_db()
    assert job.status == "done"
    assert (job.total_rows, job.processed_rows, job.imported_rows) == (5, 5, 2)
    assert [r["row"] for r in job.rejected] == [3, 4, 6]
    imported = Application.objects.filter(campaign=campaign).order_by("candidate__first_name")
    assert [a.candidate.last_name for a in imported] == ["van 't Hek", "Bakker"]
    assert {a.source for a in imported} == {"import"}
    assert imported[0].submitted_at.date() == datetime.date(2026, 10, 1)
    # running it again does nothing
    services.import_job_run(job_id=job.pk)
    assert Application.objects.filter(campaign=campaign).count() == 2


def test_xlsx_import(world, campaign, django_capture_on_commit_callbacks):
    data = xlsx_bytes(
        [
            ["first_name", "last_name", "email", "years_experience"],
            ["Fleur", "Visser", "fleur@example.org", 12],
            ["Gijs", "Smit", "gijs@example.org", 99],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.xlsx", data),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert (job.imported_rows, [r["row"] for r in job.rejected]) == (1, [3])


def test_unreadable_import_fails_cleanly(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.xlsx", b"not a zip file"),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.error


def test_import_batch_applies_the_form_rules(world):
    campaign = CampaignFactory(organisation=world.a.organisation, application_cap=2)
    other = CampaignFactory(organisation=world.a.organisation)
    known = ApplicationFactory(campaign=other, email="bekend@example.org")
    ApplicationFactory(campaign=campaign, email="al@example.org")

    def row(email, **extra):
        return {"first_name": "Noor", "last_name": "El Amrani", "email": email, **extra}

    rejected = services.applications_import_batch(
        campaign=campaign,
        rows=[
            (2, row("BEKEND@example.org")),
            (
                3,
                row(
                    "nieuw@example.org",
                    education_level="hbo",
                    education_field="sw_youth",
                    diploma_obtained=True,
                ),
            ),
            (4, row("nieuw@example.org")),
            (5, row("al@example.org")),
            (6, row("laat@example.org")),
        ],
    )
    assert [r["row"] for r in rejected] == [4, 5]
    stored = {
        a.candidate.email.lower(): a
        for a in Application.objects.filter(campaign=campaign).select_related("candidate")
    }
    assert stored["bekend@example.org"].candidate_id == known.candidate_id
    assert stored["nieuw@example.org"].route_code == "none"
    assert stored["nieuw@example.org"].history.count() == 1
    # cap 2: "al" and "bekend" fill it, the rest waits
    assert [stored[e].on_waiting_list for e in ("bekend@example.org", "nieuw@example.org")] == [
        False,
        True,
    ]
    assert stored["laat@example.org"].stage_changes.get().to_stage == "applied"
