import io

import pytest
from django.core.management import call_command

from organisations.models import Employee, Organisation, Placement, Team

# Every app's large-scale targets (issue 10), reached exactly by the top-ups.
APP_TARGETS = {
    "mentors": 500,
    "assignments": 2_000,
    "checkins": 50_000,
    "sessions": 5_000,
    "campaigns": 40,
    "candidates": 20_000,
    "applications": 40_000,
    "tracks": 2_000,
    "tasks": 20_000,
    "cohorts": 20,
    "trainees": 300,
    "trajectories": 5_000,
}


def _app_counts() -> dict[str, int]:
    from intake.models import Application, Campaign, Candidate
    from mentoring.models import CheckIn, IntervisionSession, MentorAssignment, MentorProfile
    from support.models import Trajectory
    from traineeship.models import Cohort, Trainee
    from training.models import TaskLogEntry, Track

    return {
        "mentors": MentorProfile.objects.count(),
        "assignments": MentorAssignment.objects.count(),
        "checkins": CheckIn.objects.count(),
        "sessions": IntervisionSession.objects.count(),
        "campaigns": Campaign.objects.count(),
        "candidates": Candidate.objects.count(),
        "applications": Application.objects.count(),
        "tracks": Track.objects.count(),
        "tasks": TaskLogEntry.objects.count(),
        "cohorts": Cohort.objects.count(),
        "trainees": Trainee.objects.count(),
        "trajectories": Trajectory.objects.count(),
    }


@pytest.mark.django_db
def test_large_scale_reaches_its_targets_and_is_idempotent():
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    counts = (
        Organisation.objects.count(),
        Team.objects.count(),
        Employee.objects.count(),
        Employee.objects.filter(is_side_entrant=True).count(),
        Placement.objects.count(),
    )
    assert counts[:3] == (20, 200, 5000)
    assert counts[3] >= 1000
    assert _app_counts() == APP_TARGETS
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    assert counts == (
        Organisation.objects.count(),
        Team.objects.count(),
        Employee.objects.count(),
        Employee.objects.filter(is_side_entrant=True).count(),
        Placement.objects.count(),
    )
    assert _app_counts() == APP_TARGETS
