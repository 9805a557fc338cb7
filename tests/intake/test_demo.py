import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from intake.models import Application, Campaign, Candidate, Hire, Score

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_hr_runs_the_pipeline(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Campaign.objects.count(),
        Application.objects.count(),
        Candidate.objects.count(),
        Score.objects.count(),
        Hire.objects.count(),
    )
    assert counts[0] == 3 and counts[1] >= 40 and counts[4] == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        Campaign.objects.count(),
        Application.objects.count(),
        Candidate.objects.count(),
        Score.objects.count(),
        Hire.objects.count(),
    )
    assert set(Score.objects.values_list("assessor__username", flat=True)) == {"hr", "supervisor"}
    assert Application.objects.filter(on_waiting_list=True).exists()
    assert Candidate.objects.filter(applications__campaign__slug__contains="veilig").filter(
        applications__campaign__slug__contains="jeugdbeschermer"
    )

    client.force_login(Hire.objects.get().hired_by)
    campaign = Campaign.objects.get(slug="zij-instromers-jeugdbeschermer-2026")
    html = client.get(reverse("intake:board", args=[campaign.pk])).content.decode()
    assert "Aanbod" in html and "Aangenomen" in html
    offer = campaign.applications.filter(stage="offer").first()
    assert client.get(reverse("intake:application_hire", args=[offer.pk])).status_code == 200
    assert client.get(campaign.get_public_url()).status_code == 200

    from django.contrib.auth import get_user_model

    mentor = get_user_model().objects.get(username="mentor")
    client.force_login(mentor)
    assert client.get(reverse("intake:campaign_list")).status_code == 403
    assert client.get(reverse("intake:board", args=[campaign.pk])).status_code == 404
