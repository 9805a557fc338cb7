"""The applicant's withdraw link: it withdraws an open application and nothing else."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Application
from organisations.roles import Role
from tests.intake.factories import ApplicationFactory, CampaignFactory, reason

pytestmark = pytest.mark.django_db
HR = Role.HR_ADVISOR


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation, title="Werving Alfa")


def _url(application):
    return reverse("intake:withdraw", args=[services.withdraw_token(application)])


def _snapshot(application):
    application = Application.objects.get(pk=application.pk)
    return (
        application.stage,
        application.rejection_reason_id,
        application.ended_at,
        application.stage_changed_at,
        application.erased_at,
        application.stage_changes.count(),
    )


def _rejected(world, campaign, **kwargs):
    application = ApplicationFactory(campaign=campaign, **kwargs)
    return services.application_move(
        application=application,
        to_stage="rejected",
        by=world.a.user(HR),
        rejection_reason=reason(),
    )


def _hired(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    services.application_move(application=application, to_stage="offer", by=world.a.user(HR))
    services.application_hire(
        application=application,
        team=world.a.team,
        start_date=timezone.localdate(),
        fte=Decimal("1.00"),
        job_function="Jeugdbeschermer in opleiding",
        by=world.a.user(HR),
    )
    return Application.objects.get(pk=application.pk)


def _withdrawn(world, campaign):
    application = ApplicationFactory(campaign=campaign)
    services.application_withdraw_by_applicant(application=application)
    return Application.objects.get(pk=application.pk)


def _erased(world, campaign):
    application = _rejected(world, campaign)
    services.application_erase(application=application, why="request", by=world.a.user(HR))
    return Application.objects.get(pk=application.pk)


ENDED = {
    "rejected": (_rejected, "Over deze sollicitatie is al een besluit genomen."),
    "hired": (_hired, "Over deze sollicitatie is al een besluit genomen."),
    "withdrawn": (_withdrawn, "Je hebt deze sollicitatie al ingetrokken."),
    "erased": (_erased, "Je persoonsgegevens zijn al verwijderd."),
}


@pytest.mark.parametrize("state", list(ENDED))
def test_an_ended_application_is_left_as_it_is(client, world, campaign, state):
    make, text = ENDED[state]
    application = make(world, campaign)
    before = _snapshot(application)
    url = _url(application)
    for response in (client.get(url), client.post(url, {"confirm": "1"})):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Deze sollicitatie is al afgesloten." in html and text in html
        assert "Deze link verandert niets meer." in html
        assert "Ja, trek mijn sollicitatie in" not in html  # no button to press
    assert _snapshot(application) == before


def test_a_rejection_keeps_its_reason_and_retention_clock(client, world, campaign):
    application = _rejected(world, campaign)
    decided_at = Application.objects.get(pk=application.pk).ended_at
    with time_machine.travel(timezone.now() + datetime.timedelta(days=10), tick=False):
        client.post(_url(application))
    application.refresh_from_db()
    assert application.stage == "rejected" and application.rejection_reason is not None
    assert application.ended_at == decided_at


def test_the_service_refuses_an_ended_application(world, campaign):
    application = _rejected(world, campaign)
    before = _snapshot(application)
    with pytest.raises(services.ApplicationClosed):
        services.application_withdraw_by_applicant(application=application)
    assert _snapshot(application) == before


def test_a_get_only_asks_and_a_post_withdraws(client, world, campaign):
    application = ApplicationFactory(campaign=campaign)
    before = _snapshot(application)
    html = client.get(_url(application)).content.decode()
    assert "Ja, trek mijn sollicitatie in" in html
    assert _snapshot(application) == before
    client.post(_url(application))
    application.refresh_from_db()
    assert application.stage == "withdrawn" and application.ended_at is not None


@pytest.mark.parametrize("state", ["open", "rejected"])
def test_the_page_speaks_the_applicants_language(client, world, campaign, state):
    if state == "open":
        application = ApplicationFactory(campaign=campaign, language="en")
    else:
        application = _rejected(world, campaign, language="en")
    html = client.get(_url(application)).content.decode()
    assert '<html lang="en">' in html
    if state == "rejected":
        assert "A decision has already been made about this application." in html
    else:
        assert "Do you want to withdraw your application?" in html
    # A language chosen on the site itself wins.
    client.cookies["django_language"] = "nl"
    assert '<html lang="nl">' in client.get(_url(application)).content.decode()
