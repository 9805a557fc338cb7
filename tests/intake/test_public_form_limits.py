"""The public application form's rate limit and body limit, as the applicant meets them.

Rate limit: per client address (behind TRUSTED_PROXY_COUNT proxies the X-Forwarded-For
address), in the cache, and in the database while the cache (Redis) is down. Body limit:
refused from Content-Length before anything reads the body (config/request_limits.py).
"""

import datetime
import io

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone

from intake.models import Application, RateLimitCount
from organisations.uploads import MAX_DOCUMENT_BYTES
from tests.security.services import free_port

from .factories import PDF_BYTES, CampaignFactory
from .factories import apply_form_data as _data

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation, title="Werving Alfa")


def _url(campaign):
    return reverse("intake:apply", args=[campaign.slug])


@pytest.fixture
def dead_redis(settings):
    """The production cache pointed at a port where nothing listens: Redis is down."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


# --- rate limit ----------------------------------------------------------------------------


def test_the_limit_comes_from_the_settings(client, campaign, settings):
    settings.INTAKE_APPLY_RATE_LIMIT = (1, 600)
    assert client.post(_url(campaign), _data(1)).status_code == 302
    response = client.post(_url(campaign), _data(2))
    assert response.status_code == 429
    assert "Te veel sollicitaties vanaf jouw adres" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_limit_message_is_english_when_the_applicant_chose_english(client, campaign, settings):
    settings.INTAKE_APPLY_RATE_LIMIT = (1, 600)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(_url(campaign), _data(1))
    response = client.post(_url(campaign), _data(2))
    assert response.status_code == 429
    assert "Too many applications from your address" in response.content.decode()


def test_behind_a_proxy_each_applicant_has_their_own_limit(client, campaign, settings):
    settings.INTAKE_APPLY_RATE_LIMIT = (1, 600)
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.post(_url(campaign), _data(1), HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    other = client.post(_url(campaign), _data(2), HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy)
    assert first.status_code == other.status_code == 302
    # Entries left of the proxy's own are the client's to invent: they change nothing.
    again = client.post(
        _url(campaign), _data(3), HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.1", **proxy
    )
    assert again.status_code == 429
    assert Application.objects.count() == 2


def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_limit(
    client, campaign, settings
):
    settings.INTAKE_APPLY_RATE_LIMIT = (1, 600)
    assert (
        client.post(_url(campaign), _data(1), HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    )
    response = client.post(_url(campaign), _data(2), HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert response.status_code == 429


def test_with_redis_down_the_database_counts_and_the_limit_holds(
    client, campaign, settings, dead_redis
):
    settings.INTAKE_APPLY_RATE_LIMIT = (2, 600)
    for n in range(2):
        assert client.post(_url(campaign), _data(n)).status_code == 302
    response = client.post(_url(campaign), _data(9))
    assert response.status_code == 429
    assert "Te veel sollicitaties vanaf jouw adres" in response.content.decode()
    assert not Application.objects.filter(candidate__email="anouk9@example.org").exists()
    # Another address still gets through; the database keeps no address, only a hash.
    assert client.post(_url(campaign), _data(8), REMOTE_ADDR="10.0.0.8").status_code == 302
    counts = dict(RateLimitCount.objects.values_list("key", "count"))
    assert sorted(counts.values()) == [1, 3]
    assert not any("127.0.0.1" in key or "10.0.0.8" in key for key in counts)


def test_ended_windows_are_removed_from_the_database(client, campaign, settings, dead_redis):
    settings.INTAKE_APPLY_RATE_LIMIT = (5, 60)
    client.post(_url(campaign), _data(1))
    assert RateLimitCount.objects.get().count == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert client.post(_url(campaign), _data(2)).status_code == 302
    assert RateLimitCount.objects.get().count == 1


# --- body limit ----------------------------------------------------------------------------


class NoReadBeyond(io.BytesIO):
    """A request body that fails the test if more than `allowed` bytes are read from it."""

    def __init__(self, allowed):
        super().__init__(b"x" * allowed)
        self.allowed = allowed
        self.read_so_far = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_so_far += len(chunk)
        assert self.read_so_far <= self.allowed, "the body was read"
        return chunk

    readline = read


def _huge_post(client, campaign, **headers):
    """A multipart POST announcing 500 MB, of which nothing may be read."""
    body = NoReadBeyond(0)
    return client.generic(
        "POST",
        _url(campaign),
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(500 * 1024 * 1024), **headers},
    ), body


def test_a_500_mb_body_is_refused_before_it_is_read(client, campaign):
    response, body = _huge_post(client, campaign)
    assert response.status_code == 413
    assert body.read_so_far == 0
    html = response.content.decode()
    assert '<html lang="nl">' in html and "te groot" in html
    assert not Application.objects.exists()


def test_the_413_page_is_english_when_the_applicant_chose_english(client, campaign):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response, _ = _huge_post(client, campaign)
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_an_application_with_a_cv_just_under_the_limit_still_works(client, campaign):
    content = PDF_BYTES + b"0" * (MAX_DOCUMENT_BYTES - len(PDF_BYTES))
    big = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")
    response = client.post(_url(campaign), _data(1, cv=big))
    assert response.status_code == 302
    assert Application.objects.get().cv
