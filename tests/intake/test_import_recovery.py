"""An import survives a broker outage and a lost worker, and drops its file when done."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from intake import services, tasks
from intake.models import Application, ImportJob
from intake.services import importing
from organisations.roles import Role

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _csv(n: int, start: int = 1) -> bytes:
    lines = ["first_name;last_name;email;education_level;education_field"]
    for i in range(start, start + n):
        lines.append(f"Naam{i};Achternaam{i};persoon{i}@example.org;hbo;related")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation)


def test_broker_down_the_upload_is_kept_and_the_sweep_runs_it(
    client, world, campaign, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.import_applications, "delay", down)
    client.force_login(world.a.user(Role.HR_ADVISOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:import_create", args=[campaign.pk]),
            {"file": SimpleUploadedFile("lijst.csv", _csv(3))},
        )
    assert response.status_code == 302  # not a 500: the job waits
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    assert client.get(response["Location"]).status_code == 200
    # Too soon for the sweep: the queue may simply be slow.
    assert services.import_jobs_resume(now=job.created_at + datetime.timedelta(minutes=1)) == 0
    # The broker is back; the sweep (Celery beat, every 10 minutes) starts the job.
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert services.import_jobs_resume() == 1
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportJob.Status.DONE, 3)
    assert Application.objects.filter(campaign=campaign).count() == 3


def test_a_job_whose_worker_died_resumes_after_its_last_batch(world, campaign, monkeypatch):
    monkeypatch.setattr(importing, "IMPORT_BATCH", 2)
    job = ImportJob(
        campaign=campaign, original_name="lijst.csv", created_by=world.a.user(Role.HR_ADVISOR)
    )
    job.file.save("lijst.csv", SimpleUploadedFile("lijst.csv", _csv(5)), save=True)
    started = timezone.now()
    calls = []
    real_batch = importing.applications_import_batch

    def dies_on_the_second_batch(**kwargs):
        calls.append(len(kwargs["rows"]))
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real_batch(**kwargs)

    monkeypatch.setattr(importing, "applications_import_batch", dies_on_the_second_batch)
    with pytest.raises(SystemExit):
        services.import_job_run(job_id=job.pk, now=started)
    job.refresh_from_db()
    # The first batch committed with its progress; the second rolled back.
    assert (job.status, job.processed_rows, job.imported_rows) == ("running", 2, 2)
    assert Application.objects.filter(campaign=campaign).count() == 2
    monkeypatch.setattr(importing, "applications_import_batch", real_batch)
    # Another delivery of the task while the job still looks alive does nothing.
    services.import_job_run(job_id=job.pk, now=started + datetime.timedelta(minutes=5))
    job.refresh_from_db()
    assert job.processed_rows == 2
    # Twenty minutes without progress: the sweep resumes it after row 2, no duplicates.
    later = timezone.now() + importing.STALE_AFTER + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        assert services.import_jobs_resume() == 1
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.imported_rows) == ("done", 5, 5)
    assert job.rejected == []
    assert Application.objects.filter(campaign=campaign).count() == 5


def test_the_uploaded_file_is_deleted_when_the_import_has_finished(
    world, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.csv", _csv(2)),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert not job.file
    assert job.original_name == "lijst.csv"  # the report still names the file
    stored = list(ImportJob.objects.values_list("file", flat=True))
    assert stored == [""]


def test_an_unreadable_file_is_deleted_too(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.xlsx", b"geen zip"),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not job.file
