import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import (
    CheckIn,
    IntervisionParticipant,
    IntervisionSession,
    MentorAssignment,
    MentorProfile,
    MentorPulse,
)

pytestmark = pytest.mark.django_db
MODELS = [
    MentorProfile,
    MentorAssignment,
    CheckIn,
    IntervisionSession,
    IntervisionParticipant,
    MentorPulse,
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _user(username):
    return get_user_model().objects.get(username=username)


def test_seed_demo_is_idempotent_for_mentoring(demo):
    before = {m: m.objects.count() for m in MODELS}
    assert all(before.values()), before
    call_command("seed_demo", stdout=io.StringIO())
    assert {m: m.objects.count() for m in MODELS} == before


def test_demo_users_see_mentoring(client, demo):
    sanne = _user("sideentrant")
    main = MentorAssignment.objects.get(mentee__user=sanne, kind="main", end_date__isnull=True)
    assert main.mentor.user.username == "mentor"
    assert main.checkins.filter(held_on__isnull=False).exists()

    client.force_login(_user("mentor"))
    html = client.get(reverse("mentoring:my_mentees")).content.decode()
    assert "Sanne Mulder" in html
    assert "badge text-bg-danger" in html  # one overdue check-in

    client.force_login(sanne)
    html = client.get(reverse("mentoring:my_checkins")).content.decode()
    assert "Jeroen Visser" in html and "gehouden" in html

    client.force_login(_user("supervisor"))
    html = client.get(reverse("mentoring:pool")).content.decode()
    assert "Jeroen Visser" in html
    assert "twee keer achter elkaar weinig energie" in html
    html = client.get(reverse("mentoring:session_list")).content.decode()
    assert "Incidentmethode" in html
