import io

import pytest
from django.core.management import call_command

from organisations.models import Employee, Organisation, Placement, Team


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
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    assert counts == (
        Organisation.objects.count(),
        Team.objects.count(),
        Employee.objects.count(),
        Employee.objects.filter(is_side_entrant=True).count(),
        Placement.objects.count(),
    )
