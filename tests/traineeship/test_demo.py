import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification
from traineeship import tasks
from traineeship.models import (
    Absence,
    Cohort,
    Contract,
    Funder,
    Guideline,
    Payment,
    Programme,
    Review,
    Rotation,
    Trainee,
)

pytestmark = pytest.mark.django_db
MODELS = [
    Programme,
    Cohort,
    Trainee,
    Rotation,
    Contract,
    Funder,
    Payment,
    Guideline,
    Absence,
    Review,
]


def test_seed_demo_is_idempotent_and_demo_users_see_the_traineeship(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {m: m.objects.count() for m in MODELS}
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {m: m.objects.count() for m in MODELS} == counts
    assert counts[Trainee] == 3 and counts[Rotation] == 9
    programme = Programme.objects.get(name="Traineeship Jeugdzorg IJsselland")
    cohort = programme.cohorts.get()
    # The generated 3 x 3 plan: each partner hosts exactly one trainee per period.
    for _n, start, _e in cohort.periods():
        assert (
            Rotation.objects.filter(trainee__cohort=cohort, start_date=start)
            .values("partner")
            .distinct()
            .count()
            == 3
        )
    assert not Rotation.objects.filter(mentor__isnull=True).exists()
    users = get_user_model().objects
    client.force_login(users.get(username="coordinator"))
    assert client.get(programme.get_absolute_url()).status_code == 200
    assert client.get(reverse("traineeship:budget", args=[programme.pk])).status_code == 200
    assert client.get(cohort.get_absolute_url()).status_code == 200
    daan = Trainee.objects.get(employee__user__username="trainee")
    client.force_login(users.get(username="trainee"))
    response = client.get(daan.get_absolute_url())
    assert response.status_code == 200 and "Postma" in response.content.decode()
    client.force_login(users.get(username="hr"))
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_reminder_task_runs_twice_without_sending_twice():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    import datetime

    from traineeship import services

    second = Rotation.objects.filter(trainee__employee__user__username="trainee").order_by(
        "start_date"
    )[1]
    day = second.start_date - datetime.timedelta(days=20)
    first = services.rotation_reminders_send(today=day)
    assert first > 0
    assert services.rotation_reminders_send(today=day) == 0
    assert Notification.objects.filter(kind="traineeship.rotation_reminder").count() == first
    assert tasks.send_rotation_reminders() >= 0
