import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from training.models import (
    LearningActivity,
    LedgerEntry,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

pytestmark = pytest.mark.django_db
MODELS = [
    Track,
    TrackMilestone,
    WeightingTable,
    WeightedTask,
    TaskLogEntry,
    LedgerEntry,
    LearningActivity,
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _user(username):
    return get_user_model().objects.get(username=username)


def test_seed_demo_is_idempotent_for_training(demo):
    counts = [model.objects.count() for model in MODELS]
    assert all(counts), dict(zip([m.__name__ for m in MODELS], counts, strict=True))
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == [model.objects.count() for model in MODELS]


def test_sanne_sees_her_45_ec_track_tasks_and_plan(client, demo):
    sanne = _user("sideentrant").employee
    track = Track.objects.get(employee=sanne)
    assert track.route.code == "45ec"
    assert track.milestones.filter(done_on__isnull=False).exists()
    assert track.milestones.filter(done_on__isnull=True).exists()
    hire = sanne.employment_start
    assert track.registration_deadline == hire.replace(year=hire.year + 1)
    assert TaskLogEntry.objects.filter(
        employee=sanne, responsible__user__username="mentor"
    ).exists()
    client.force_login(_user("sideentrant"))
    response = client.get(reverse("training:my"), follow=True)
    assert "45 EC-traject" in response.content.decode()
    html = client.get(reverse("training:task_page", args=[sanne.pk])).content.decode()
    assert "Mag nu zelfstandig" in html and "Jeroen Visser" in html
    html = client.get(reverse("training:learning_plan", args=[sanne.pk])).content.decode()
    assert "Intervisie volgens de incidentmethode" in html


def test_veilig_thuis_has_its_own_table(demo):
    noord = WeightingTable.objects.get(organisation__name="Jeugdbescherming Noord")
    vt = WeightingTable.objects.get(organisation__name="Veilig Thuis Groningen")
    assert vt.copied_from is None
    assert set(vt.tasks.values_list("name", flat=True)) != set(
        noord.tasks.values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    "username,url_name,text",
    [
        ("hr", "training:track_list", "Mulder"),
        ("supervisor", "training:track_list", "Mulder"),
        ("manager", "training:track_summary", "45 EC-traject"),
        ("admin", "training:table_list", "Veilig Thuis Groningen"),
        ("hr", "training:ledger_list", "Visser"),
    ],
)
def test_demo_users_see_training(client, demo, username, url_name, text):
    client.force_login(_user(username))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert text in response.content.decode()


def test_mentor_sees_own_ledger(client, demo):
    mentor = _user("mentor")
    client.force_login(mentor)
    html = client.get(reverse("training:ledger_detail", args=[mentor.employee.pk])).content.decode()
    assert "Stand voor deze periode" in html
    assert LedgerEntry.objects.filter(employee=mentor.employee, kind="reflection").exists()
