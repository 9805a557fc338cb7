import datetime

import pytest
import time_machine

from organisations import services as org_services
from support.models import Trajectory
from support.tasks import erase_expired_trajectories
from tests.organisations.factories import EmployeeFactory

from .factories import trajectory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_beat_task_erases_once_and_is_idempotent(world):
    leaver = EmployeeFactory(
        organisation=world.a.organisation, team=world.a.team, employment_start=D(2019, 1, 1)
    )
    trajectory(leaver, start=D(2022, 1, 1), end=D(2022, 3, 1))
    org_services.employee_update(employee=leaver, employment_end=D(2023, 6, 30))
    with time_machine.travel(datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)):
        assert erase_expired_trajectories.delay().get() == 0
    with time_machine.travel(datetime.datetime(2025, 7, 2, 12, tzinfo=datetime.UTC)):
        assert erase_expired_trajectories.delay().get() == 1
        assert erase_expired_trajectories.delay().get() == 0
    assert not Trajectory.objects.exists()
