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


def test_large_scale_plans_every_trainee_once_per_partner_within_capacity(db):
    """seed_large on a small world: bulk plans keep the rules the services enforce."""
    import datetime
    import types
    from collections import Counter

    from tests.organisations.factories import EmployeeFactory, OrganisationFactory, TeamFactory
    from traineeship import demo_large
    from traineeship.models import Cohort, Contract, Rotation, Trainee

    for _ in range(6):
        organisation = OrganisationFactory()
        team = TeamFactory(organisation=organisation)
        for _ in range(6):
            EmployeeFactory(organisation=organisation, team=team)
    ctx = types.SimpleNamespace(today=datetime.date(2026, 11, 26), write=lambda text: None)
    demo_large.seed_large(ctx)
    assert Cohort.objects.count() == 20 and Trainee.objects.count() == 36
    assert Rotation.objects.count() == 36 * 6 == Contract.objects.count()
    for trainee in Trainee.objects.prefetch_related("rotations"):
        rotations = sorted(trainee.rotations.all(), key=lambda r: r.start_date)
        assert len({r.partner_id for r in rotations}) == 6  # every partner once
        for before, after in zip(rotations, rotations[1:], strict=False):
            assert after.start_date == before.end_date + datetime.timedelta(days=1)  # no gaps
    # In every period of a cohort the partners host a balanced number (differing by <= 1).
    for cohort in Cohort.objects.all():
        for _n, start, _end in cohort.periods():
            hosts = Counter(
                Rotation.objects.filter(trainee__cohort=cohort, start_date=start).values_list(
                    "partner_id", flat=True
                )
            )
            n = cohort.trainees.count()
            if n:
                assert max(hosts.values()) - (min(hosts.values()) if len(hosts) == 6 else 0) <= 1
    contract = Contract.objects.select_related("rotation").first()
    assert (contract.start_date, contract.end_date) == (
        contract.rotation.start_date,
        contract.rotation.end_date,
    )
    demo_large.seed_large(ctx)  # idempotent
    assert Rotation.objects.count() == 216 and Contract.objects.count() == 216
