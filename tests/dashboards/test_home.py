import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from organisations.models import Employee, Organisation, Placement
from organisations.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_is_idempotent(demo):
    counts = (Organisation.objects.count(), Employee.objects.count(), Placement.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        Organisation.objects.count(),
        Employee.objects.count(),
        Placement.objects.count(),
    )
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {
        "Jeugdbescherming Noord",
        "Veilig Thuis Groningen",
        "Veilig Thuis IJsselland",
        "Jeugdbescherming Overijssel",
        "Raad voor de Kinderbescherming",
        "Jeugdbescherming west",
        "Patyna",
    } <= names
    assert Organisation.objects.filter(kind="sociaal_werk").exists()


# What each demo user must see on their home page after `make run`.
HOME_TEXT = {
    "hr": ["Hr-adviseur", "zij-instromers in dienst", "Nieuwste zij-instromers", "Sanne Mulder"],
    "supervisor": ["Zij-instromers op weg naar SKJ-registratie", "Sanne Mulder"],
    "mentor": ["Mijn werk", "Jeroen Visser", "SKJ-geregistreerd"],
    "manager": ["formatie en boven-formatieve pool", "Jeugdbescherming Stad", "Onderzoek"],
    "support": ["Coördinator begeleiding", "Jeugdbescherming west"],
    "sideentrant": ["Mijn instroom", "boven formatief", "Nog niet SKJ-geregistreerd"],
    "trainee": ["Mijn instroom", "Regio Zwolle"],
    "admin": ["Functioneel beheerder", "Referentiegegevens en rollen beheren"],
}


@pytest.mark.parametrize("username", sorted(HOME_TEXT))
def test_every_demo_user_logs_in_and_sees_their_home(client, demo, username):
    response = client.post(
        reverse("login"), {"username": username, "password": "instroom-demo"}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    for text in HOME_TEXT[username]:
        assert text in html, f"{username} misses {text!r}"


def test_demo_hr_sees_employees_of_both_organisations_only(client, demo):
    client.login(username="hr", password="instroom-demo")
    html = client.get(reverse("organisations:organisation_list")).content.decode()
    assert "Veilig Thuis Groningen" in html
    assert "Patyna" not in html


def test_home_query_count_is_constant(client, demo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.organisations.factories import EmployeeFactory, PlacementFactory

    client.login(username="hr", password="instroom-demo")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    noord = Organisation.objects.get(name="Jeugdbescherming Noord")
    team = noord.teams.first()
    for _ in range(10):
        employee = EmployeeFactory(organisation=noord, team=team, is_side_entrant=True)
        PlacementFactory(employee=employee, team=team, formation_kind="supernumerary")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(after) == len(before)


def test_user_without_role_is_told_what_to_do(client, outsider):
    client.force_login(outsider)
    assert "nog geen rol" in client.get(reverse("home")).content.decode()


def test_roles_do_not_see_each_others_sections(client, world):
    client.force_login(world.a.user(Role.MENTOR))
    html = client.get(reverse("home")).content.decode()
    assert "Hr-adviseur" not in html
    assert "boven-formatieve pool" not in html
