"""Two-step (TOTP) login, required by an organisation for HR and support coordinators."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations import services
from organisations.roles import Role
from tests.organisations.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def strict(world):
    services.organisation_update(organisation=world.a.organisation, require_two_factor=True)
    return world


@pytest.mark.parametrize("role", [Role.HR_ADVISOR, Role.SUPPORT_COORDINATOR])
def test_required_role_sets_up_and_then_confirms_every_login(client, strict, role):
    user = strict.a.user(role)
    _login(client, user)
    response = client.get(reverse("organisations:organisation_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor"))
    page = client.get(response.url)
    html = page.content.decode()
    assert "Inloggen in twee stappen" in html and "data:image/svg+xml" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("two_factor"), {"token": "000000"})
    assert wrong.status_code == 200 and "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code throttles the next try
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(reverse("two_factor"), {"token": _code(device), "next": "/organisations/"})
    assert ok.status_code == 302 and ok.url == "/organisations/"
    assert client.get(reverse("organisations:organisation_list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.post(reverse("logout"))
    _login(client, user)
    assert client.get(reverse("home")).status_code == 302  # a code again, no new QR
    page = client.get(reverse("two_factor")).content.decode()
    assert "data:image/svg+xml" not in page
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_other_roles_and_other_organisations_are_not_asked(client, strict):
    for user in (strict.a.user(Role.MENTOR), strict.b.user(Role.HR_ADVISOR)):
        client.logout()
        _login(client, user)
        assert client.get(reverse("home")).status_code == 200


def test_hr_of_a_strict_organisation_needs_it_even_when_also_elsewhere(client, strict):
    user = user_with_role(Role.HR_ADVISOR, strict.b.organisation, username="dubbel")
    services.membership_grant(user=user, organisation=strict.a.organisation, role=Role.HR_ADVISOR)
    _login(client, user)
    assert client.get(reverse("home")).status_code == 302


def test_logout_and_health_stay_reachable_before_the_code(client, strict):
    _login(client, strict.a.user(Role.HR_ADVISOR))
    assert client.get("/healthz").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_next_cannot_send_the_user_to_another_site(client, strict):
    user = strict.a.user(Role.HR_ADVISOR)
    _login(client, user)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        reverse("two_factor"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_functional_admin_switches_it_on_in_the_organisation_form(client, world):
    client.force_login(world.a.user(Role.FUNCTIONAL_ADMIN))
    url = reverse("organisations:organisation_update", args=[world.a.organisation.pk])
    assert "Inloggen in twee stappen verplicht" in client.get(url).content.decode()
    client.post(
        url,
        {"name": "Alfa", "kind": world.a.organisation.kind, "require_two_factor": "on"},
    )
    world.a.organisation.refresh_from_db()
    assert world.a.organisation.require_two_factor


def test_no_extra_queries_for_users_who_do_not_need_it(client, world, django_assert_num_queries):
    client.force_login(world.a.user(Role.MENTOR))
    client.get(reverse("notifications:list"))
    with django_assert_num_queries(8):
        # 7 baseline queries of an authenticated page + 1 for the list itself
        client.get(reverse("notifications:list"))
