"""Access ends with employment, on the end date; calendar links follow the credentials."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from config.auth import EmploymentBackend
from notifications import services as notify
from notifications.models import UserPreference
from organisations import services
from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = datetime.date(2026, 11, 25)
PASSWORD = "secret-password-1"
ENDED = "Dit account is niet meer actief"
LOGGED_OUT = "Je toegang tot Instroom is beëindigd"
WRONG = "Voer een juiste gebruikersnaam en wachtwoord in"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False):
        yield


def _employee_with_login(username="ruth", end=None, **user_fields):
    user = user_with_role(
        Role.MENTOR, OrganisationFactory(), username=username, password=PASSWORD, **user_fields
    )
    employee = EmployeeFactory(user=user, employment_start=datetime.date(2020, 1, 1))
    if end is not None:
        services.employee_update(employee=employee, employment_end=end)
    return user


def _login(client, username="ruth", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _token(user) -> str:
    return notify.preference_for(user).calendar_token


# --- logging in -------------------------------------------------------------------------------


def test_login_is_refused_on_the_end_date_itself(client):
    _employee_with_login(end=TODAY)
    response = _login(client)
    assert response.status_code == 200 and ENDED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_of_a_leaver_reveals_nothing(client):
    _employee_with_login(end=TODAY - datetime.timedelta(days=30))
    html = _login(client, password="not-the-password").content.decode()
    assert WRONG in html and ENDED not in html


def test_the_last_day_before_the_end_date_still_works(client):
    _employee_with_login(end=TODAY + datetime.timedelta(days=1))
    assert _login(client).status_code == 302


def test_a_switched_off_account_with_the_right_password_is_told_so(client):
    _employee_with_login(is_active=False)
    assert ENDED in _login(client).content.decode()


def test_accounts_without_an_employee_record_log_in_as_before(client):
    UserFactory(username="root", password=PASSWORD, is_superuser=True, is_staff=True)
    user_with_role(Role.FUNCTIONAL_ADMIN, OrganisationFactory(), username="fa", password=PASSWORD)
    assert _login(client, "root").status_code == 302
    client.logout()
    assert _login(client, "fa").status_code == 302


def test_the_end_date_is_the_dutch_date():
    user = _employee_with_login(end=datetime.date(2026, 12, 1))
    backend = EmploymentBackend()
    # 23:30 UTC on 30 November is already 1 December in Amsterdam.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 22, 30), tick=False):
        assert backend.get_user(user.pk) is not None
    with time_machine.travel(datetime.datetime(2026, 11, 30, 23, 30), tick=False):
        assert backend.get_user(user.pk) is None
        request = RequestFactory().post("/accounts/login/")
        assert backend.authenticate(request, username="ruth", password=PASSWORD) is None


def test_the_check_costs_no_query_beyond_loading_the_user(django_assert_num_queries):
    leaver = _employee_with_login(end=TODAY)
    stayer = _employee_with_login(username="sem")
    backend = EmploymentBackend()
    with django_assert_num_queries(1):
        assert backend.get_user(leaver.pk) is None
    with django_assert_num_queries(1):
        assert backend.get_user(stayer.pk) == stayer


# --- a running session ------------------------------------------------------------------------


def test_a_session_ends_with_a_message_when_employment_ends(client):
    user = _employee_with_login()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    session_key = client.session.session_key
    services.employee_update(employee=user.employee, employment_end=TODAY)
    response = client.get(reverse("organisations:employee_list"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert not Session.objects.filter(session_key=session_key).exists()
    html = client.get(response.url).content.decode()
    assert LOGGED_OUT in html
    # The session is gone for good: opening the employment again does not revive it.
    services.employee_update(employee=user.employee, employment_end=None)
    assert client.get(reverse("home")).status_code == 302


def test_an_htmx_request_of_a_leaver_reloads_the_login_page(client):
    user = _employee_with_login()
    client.force_login(user)
    services.employee_update(employee=user.employee, employment_end=TODAY)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


def test_a_switched_off_account_loses_its_session_too(client):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("home")).url == reverse("login")
    assert LOGGED_OUT in client.get(reverse("login")).content.decode()


def test_a_password_changed_elsewhere_logs_out_without_the_message(client):
    user = _employee_with_login()
    client.force_login(user)
    user.set_password("another-password-2")
    user.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login") + "?next=")
    assert LOGGED_OUT not in client.get(response.url).content.decode()


# --- the calendar feed ------------------------------------------------------------------------


def test_the_calendar_feed_ends_with_employment(client, django_assert_num_queries):
    user = _employee_with_login()
    url = reverse("mentoring:calendar_feed", args=[_token(user)])
    assert client.get(url).status_code == 200
    services.employee_update(employee=user.employee, employment_end=TODAY)
    with django_assert_num_queries(1):  # token, account and employee in one query
        assert client.get(url).status_code == 404


def test_the_calendar_feed_of_an_account_without_employee_record_still_answers(client):
    user = UserFactory(is_superuser=True)
    assert client.get(reverse("mentoring:calendar_feed", args=[_token(user)])).status_code == 200


# --- the nightly job --------------------------------------------------------------------------


def test_nightly_job_catches_an_end_date_of_today_and_ends_sessions_and_links(client):
    leaver = _employee_with_login(end=TODAY)
    stayer = _employee_with_login(username="sem")
    boss = UserFactory(is_superuser=True)
    EmployeeFactory(user=boss, employment_start=datetime.date(2020, 1, 1))
    services.employee_update(employee=boss.employee, employment_end=TODAY)
    old_token = _token(leaver)
    stayer_token = _token(stayer)
    client.force_login(leaver)
    other = type(client)()
    other.force_login(stayer)

    assert services.users_deactivate_departed() == 2
    assert services.users_deactivate_departed() == 0
    leaver.refresh_from_db()
    boss.refresh_from_db()
    assert not leaver.is_active and not boss.is_active
    assert _token(leaver) != old_token and _token(stayer) == stayer_token
    # The leaver's stored session is gone; the stayer's is untouched.
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert Session.objects.filter(session_key=other.session.session_key).exists()
    assert other.get(reverse("home")).status_code == 200


def test_nightly_job_leaves_tomorrows_leavers_alone():
    user = _employee_with_login(end=TODAY + datetime.timedelta(days=1))
    assert services.users_deactivate_departed() == 0
    user.refresh_from_db()
    assert user.is_active


# --- the calendar link follows the password and the account ----------------------------------


def test_password_change_page_rotates_the_calendar_link(client):
    user = _employee_with_login()
    old = _token(user)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "een-nieuw-wachtwoord-42",
            "new_password2": "een-nieuw-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert _token(user) != old
    assert client.get(reverse("home")).status_code == 200  # this session stays


def test_password_reset_rotates_the_calendar_link(client):
    user = _employee_with_login(email="ruth@example.org")
    old = _token(user)
    client.post(reverse("password_reset"), {"email": "ruth@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-wachtwoord-42", "new_password2": "een-nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    assert _token(user) != old


def test_admin_password_form_and_deactivation_rotate_the_calendar_link(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    user = _employee_with_login()
    client.force_login(root)
    old = _token(user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {
            "password1": "een-nieuw-wachtwoord-42",
            "password2": "een-nieuw-wachtwoord-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after_password = _token(user)
    assert after_password != old
    user.refresh_from_db()
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.is_active and _token(user) != after_password


def test_set_password_and_unusable_password_and_deactivation_in_code_rotate_the_link():
    user = _employee_with_login()
    tokens = [_token(user)]
    user.set_password("een-nieuw-wachtwoord-42")
    user.save()
    tokens.append(_token(user))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    tokens.append(_token(user))
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens.append(_token(user))
    assert len(set(tokens)) == 4


def test_other_saves_and_logins_keep_the_calendar_link(client):
    user = _employee_with_login()
    old = _token(user)
    user.first_name = "Ruth"
    user.save()
    assert _login(client).status_code == 302  # saves last_login
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert _token(user) == old


def test_a_user_without_calendar_gets_no_preference_from_a_password_change():
    user = UserFactory()
    user.set_password("een-nieuw-wachtwoord-42")
    user.save()
    assert not UserPreference.objects.filter(user=user).exists()


# --- the demo ---------------------------------------------------------------------------------


def test_every_demo_login_works(client, settings):
    call_command("seed_demo", stdout=io.StringIO())
    logins = User.objects.filter(is_active=True).exclude(password__startswith="!")
    assert logins.exists()
    backend = EmploymentBackend()
    for user in logins:
        assert backend.user_can_authenticate(user), user.username
    response = _login(client, "mentor", settings.DEMO_PASSWORD)
    assert response.status_code == 302
