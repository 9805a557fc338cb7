"""The demo functional admin (`admin`, functional admin of every demo organisation) still
uses the Django admin for their organisations after the scoping of #15."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from organisations.models import Organisation

CHANGELISTS = [
    "organisations_team",
    "organisations_membership",
    "auth_user",
    "training_weightingtable",
    "support_intervention",
    "intake_rejectionreason",
    "training_route",
]


@pytest.mark.django_db
def test_demo_admin_uses_the_admin_for_their_organisations(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username="admin", password=settings.DEMO_PASSWORD)
    for name in CHANGELISTS:
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
        assert response.context["cl"].result_count > 0, name
    response = client.get(reverse("admin:organisations_team_changelist"))
    team = response.context["cl"].result_list[0]
    assert client.get(reverse("admin:organisations_team_change", args=[team.pk])).status_code == 200
    names = set(Organisation.objects.values_list("name", flat=True))
    page = client.get(reverse("admin:organisations_team_changelist")).content.decode()
    assert all(name in page for name in names)
