"""/healthz during a database outage: 503 with a JSON body, never a 500, with or without
a session (HealthCheckMiddleware answers before the session and user are loaded); and the
deployment files' limits match the application's."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

from tests.organisations.factories import UserFactory
from tests.security.services import free_port

ROOT = Path(__file__).resolve().parents[2]


def _database_down():
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("server closed the connection"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("session", ["none", "anonymous", "logged-in"])
def test_healthz_is_503_during_a_database_outage_whatever_the_session(client, session):
    if session == "logged-in":
        client.force_login(UserFactory())
    elif session == "anonymous":
        client.cookies["sessionid"] = "k" * 32
    client.raise_request_exception = False
    with _database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error"


def test_healthz_is_503_when_the_database_server_is_unreachable():
    """A child process whose DATABASE_URL points at a closed port: the real outage."""
    port = free_port()  # nothing listens there
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/instroom",
        REDIS_URL="",
        DJANGO_SETTINGS_MODULE="config.settings.test",
    )
    code = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "out = []\n"
        "for cookie in ('', 'sessionid=' + 'k' * 32):\n"
        "    client = Client(raise_request_exception=False)\n"
        "    response = client.get('/healthz', headers={'cookie': cookie} if cookie else {})\n"
        "    out.append([response.status_code, response.content.decode()])\n"
        "print('RESULT', json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.split("RESULT", 1)[1])
    for status, body in answers:
        assert status == 503, body
        assert json.loads(body)["database"] == "error"


def test_the_proxy_example_refuses_the_same_bodies_as_the_application(settings):
    """deploy/nginx.conf's client_max_body_size values are the application's limits."""
    import re

    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    sizes = [
        int(m) * 1024 * 1024 for m in re.findall(r"^\s*client_max_body_size (\d+)m;", conf, re.M)
    ]
    assert sizes == [settings.REQUEST_MAX_BODY_BYTES, settings.REQUEST_BODY_LIMITS["intake:apply"]]
    compose = (ROOT / "docker-compose.yml").read_text()
    assert (
        "deploy/gunicorn.conf.py" in compose
        and "deploy/gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()
    )
