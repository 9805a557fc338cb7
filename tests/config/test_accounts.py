import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(client):
    UserFactory(username="ruth", password="secret-password-1")
    response = client.post(reverse("login"), {"username": "ruth", "password": "secret-password-1"})
    assert response.status_code == 302 and response.url == reverse("home")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gets_a_dutch_message(client):
    UserFactory(username="ruth")
    response = client.post(reverse("login"), {"username": "ruth", "password": "nope"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_password_reset_by_email(client):
    user = UserFactory(username="ruth", email="ruth@example.org")
    client.post(reverse("password_reset"), {"email": "ruth@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Herstel je Instroom-wachtwoord"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-wachtwoord-42", "new_password2": "een-nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("een-nieuw-wachtwoord-42")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_password_change_rejects_weak_passwords(client):
    user = UserFactory(username="ruth", password="secret-password-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-password-1", "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
