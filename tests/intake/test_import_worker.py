"""With the real broker and workers: mail keeps flowing while an import runs.

Imports have a queue and a worker of their own (as in docker-compose and `make worker`);
a notification email is delivered while an import job is held in the middle of its
work. Needs PostgreSQL (the workers share the test database) and REDIS_URL.
"""

import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from intake.models import Application, Campaign, ImportJob
from notifications.models import Notification
from notifications.services import notification_create
from organisations.roles import Role
from tests.organisations.factories import UserFactory
from tests.security import services
from tests.security.mailbox import sent_subjects

from .factories import CampaignFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_notification_is_mailed_while_an_import_is_running(world, tmp_path, settings):
    if not services.is_postgres():
        pytest.skip("needs PostgreSQL (DATABASE_URL): the workers share the test database")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs a real Redis (REDIS_URL); CI starts one")
    # Where the workers (config.settings.test) look for uploads; the job drops its file.
    settings.MEDIA_ROOT = services.ROOT / "var" / "test-uploads"
    campaign = CampaignFactory(organisation=world.a.organisation)
    job = ImportJob(
        campaign=campaign, original_name="lijst.csv", created_by=world.a.user(Role.HR_ADVISOR)
    )
    rows = ["first_name;last_name;email"] + [f"N{i};A{i};p{i}@example.org" for i in range(20)]
    job.file.save("lijst.csv", SimpleUploadedFile("lijst.csv", "\n".join(rows).encode()))
    recipient = UserFactory(username=f"ria-{uuid.uuid4().hex[:6]}", email="ria@example.org")
    notification = notification_create(
        recipient=recipient,
        kind="test",
        template="notifications/email/update_available",
        queue=False,
    )
    default, imports = (f"{kind}-{uuid.uuid4().hex[:8]}" for kind in ("mail", "imports"))
    mail = tmp_path / "mail"
    env = services.child_env(
        DATABASE_URL=services.database_url(),
        INSTROOM_MAIL_DIR=mail,
        INSTROOM_CELERY_QUEUE=default,
        INSTROOM_IMPORTS_QUEUE=imports,
    )
    client = services.celery_client(os.environ["REDIS_URL"], 3600)
    workers = []
    try:
        workers.append(services.start_worker(env, tmp_path / "mail.log", "mail"))
        workers.append(
            services.start_worker(env, tmp_path / "imports.log", "imports", queues=imports)
        )
        with transaction.atomic():
            # Holding the campaign row holds the import in its first batch (the batch
            # locks it): the job is running, as a long import would be.
            Campaign.objects.select_for_update().get(pk=campaign.pk)
            client.send_task("intake.tasks.import_applications", args=[job.pk], queue=imports)
            services.wait_for(
                lambda: ImportJob.objects.filter(pk=job.pk, total_rows=20).exists(),
                timeout=60,
                message="the import to be running",
            )
            client.send_task(
                "notifications.tasks.deliver_notifications", args=[[notification.pk]], queue=default
            )
            services.wait_for(
                lambda: Notification.objects.filter(
                    pk=notification.pk, email_sent_at__isnull=False
                ).exists(),
                timeout=60,
                message="the email to be sent while the import runs",
            )
            assert sent_subjects(mail)
            job.refresh_from_db()
            assert (job.status, job.imported_rows) == (ImportJob.Status.RUNNING, 0)
        services.wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).exists(),
            timeout=60,
            message="the import to finish",
        )
        assert Application.objects.filter(campaign=campaign).count() == 20
    finally:
        for worker in workers:
            services.kill(worker)
