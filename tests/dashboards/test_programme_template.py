"""The stappenplan as a JSON template: export -> import round trip, and bad templates."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboards.models import Goal, Programme, Step
from dashboards.models.programmes import Kpi
from dashboards.programmes import services, template_io
from organisations.roles import Role
from tests.dashboards.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(world):
    programme = make_programme(
        world.a.organisation,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        description="Twaalf zij-instromers boven formatief.",
        teams=[world.a.team],
    )
    services.goal_create(programme=programme, kpi=Kpi.HIRED, target=Decimal("12"))
    services.goal_create(programme=programme, kpi=Kpi.DROPOUT_12, target=Decimal("15"))
    services.goal_create(
        programme=programme, kpi=Kpi.CHECKIN_SCORE, target=Decimal("3.5"), note="landelijk"
    )
    for kind, title, settings in (
        ("campaign_setup", "Campagne met open dag", {}),
        ("criteria", "Selectie op motivatie", {}),
        ("mentor_briefing", "Verwachtingen met mentoren", {}),
        ("checkin_cadence", "Terugkommomenten", {"cadence_weeks": 2, "after_months": 3}),
        ("evaluation_moment", "Evaluatie na zes maanden", {"month": 6}),
    ):
        services.step_create(programme=programme, kind=kind, title=title, settings=settings)
    services.programme_update(programme=programme, status=Programme.Status.RUNNING)
    return programme


def _shape(programme):
    return (
        [(g.kpi, g.target, g.note) for g in programme.goals.order_by("kpi")],
        [(s.order, s.kind, s.title, s.description, s.settings) for s in programme.steps.all()],
    )


def test_round_trip_reproduces_the_programme_in_another_organisation(client, world, source):
    client.force_login(world.a.user(Role.MANAGER))
    exported = client.get(reverse("dashboards:programme_template", args=[source.pk])).content
    client.force_login(world.b.user(Role.HR_ADVISOR))
    response = client.post(
        reverse("dashboards:programme_import"),
        {
            "organisation": world.b.organisation.pk,
            "starts_on": "2027-03-01",
            "file": SimpleUploadedFile("stappenplan.json", exported, "application/json"),
        },
    )
    assert response.status_code == 302
    copy = Programme.objects.get(organisation=world.b.organisation)
    assert copy.name == source.name
    assert copy.status == Programme.Status.DRAFT
    assert copy.starts_on == datetime.date(2027, 3, 1)
    assert copy.ends_on == datetime.date(2028, 2, 28)  # same length: 364 days (2028 is a leap year)
    assert copy.description == source.description
    assert list(copy.teams.all()) == []  # teams are the source organisation's own
    assert _shape(copy) == _shape(source)
    assert response["Location"] == copy.get_absolute_url()


def test_import_by_pasting_with_another_name(client, world, source):
    text = json.dumps(template_io.export_template(source))
    client.force_login(world.b.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_import"),
        {
            "organisation": world.b.organisation.pk,
            "starts_on": "2027-01-01",
            "name": "Onze pilot",
            "text": text,
        },
    )
    assert response.status_code == 302
    assert _shape(Programme.objects.get(name="Onze pilot")) == _shape(source)


def _template(**changes):
    data = {
        "format": "instroom.programme-template",
        "version": 1,
        "programme": {"name": "Pilot", "description": "", "duration_days": 365},
        "goals": [{"kpi": "hired", "target": "8", "note": ""}],
        "steps": [{"order": 1, "kind": "criteria", "title": "Criteria", "settings": {}}],
    }
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{niet json", "geen geldige JSON"),
        ("[]", "geen programmasjabloon"),
        (_template(format="iets.anders"), "geen programmasjabloon"),
        (_template(version=2), "nieuwere versie van Instroom (versie 2)"),
        (_template(version="1"), "geen geldig versienummer"),
        (_template(goals=[{"kpi": "hired"}]), "heeft geen streefwaarde"),
        (_template(goals=[{"kpi": "hired", "target": None}]), "heeft geen streefwaarde"),
        (_template(goals=[{"kpi": "geluk", "target": "5"}]), "Onbekende KPI"),
        (_template(goals=[{"kpi": "hired", "target": "veel"}]), "geen getal"),
        (_template(goals=[{"kpi": "dropout_6", "target": "150"}]), "tussen 0 en 100"),
        (_template(goals=[{"kpi": "hired", "target": "1"}] * 2), "al een doel"),
        (_template(goals="hired"), "geen lijst"),
        (_template(steps=[{"order": 1, "kind": "dans", "title": "x"}]), "Onbekende soort stap"),
        (_template(steps=[{"order": 1, "kind": "other", "title": ""}]), "geen titel"),
        (
            _template(steps=[{"order": 1, "kind": "other", "title": "x", "settings": [1]}]),
            "niet geldig",
        ),
        (
            _template(
                steps=[
                    {"order": 1, "kind": "other", "title": "a"},
                    {"order": 1, "kind": "other", "title": "b"},
                ]
            ),
            "al dit nummer",
        ),
        (_template(programme={"name": "P", "duration_days": -4}), "looptijd"),
    ],
)
def test_bad_templates_save_nothing(client, world, text, message):
    client.force_login(world.b.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_import"),
        {"organisation": world.b.organisation.pk, "starts_on": "2027-01-01", "text": text},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.exists()
    assert not Goal.objects.exists() and not Step.objects.exists()


def test_import_into_a_taken_name_saves_nothing(client, world):
    make_programme(world.b.organisation, name="Pilot")
    client.force_login(world.b.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_import"),
        {"organisation": world.b.organisation.pk, "starts_on": "2027-01-01", "text": _template()},
    )
    assert "al een programma met deze naam" in response.content.decode()
    assert Programme.objects.count() == 1 and not Goal.objects.exists()


def test_import_needs_a_file_or_text_and_an_own_organisation(client, world):
    url = reverse("dashboards:programme_import")
    client.force_login(world.b.user(Role.MANAGER))
    response = client.post(
        url, {"organisation": world.b.organisation.pk, "starts_on": "2027-01-01"}
    )
    assert "Upload een sjabloonbestand" in response.content.decode()
    response = client.post(
        url,
        {"organisation": world.a.organisation.pk, "starts_on": "2027-01-01", "text": _template()},
    )
    assert response.status_code == 200
    assert not Programme.objects.exists()
    client.force_login(world.b.user(Role.MENTOR))
    assert client.get(url).status_code == 403
    client.force_login(world.b.user(Role.FUNCTIONAL_ADMIN))
    assert client.get(url).status_code == 403
