"""The demo programme: created once, with goals and steps, and real traffic lights."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from dashboards.models import Goal, Programme, Step
from dashboards.programmes import evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_programme_is_idempotent(demo):
    counts = (Programme.objects.count(), Goal.objects.count(), Step.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Programme.objects.count(), Goal.objects.count(), Step.objects.count())
    programme = Programme.objects.get(name="Pilot zij-instroom 2026")
    assert programme.organisation.name == "Jeugdbescherming Noord"
    assert programme.status == Programme.Status.RUNNING
    assert programme.goals.count() == 8 and programme.steps.count() == 7


def test_demo_evaluation_shows_real_lights(demo, client):
    programme = Programme.objects.get(name="Pilot zij-instroom 2026")
    rows = evaluation.evaluate(programme)["rows"]
    lights = {row.light for row in rows if row.target is not None}
    assert lights & {evaluation.GREEN, evaluation.ORANGE, evaluation.RED}
    assert next(row for row in rows if row.kpi == "hired").actual > 0
    for username in ("manager", "hr"):
        client.force_login(get_user_model().objects.get(username=username))
        url = reverse("dashboards:programme_evaluation", args=[programme.pk])
        assert client.get(url).status_code == 200
        html = client.get(reverse("dashboards:programme_list")).content.decode()
        assert "Pilot zij-instroom 2026" in html
