"""Giving an employee a login: account, roles per organisation, invitation link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from organisations import accounts
from organisations.models import Membership
from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def newcomer(world):
    return EmployeeFactory(
        organisation=world.a.organisation,
        team=world.a.team,
        first_name="Noor",
        last_name="El Amrani",
        email="noor.elamrani@example.org",
        is_side_entrant=True,
    )


def _url(employee):
    return reverse("organisations:employee_access", args=[employee.pk])


def test_hr_gives_a_login_and_the_invitation_sets_the_password(
    client, world, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    page = client.get(reverse("organisations:employee_detail", args=[newcomer.pk]))
    assert "Inloggen geven" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(newcomer),
            {
                "action": "create",
                "username": "noor.elamrani@example.org",
                "roles": ["side_entrant"],
            },
        )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user.username == "noor.elamrani@example.org"
    assert user.email == "noor.elamrani@example.org"
    assert not user.has_usable_password()
    assert set(Membership.objects.filter(user=user).values_list("organisation_id", "role")) == {
        (world.a.organisation.pk, "side_entrant")
    }
    # The invitation: in Dutch, with a link to choose a password.
    (message,) = [m for m in mail.outbox if "noor.elamrani@example.org" in m.to]
    assert message.subject == "Je login voor Instroom"
    assert "Je gebruikersnaam is noor.elamrani@example.org" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    client.logout()
    step = client.get(link)  # Django swaps the token for a session and redirects
    assert step.status_code == 302
    done = client.post(
        step["Location"],
        {"new_password1": "Zonnebloem-2026!", "new_password2": "Zonnebloem-2026!"},
    )
    assert done.status_code == 302
    assert client.login(username="noor.elamrani@example.org", password="Zonnebloem-2026!")
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert "new_password1" not in again.content.decode()


def test_hr_cannot_give_the_sensitive_roles_but_the_admin_can(client, world, newcomer):
    hr = world.a.user(Role.HR_ADVISOR)
    assert Role.SUPPORT_COORDINATOR not in accounts.grantable_roles(hr, world.a.organisation)
    assert Role.FUNCTIONAL_ADMIN not in accounts.grantable_roles(hr, world.a.organisation)
    client.force_login(hr)
    response = client.post(
        _url(newcomer),
        {"action": "create", "username": "noor", "roles": ["support_coordinator"]},
    )
    assert response.status_code == 200
    assert "support_coordinator" not in response.content.decode().split('name="roles"')[0][-10:]
    newcomer.refresh_from_db()
    assert newcomer.user is None
    assert not User.objects.filter(username="noor").exists()
    client.force_login(world.a.user(Role.FUNCTIONAL_ADMIN))
    response = client.post(
        _url(newcomer),
        {"action": "create", "username": "noor", "roles": ["support_coordinator"]},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert accounts.roles_in(newcomer.user, world.a.organisation) == {"support_coordinator"}


def test_roles_change_but_hr_leaves_the_admin_only_roles_alone(client, world, newcomer):
    admin = world.a.user(Role.FUNCTIONAL_ADMIN)
    user = accounts.employee_account_create(
        employee=newcomer, username="noor", roles=["mentor", "support_coordinator"], by=admin
    )
    client.force_login(world.a.user(Role.HR_ADVISOR))
    html = client.get(_url(newcomer)).content.decode()
    assert "Rollen die alleen een functioneel beheerder kan wijzigen" in html
    response = client.post(_url(newcomer), {"action": "roles", "roles": ["practice_supervisor"]})
    assert response.status_code == 302
    assert accounts.roles_in(user, world.a.organisation) == {
        "practice_supervisor",
        "support_coordinator",
    }
    # No roles at all (the checkboxes all cleared) is allowed: the login stays, without access.
    client.post(_url(newcomer), {"action": "roles"})
    assert accounts.roles_in(user, world.a.organisation) == {"support_coordinator"}


def test_bad_input_saves_nothing(client, world, newcomer):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    taken = world.a.user(Role.MENTOR).username
    for data, message in (
        ({"username": taken.upper(), "roles": ["mentor"]}, "Deze gebruikersnaam is al in gebruik"),
        ({"username": "noor", "roles": []}, "Kies minstens één rol"),
        ({"username": "noor lief<script>", "roles": ["mentor"]}, "gebruikersnaam"),
        ({"username": "x" * 151, "roles": ["mentor"]}, "150"),
        ({"username": "noor", "roles": ["koning"]}, "geen beschikbare keuze"),
    ):
        response = client.post(_url(newcomer), {"action": "create", **data})
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    newcomer.refresh_from_db()
    assert newcomer.user is None
    assert not User.objects.filter(username__iexact="noor").exists()
    assert not [m for m in mail.outbox if "noor.elamrani@example.org" in m.to]
    # Without an email address there is nothing to invite.
    newcomer.email = ""
    newcomer.save()
    response = client.post(
        _url(newcomer), {"action": "create", "username": "noor", "roles": ["mentor"]}
    )
    assert "Vul eerst het e-mailadres" in response.content.decode()
    assert not User.objects.filter(username="noor").exists()


def test_invitation_again_only_while_no_password_was_chosen(
    client, world, newcomer, django_capture_on_commit_callbacks
):
    hr = world.a.user(Role.HR_ADVISOR)
    accounts.employee_account_create(employee=newcomer, username="noor", roles=["mentor"], by=hr)
    mail.outbox.clear()
    client.force_login(hr)
    assert "Uitnodiging opnieuw sturen" in client.get(_url(newcomer)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(newcomer), {"action": "invite"})
    assert len([m for m in mail.outbox if "noor.elamrani@example.org" in m.to]) == 1
    newcomer.refresh_from_db()
    newcomer.user.set_password("Zonnebloem-2026!")
    newcomer.user.save()
    response = client.post(_url(newcomer), {"action": "invite"}, follow=True)
    assert "al een wachtwoord gekozen" in response.content.decode()
    assert len([m for m in mail.outbox if "noor.elamrani@example.org" in m.to]) == 1


def test_access_to_the_page(client, world, newcomer):
    url = _url(newcomer)
    for role, status in (
        (Role.HR_ADVISOR, 200),
        (Role.FUNCTIONAL_ADMIN, 200),
        (Role.MANAGER, 403),
        (Role.MENTOR, 404),  # a mentor sees own mentees only
        (Role.PRACTICE_SUPERVISOR, 403),
        (Role.SIDE_ENTRANT, 404),
    ):
        client.force_login(world.a.user(role))
        assert client.get(url).status_code == status, role
    client.force_login(world.b.user(Role.HR_ADVISOR))
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"action": "create", "username": "x", "roles": ["hr_advisor"]}).status_code
        == 404
    )
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_query_count(client, world, newcomer, django_assert_num_queries):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    # 7 baseline + employee + grantable roles (cached) + roles held
    with django_assert_num_queries(8):
        client.get(_url(newcomer))
    accounts.employee_account_create(
        employee=newcomer, username="noor", roles=["mentor"], by=world.a.user(Role.HR_ADVISOR)
    )
    with django_assert_num_queries(9):
        client.get(_url(newcomer))


def test_nobody_gives_themselves_a_role_on_the_employee_page(client, world):
    admin = world.a.user(Role.FUNCTIONAL_ADMIN)
    own = EmployeeFactory(organisation=world.a.organisation, user=admin, email="fa@example.org")
    client.force_login(admin)
    response = client.post(
        _url(own), {"action": "roles", "roles": ["functional_admin", "support_coordinator"]}
    )
    assert response.status_code == 200
    assert "Je kunt jezelf geen rol geven" in response.content.decode()
    assert accounts.roles_in(admin, world.a.organisation) == {"functional_admin"}
