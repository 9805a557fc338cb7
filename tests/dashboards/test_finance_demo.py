import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboards.models import (
    FinanceLine,
    FinancePlan,
    Programme,
    SubsidyApplication,
    SubsidyDeadline,
)

pytestmark = pytest.mark.django_db
MODELS = (Programme, FinancePlan, FinanceLine, SubsidyApplication, SubsidyDeadline)


def test_seed_demo_is_idempotent_and_the_manager_sees_the_plan(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = [model.objects.count() for model in MODELS]
    assert counts[1:] == [1, 4, 3, 5]
    call_command("seed_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in MODELS] == counts

    programme = Programme.objects.get(
        organisation__name="Jeugdbescherming Noord", name="Pilot zij-instroom 2026"
    )
    client.post(reverse("login"), {"username": "manager", "password": "instroom-demo"})
    html = client.get(reverse("dashboards:finance_plan", args=[programme.pk])).content.decode()
    assert "Wervingscampagne" in html
    html = client.get(reverse("dashboards:subsidy_list")).content.decode()
    assert "SPP-2026-0417" in html and "Tussentijdse voortgangsrapportage" in html
    assert "table-danger" in html  # the overdue EVC deadline is highlighted
