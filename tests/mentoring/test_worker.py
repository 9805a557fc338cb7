"""End to end: beat's task through the real Redis broker to a real Celery worker and a mail file.

Runs only when REDIS_URL is set and the database is PostgreSQL (the worker is a separate
process, so it needs a database it can reach: the test database, by name).
"""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from mentoring import tasks
from notifications.models import Notification
from tests.mentoring.factories import assign, mentor, side_entrant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process needs a shared database"
    ),
]

ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def test_real_worker_delivers_a_reminder_by_mail(world, tmp_path):
    profile = mentor(world.a)
    start = datetime.date.today() - datetime.timedelta(days=10)
    assign(side_entrant(world.a), profile.employee, start=start, notify_people=False)
    queue = f"mentoring-test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        # Base settings read these; local settings do not force the locmem mail backend.
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"filemail://{mail_dir}",
        "CONN_MAX_AGE": "0",
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        # django-environ reads filemail:///abs/path as the relative "abs/path": run from "/".
        cwd="/",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        tasks.send_due_checkin_reminders.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        files = []
        while time.monotonic() < deadline and not files:
            files = list(mail_dir.glob("*.log"))
            if worker.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert files, f"no mail arrived; worker output:\n{output}"
    text = "\n".join(f.read_text() for f in files)
    assert profile.employee.user.email in text
    assert Notification.objects.filter(
        recipient=profile.employee.user,
        kind="mentoring.checkin_overdue",
        email_sent_at__isnull=False,
    ).exists()
