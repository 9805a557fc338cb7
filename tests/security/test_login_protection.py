"""Login protection: lockout (django-axes), inactivity timeout, cookie flags."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from tests.organisations.factories import UserFactory
from tests.security.production import production_settings

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord-7"
START = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


def _fail(client, username="ruth", ip="10.0.0.1", times=1):
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": username, "password": "fout"}, REMOTE_ADDR=ip
        )
    return response


def _login(client, username="ruth", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip
    )


@pytest.fixture
def ruth():
    return UserFactory(username="ruth", password=PASSWORD)


def test_lockout_after_repeated_failures_shows_a_dutch_page(client, ruth, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client).status_code == 200  # the normal form with its error
    response = _fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Te veel inlogpogingen" in html
    assert '<html lang="nl">' in html
    # Locked out: even the right password is refused, without checking it.
    response = _login(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address(client, ruth, settings):
    UserFactory(username="sem", password=PASSWORD)
    _fail(client, times=settings.AXES_FAILURE_LIMIT)
    assert _login(client).status_code == 429
    # The same account from another address, and another account from this address.
    assert _login(client, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, username="sem").status_code == 302


def test_lockout_ends_after_the_cool_off(client, ruth, settings):
    with time_machine.travel(START, tick=False) as traveller:
        _fail(client, times=settings.AXES_FAILURE_LIMIT)
        assert _login(client).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        assert _login(client).status_code == 302


def test_successful_login_resets_the_failure_count(client, ruth, settings):
    _fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client).status_code == 302
    assert not AccessAttempt.objects.filter(username="ruth", failures_since_start__gt=0).exists()
    client.logout()
    _fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client).status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, ruth, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "ruth", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert _login(client).status_code == 429


def test_behind_a_trusted_proxy_the_lockout_is_per_forwarded_client(client, ruth, settings):
    """TRUSTED_PROXY_COUNT (the same setting as the public form's rate limit): the locked
    pair is the user and the client behind the proxy, not the proxy's own address."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "ruth", "password": "fout"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.1",  # forged left part varies
            **proxy,
        )
    credentials = {"username": "ruth", "password": PASSWORD}
    locked = client.post(reverse("login"), credentials, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    assert locked.status_code == 429
    elsewhere = client.post(
        reverse("login"), credentials, HTTP_X_FORWARDED_FOR="192.0.2.7", **proxy
    )
    assert elsewhere.status_code == 302


def test_admin_login_is_protected_too(client, settings):
    UserFactory(username="beheer", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/", {"username": "beheer", "password": "fout"}, REMOTE_ADDR="10.0.0.9"
        )
    response = client.post(
        "/admin/login/", {"username": "beheer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


def test_test_client_login_and_force_login_still_work(client, ruth):
    assert client.login(username="ruth", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    client.force_login(ruth)
    assert client.get(reverse("home")).status_code == 200


# --- inactivity ---------------------------------------------------------------------------


def test_session_ends_after_inactivity_and_activity_renews_it(client, ruth, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        assert _login(client).status_code == 302
        for _ in range(3):  # active for 1.5 hours: a request every 29 minutes
            traveller.shift(datetime.timedelta(minutes=29))
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_default_inactivity_timeout_is_an_hour_and_configurable(settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    values = production_settings(SESSION_IDLE_MINUTES="15")
    assert values["SESSION_COOKIE_AGE"] == 15 * 60


# --- cookies in production ----------------------------------------------------------------


def test_production_cookies_are_secure_and_http_only():
    values = production_settings()
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["DEBUG"] is False


def test_session_cookie_flags_on_a_real_login(client, ruth, settings):
    values = production_settings()
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"):
        setattr(settings, name, values[name])
    response = _login(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
