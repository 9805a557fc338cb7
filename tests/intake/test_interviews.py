"""Interviews: the candidate's invitation, moving an interview and cancelling it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Interview
from organisations.roles import Role

from .factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db
HR = Role.HR_ADVISOR


@pytest.fixture
def application(world):
    campaign = CampaignFactory(organisation=world.a.organisation, title="Jeugdbeschermers Alfa")
    application = ApplicationFactory(
        campaign=campaign, first_name="Fatima", last_name="el Amrani", email="fatima@example.nl"
    )
    services.application_move(application=application, to_stage="interview", by=world.a.user(HR))
    return application


def _ics(message) -> str:
    (attachment,) = message.attachments
    return attachment[1].decode() if isinstance(attachment[1], bytes) else attachment[1]


def _form(when, panel, **extra):
    return {
        "starts_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 45,
        "location": "Kantoor Groningen, kamer 2.14",
        "video_url": "",
        "panel": [user.pk for user in panel],
        **extra,
    }


def test_candidate_gets_a_dutch_invitation_with_a_calendar_file(
    client, world, application, django_capture_on_commit_callbacks
):
    hr, supervisor = world.a.user(HR), world.a.user(Role.PRACTICE_SUPERVISOR)
    client.force_login(hr)
    when = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:interview_create", args=[application.pk]),
            _form(when, [hr, supervisor], invite_candidate="on"),
        )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.candidate_invited
    to_candidate = [m for m in mail.outbox if m.to == ["fatima@example.nl"]]
    assert len(to_candidate) == 1
    assert to_candidate[0].subject == "Uitnodiging voor een gesprek voor “Jeugdbeschermers Alfa”"
    assert "Beste Fatima," in to_candidate[0].body
    assert "METHOD:REQUEST" in _ics(to_candidate[0])
    assert len(mail.outbox) == 3  # two panel members and the candidate


def test_moving_an_interview_sends_an_update_that_replaces_the_calendar_event(
    client, world, application, django_capture_on_commit_callbacks
):
    hr, supervisor = world.a.user(HR), world.a.user(Role.PRACTICE_SUPERVISOR)
    interview = services.interview_schedule(
        application=application,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        panel=[hr, supervisor],
        location="Groningen",
        invite_candidate=True,
        send_invitations=False,
    )
    client.force_login(hr)
    later = timezone.now() + datetime.timedelta(days=5)
    url = reverse("intake:interview_update", args=[interview.pk])
    assert "Kantoor" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(later, [hr], invite_candidate="on"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.sequence == 1 and interview.duration_minutes == 45
    assert list(interview.panel.all()) == [hr]
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[hr.email].subject.startswith("Gesprek gewijzigd")
    updated = _ics(by_recipient[hr.email])
    assert "SEQUENCE:1" in updated and f"UID:intake-interview-{interview.pk}@instroom" in updated
    # the supervisor left the panel: a cancellation for their calendar
    assert "METHOD:CANCEL" in _ics(by_recipient[supervisor.email])
    assert by_recipient["fatima@example.nl"].subject.startswith("Nieuwe tijd voor je gesprek")


def test_cancel_needs_a_reason_then_tells_everyone_and_stops_the_reminder(
    client, world, application, django_capture_on_commit_callbacks
):
    hr = world.a.user(HR)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    interview = services.interview_schedule(
        application=application,
        starts_at=tomorrow,
        duration_minutes=60,
        panel=[hr],
        location="Groningen",
        invite_candidate=True,
        send_invitations=False,
    )
    client.force_login(hr)
    url = reverse("intake:interview_cancel", args=[interview.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode() or "Geef een reden" in (
        response.content.decode()
    )
    interview.refresh_from_db()
    assert interview.cancelled_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Kandidaat is ziek <b>vandaag</b>"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.cancelled_at is not None
    assert {m.to[0] for m in mail.outbox} == {hr.email, "fatima@example.nl"}
    assert all("METHOD:CANCEL" in _ics(m) and "STATUS:CANCELLED" in _ics(m) for m in mail.outbox)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Geannuleerd" in page and "&lt;b&gt;vandaag&lt;/b&gt;" in page
    # a cancelled interview gets no reminder and cannot be moved
    assert services.interview_reminders_send() == 0
    response = client.get(reverse("intake:interview_update", args=[interview.pk]))
    assert response.status_code == 302


def test_only_hr_of_the_organisation_may_change_an_interview(client, world, application):
    interview = services.interview_schedule(
        application=application,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        panel=[world.a.user(HR)],
        location="Groningen",
        send_invitations=False,
    )
    when = timezone.now() + datetime.timedelta(days=4)
    for user, expected in (
        (world.a.user(Role.PRACTICE_SUPERVISOR), 403),
        (world.a.user(Role.MENTOR), 404),
        (world.b.user(HR), 404),
    ):
        client.force_login(user)
        for name in ("intake:interview_update", "intake:interview_cancel"):
            url = reverse(name, args=[interview.pk])
            data = _form(when, [world.a.user(HR)], reason="x")
            assert client.post(url, data).status_code == expected, (name, user)
    interview.refresh_from_db()
    assert interview.sequence == 0 and interview.cancelled_at is None
