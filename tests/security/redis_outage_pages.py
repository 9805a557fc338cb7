"""Run only in a child process by test_fault_tolerance.py, with REDIS_URL at a closed port.

(The file name does not match test_*.py, so the normal suite does not collect it.)
"""

import os
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from intake.models import Application, RateLimitCount
from notifications.models import Notification
from notifications.services import notification_create
from tests.intake.factories import CampaignFactory, apply_form_data
from tests.security.test_url_matrix import PRINCIPALS, _user
from tests.security.url_matrix import OK, URLS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("INSTROOM_REDIS_OUTAGE"), reason="run by test_fault_tolerance.py"
    ),
]


def test_settings_point_at_a_dead_redis(settings):
    assert settings.REDIS_URL.endswith(os.environ["INSTROOM_REDIS_OUTAGE"] + "/0")
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
    assert not settings.CELERY_TASK_ALWAYS_EAGER


def test_the_cache_degrades_to_misses():
    cache.set("k", "v")
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    cache.delete("k")
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_page_renders_without_redis(client, world, name):
    """Every GET case of the URL matrix answers as declared, as every principal."""
    cases = URLS[name]
    for entry in cases if isinstance(cases, list) else [cases]:
        if entry.method != "get":
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        for side, role in PRINCIPALS:
            if entry.expected(side, role) != OK:
                continue
            client.logout()
            if side is not None:
                client.force_login(_user(world, side, role))
            started = time.monotonic()
            response = client.get(url)
            assert response.status_code == 200, (url, side, role)
            assert time.monotonic() - started < 5, f"{url} hung on the dead Redis"


def test_healthz_reports_redis_down_but_stays_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "error"


def test_a_notification_is_stored_when_the_broker_is_down(
    world, django_capture_on_commit_callbacks
):
    recipient = world.a.user("hr_advisor")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(
            recipient=recipient, kind="test", template="notifications/email/update_available"
        )
    assert time.monotonic() - started < 10
    notification.refresh_from_db()
    assert notification.send_email and notification.email_sent_at is None
    assert Notification.objects.filter(send_email=True, email_sent_at__isnull=True).count() == 1


def test_the_public_form_rate_limit_holds_without_redis(client, world, settings):
    """The cache cannot count: the database does, so the limit is never silently open."""
    settings.INTAKE_APPLY_RATE_LIMIT = (1, 600)
    campaign = CampaignFactory(organisation=world.a.organisation)
    url = reverse("intake:apply", args=[campaign.slug])
    assert client.post(url, apply_form_data(1)).status_code == 302
    response = client.post(url, apply_form_data(2))
    assert response.status_code == 429
    assert "Te veel sollicitaties vanaf jouw adres" in response.content.decode()
    assert Application.objects.filter(campaign=campaign).count() == 1
    assert RateLimitCount.objects.get().count == 2
