"""Fault tolerance with the real services: Redis down, worker killed, PostgreSQL restarted.

The Redis-outage page test runs everywhere (it points REDIS_URL at a closed port in a
child pytest on SQLite). The others need what CI starts: PostgreSQL (DATABASE_URL) and
Redis (REDIS_URL, and the redis-server binary); the PostgreSQL restart test also needs
INSTROOM_PG_CTL and INSTROOM_PG_DATA, which .ci/run exports for its own throw-away
cluster. They skip with a reason otherwise.
"""

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from notifications.models import Notification
from notifications.services import notification_create
from tests.organisations.factories import UserFactory
from tests.security import services
from tests.security.mailbox import sent_message_ids, sent_subjects

ROOT = services.ROOT
SUBJECT = "Er is een update voor je in Instroom"


def _needs_postgres_and_redis():
    if not services.is_postgres():
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker shares the test database")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs a real Redis (REDIS_URL); CI starts one")


# --- Redis down: pages still work ------------------------------------------------------------


@pytest.mark.slow
def test_every_page_renders_and_work_is_stored_while_redis_is_down(tmp_path):
    """A child pytest with REDIS_URL at a closed port renders every page of the URL matrix."""
    port = services.free_port()  # nothing listens there
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(REDIS_URL=f"redis://127.0.0.1:{port}/0", INSTROOM_REDIS_OUTAGE=str(port))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.security.real_settings",
            "tests/security/redis_outage_pages.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


# --- Redis comes back: the stored email is sent once ---------------------------------------


NOTIFY_RIA = (
    "from django.contrib.auth import get_user_model\n"
    "from notifications.services import notification_create\n"
    "user = get_user_model().objects.get(username='ria')\n"
    "with transaction.atomic():\n"
    "    n = notification_create(recipient=user, kind='test',"
    " template='notifications/email/update_available')\n"
)


def _create_notification_in_child(env, code: str = NOTIFY_RIA) -> int:
    """What the web process does: notify inside a transaction; queueing fails when Redis is down.

    `code` leaves the outbox row in `n`."""
    code = (
        "import django; django.setup()\n"
        "from django.db import transaction\n" + code + "print('PK', n.pk)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "could not queue notification delivery" in result.stderr
    return int(result.stdout.split("PK")[-1].strip())


def _confirm_applicant_code() -> str:
    """The public form's confirmation of an applicant who applied in English."""
    from intake.models import Application
    from notifications.models import Notification as Row
    from tests.intake.factories import ApplicationFactory, CampaignFactory
    from tests.organisations.factories import OrganisationFactory

    campaign = CampaignFactory(organisation=OrganisationFactory(), title="Jeugdzorg 't Gooi")
    application = ApplicationFactory(campaign=campaign, email="jan@example.org", language="en")
    assert Application.objects.filter(pk=application.pk).exists() and not Row.objects.exists()
    return (
        "from intake import services\n"
        "from intake.models import Application\n"
        "from notifications.models import Notification\n"
        f"application = Application.objects.get(pk={application.pk})\n"
        "with transaction.atomic():\n"
        "    services.application_confirm_by_email(application=application)\n"
        "n = Notification.objects.get(email_to='jan@example.org')\n"
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "what,subject",
    [
        ("notification", SUBJECT),
        ("applicant confirmation", "Your application for Jeugdzorg 't Gooi"),
    ],
)
def test_email_queued_while_redis_is_down_is_sent_once_after_it_returns(tmp_path, what, subject):
    """A notification to a user, and an applicant's confirmation (email only, in the
    language they applied in), written while Redis is down: the beat sweep sends each
    once when Redis is back."""
    _needs_postgres_and_redis()
    if not shutil.which("redis-server"):
        pytest.skip("needs the redis-server binary to stop and start a private Redis")
    UserFactory(username="ria", email="ria@example.org")
    code = _confirm_applicant_code() if what == "applicant confirmation" else NOTIFY_RIA
    port = services.free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    queue = f"outage-{uuid.uuid4().hex[:8]}"
    mail = tmp_path / "mail"
    env = services.child_env(
        DATABASE_URL=services.database_url(),
        REDIS_URL=broker,
        INSTROOM_MAIL_DIR=mail,
        INSTROOM_CELERY_QUEUE=queue,
    )
    redis = services.start_redis(port, tmp_path)
    worker = None
    try:
        worker = services.start_worker(env, tmp_path / "worker.log", "outage")
        services.kill(redis, sig=15)  # Redis goes away

        pk = _create_notification_in_child(env, code)
        notification = Notification.objects.get(pk=pk)
        assert notification.send_email and notification.email_sent_at is None

        redis = services.start_redis(port, tmp_path)  # Redis is back (empty: nothing queued)
        client = services.celery_client(broker, 3600)
        sweep = "notifications.tasks.deliver_pending_notifications"
        # What beat does every few minutes; the worker reconnects on its own.
        client.send_task(sweep, queue=queue)
        services.wait_for(
            lambda: Notification.objects.filter(pk=pk, email_sent_at__isnull=False).exists(),
            timeout=90,
            message="the sweep to send the stored email",
        )
        services.wait_for(lambda: sent_subjects(mail), timeout=10, message="the mail file")
        for _ in range(2):  # later sweeps find nothing to send
            client.send_task(sweep, queue=queue)
        log = tmp_path / "worker.log"
        services.wait_for(
            lambda: log.read_text(errors="replace").count("deliver_pending_notifications[") >= 6,
            timeout=60,
            message="three sweeps received and finished",
        )
        assert sent_subjects(mail) == [subject]
    finally:
        if worker is not None:
            services.kill(worker)
        services.kill(redis)


# --- a worker killed mid-task: retried, never sent twice ---------------------------------------


def _notifications(n):
    recipient = UserFactory(username=f"kim-{uuid.uuid4().hex[:6]}", email="kim@example.org")
    return [
        notification_create(
            recipient=recipient,
            kind="test",
            template="notifications/email/update_available",
            queue=False,
        ).pk
        for _ in range(n)
    ]


def _kill_worker_while_sending(tmp_path, when: str) -> Path:
    """Queue one email, SIGKILL the worker at `when` (see tests.security.mailbox), let a
    second worker take the unacknowledged task after the visibility timeout; returns the
    mail directory once the retried task has finished."""
    ids = _notifications(1)
    queue = f"kill-{uuid.uuid4().hex[:8]}"
    mail = tmp_path / "mail"
    visibility = 3
    env = services.child_env(
        DATABASE_URL=services.database_url(),
        INSTROOM_MAIL_DIR=mail,
        INSTROOM_CELERY_QUEUE=queue,
        CELERY_VISIBILITY_TIMEOUT=visibility,
        INSTROOM_MAIL_DELAY=60,
        INSTROOM_MAIL_DELAY_WHEN=when,
    )
    client = services.celery_client(os.environ["REDIS_URL"], visibility)
    result = client.send_task("notifications.tasks.deliver_notifications", args=[ids], queue=queue)
    first = services.start_worker(env, tmp_path / "first.log", "first")
    second = None
    try:
        services.wait_for(
            lambda: (mail / "sending").exists(), timeout=60, message="the first worker to send"
        )
        services.kill(first)  # SIGKILL the whole worker: no acknowledgement
        time.sleep(visibility + 1)
        env.update(INSTROOM_MAIL_DELAY="0")
        second = services.start_worker(env, tmp_path / "second.log", "second")
        log = tmp_path / "second.log"
        services.wait_for(
            lambda: (
                f"deliver_notifications[{result.id}] succeeded" in log.read_text(errors="replace")
            ),
            timeout=60,
            message="the task to be delivered again and finish",
        )
        assert Notification.objects.get(pk=ids[0]).email_sent_at is not None
        return mail
    finally:
        services.kill(first)
        if second is not None:
            services.kill(second)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("when", ["after", "before"])
def test_worker_killed_mid_send_is_retried_and_sends_exactly_once(tmp_path, when):
    """SIGKILL the worker while it sends (`before`: the mail server has not accepted the
    message, so its "sent" mark is rolled back with the dead connection; `after`: the
    server accepted it and the mark is committed, the task was not yet acknowledged).
    The task is handed out again after the visibility timeout (acks_late): the second
    worker sends what was not sent and nothing twice."""
    _needs_postgres_and_redis()
    mail = _kill_worker_while_sending(tmp_path, when)
    assert sent_subjects(mail) == [SUBJECT]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_between_acceptance_and_commit_resends_with_the_same_message_id(tmp_path):
    """The one window exactly-once cannot close: the server accepted the message but the
    worker died before committing that. The email is sent again (at least once, never
    lost) with the same Message-ID, so mail systems can recognise the duplicate."""
    _needs_postgres_and_redis()
    mail = _kill_worker_while_sending(tmp_path, "during")
    assert sent_subjects(mail) == [SUBJECT, SUBJECT]
    first, second = sent_message_ids(mail)
    assert first == second and first.startswith("<notification-")


# --- PostgreSQL restarted under a running web server -------------------------------------------


def _pg_ctl(*args):
    pg_ctl = os.environ["INSTROOM_PG_CTL"]
    command = [pg_ctl, "-D", os.environ["INSTROOM_PG_DATA"], *args]
    if os.geteuid() == 0:  # the cluster belongs to the postgres user
        command = ["runuser", "-u", os.environ.get("INSTROOM_PG_USER", "postgres"), "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def _postmaster_options() -> str:
    """The options the cluster was started with (pg_ctl start does not remember them)."""
    opts = Path(os.environ["INSTROOM_PG_DATA"], "postmaster.opts").read_text()
    parts = shlex.split(opts)[1:]
    cleaned, skip = [], False
    for part in parts:
        if skip:
            skip = False
            continue
        if part == "-D":
            skip = True
            continue
        cleaned.append(part)
    return shlex.join(cleaned)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_postgres_restart_during_a_request_stream(tmp_path):
    if not services.is_postgres():
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    if not (os.environ.get("INSTROOM_PG_CTL") and os.environ.get("INSTROOM_PG_DATA")):
        pytest.skip("needs INSTROOM_PG_CTL and INSTROOM_PG_DATA (exported by .ci/run)")
    user = UserFactory(username="pim")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "config.auth.EmploymentBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookie = {"Cookie": f"sessionid={session.session_key}"}
    options = _postmaster_options()

    port = services.free_port()
    env = services.child_env(DATABASE_URL=services.database_url(), REDIS_URL="")
    server = services.start(
        [
            str(services.BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "1",
            "--timeout",
            "60",
        ],
        env,
        tmp_path / "gunicorn.log",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        services.wait_for(
            lambda: services.http_get(base + "/healthz")[0] == 200,
            timeout=30,
            message="gunicorn up",
        )
        for _ in range(5):  # the stream before: persistent connection (CONN_MAX_AGE)
            assert services.http_get(base + "/healthz")[0] == 200
            assert services.http_get(base + "/", cookie)[0] == 200
        worker_pids = (tmp_path / "gunicorn.log").read_text()

        connections.close_all()
        _pg_ctl("stop", "-m", "fast", "-w")
        try:
            for _ in range(3):
                status, body = services.http_get(base + "/healthz")
                assert status == 503 and b'"database": "error"' in body
                assert services.http_get(base + "/", cookie)[0] >= 500
        finally:
            log = Path(os.environ["INSTROOM_PG_DATA"], "restart.log")  # writable by postgres
            _pg_ctl("start", "-w", "-l", str(log), "-o", options)

        # The same server process recovers on its own: no restart.
        services.wait_for(
            lambda: services.http_get(base + "/healthz")[0] == 200,
            timeout=30,
            message="healthz 200 after the restart",
        )
        for _ in range(5):
            assert services.http_get(base + "/", cookie)[0] == 200
        assert server.poll() is None
        assert (tmp_path / "gunicorn.log").read_text().count("Booting worker") == worker_pids.count(
            "Booting worker"
        )
    finally:
        services.kill(server, sig=15)
        connections.close_all()
