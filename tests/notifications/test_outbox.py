"""The one outgoing email path: every mail (applicants included) queued in the outbox."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from intake import services as intake
from notifications import outbox, services
from notifications.models import Notification
from organisations.roles import Role
from tests.intake.factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def _confirm(campaign, *, language="nl", **fields):
    application = ApplicationFactory(campaign=campaign, language=language, **fields)
    intake.application_confirm_by_email(application=application)
    return application


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation, title="Jeugdzorg 't Gooi")


def test_applicant_confirmation_in_the_language_they_applied_in(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(campaign, language="en", email="sam@example.org", first_name="Sam")
        _confirm(campaign, language="nl", email="sanne@example.org", first_name="Sanne")
    english, dutch = sorted(mail.outbox, key=lambda m: m.to != ["sam@example.org"])
    assert english.subject == "Your application for Jeugdzorg 't Gooi"
    assert "Dear Sam," in english.body and "Withdraw your application:" in english.body
    assert "We delete your data 4 weeks after the procedure ends." in english.body
    assert dutch.to == ["sanne@example.org"]
    assert dutch.subject == "Je sollicitatie voor Jeugdzorg 't Gooi"
    assert "Beste Sanne," in dutch.body
    # Email only: nothing shows up in anybody's notification list.
    assert not Notification.objects.filter(in_app=True).exists()


def test_subject_and_body_are_not_html_escaped(world, django_capture_on_commit_callbacks):
    campaign = CampaignFactory(organisation=world.a.organisation, title="Zorg & Co")
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(
            campaign=campaign, first_name="Jan", last_name="van 't Hek", email="jan@example.org"
        )
        intake.application_move(
            application=application, to_stage="interview", by=world.a.user(Role.HR_ADVISOR)
        )
        intake.interview_schedule(
            application=application,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=45,
            panel=[world.a.user(Role.HR_ADVISOR)],
            location="Groningen",
        )
    (invitation,) = [m for m in mail.outbox if m.attachments]
    assert invitation.subject.endswith("Jan van 't Hek")
    assert "&#x27;" not in invitation.subject + invitation.body
    assert "&amp;" not in invitation.subject + invitation.body


def test_withdraw_link_is_signed_at_send_time_and_not_stored(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _confirm(campaign, email="lot@example.org")
    row = Notification.objects.get(email_to="lot@example.org")
    assert "Sollicitatie intrekken: [[secret:withdraw_url]]" in row.body
    (message,) = mail.outbox
    link = re.search(r"Sollicitatie intrekken: (\S+)", message.body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert intake.application_from_withdraw_token(token) == application
    assert token not in " ".join(str(value) for value in row.__dict__.values())


def test_confirmation_queued_while_the_broker_is_down_is_sent_by_the_sweep(
    campaign, django_capture_on_commit_callbacks, settings
):
    # An unreachable broker, for real: the task's .delay() fails to connect.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch(
            "notifications.tasks.deliver_notifications.delay",
            side_effect=OperationalError("redis down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _confirm(campaign, email="broker@example.org")
    assert mail.outbox == []
    row = Notification.objects.get(email_to="broker@example.org")
    assert row.send_email and row.email_sent_at is None
    assert services.notifications_deliver_pending() == 1
    assert services.notifications_deliver_pending() == 0
    (message,) = mail.outbox
    assert message.to == ["broker@example.org"] and "Withdraw" not in message.subject


def test_an_erased_application_takes_its_queued_mails_along(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        application = _confirm(campaign, email="weg@example.org")
    intake.application_erase(application=application, why="request", by=None)
    assert not Notification.objects.filter(email_to="weg@example.org").exists()
    assert services.notifications_deliver_pending() == 0


def test_interview_invitation_carries_the_ics_and_each_reader_their_language(
    world, django_capture_on_commit_callbacks
):
    hr, supervisor = world.a.user(Role.HR_ADVISOR), world.a.user(Role.PRACTICE_SUPERVISOR)
    services.preference_update(user=supervisor, language="en", email_notifications=True)
    campaign = CampaignFactory(organisation=world.a.organisation, title="Team Noord")
    application = ApplicationFactory(
        campaign=campaign, first_name="Sam", email="sam@example.org", language="en"
    )
    intake.application_move(application=application, to_stage="interview", by=hr)
    with django_capture_on_commit_callbacks(execute=True):
        intake.interview_schedule(
            application=application,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=45,
            panel=[hr, supervisor],
            location="Groningen",
            invite_candidate=True,
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {hr.email, supervisor.email, "sam@example.org"}
    for message in by_address.values():
        (name, content, mimetype) = message.attachments[0]
        assert name == "uitnodiging.ics" and mimetype.startswith("text/calendar")
        assert b"METHOD:REQUEST" in (content if isinstance(content, bytes) else content.encode())
    assert by_address[hr.email].subject.startswith("Uitnodiging")
    assert by_address[supervisor.email].subject.startswith("Interview invitation")
    assert by_address["sam@example.org"].subject == "Invitation to an interview for “Team Noord”"
    assert "SUMMARY:Interview Sam" in _ics_text(by_address[supervisor.email])
    assert "SUMMARY:Gesprek Sam" in _ics_text(by_address[hr.email])


def _ics_text(message) -> str:
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def test_login_invitation_token_is_never_stored(world, django_capture_on_commit_callbacks):
    from organisations.accounts import employee_account_create
    from tests.organisations.factories import EmployeeFactory

    employee = EmployeeFactory(organisation=world.a.organisation, email="nieuw@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user = employee_account_create(
            employee=employee,
            username="nieuw@example.org",
            roles=["side_entrant"],
            by=world.a.user(Role.HR_ADVISOR),
        )
    (message,) = [m for m in mail.outbox if m.to == ["nieuw@example.org"]]
    token = re.search(r"/accounts/reset/[^/]+/([^/\s]+)/", message.body).group(1)
    for row in Notification.objects.all():
        stored = " ".join(str(value) for value in row.__dict__.values())
        assert token not in stored
    assert not Notification.objects.filter(recipient=user, in_app=True).exists()


def test_email_queue_takes_a_user_in_their_language_or_an_address(
    world, django_capture_on_commit_callbacks
):
    user = world.a.user(Role.HR_ADVISOR)
    services.preference_update(user=user, language="en", email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_queue(to=user, kind="t", template="notifications/email/update_available")
        outbox.email_queue(
            to="iemand@example.org",
            language="en",
            kind="t",
            template="intake/email/rejection",
            context={"candidate": {"first_name": "Iemand"}, "campaign": {"title": "Noord"}},
        )
        assert outbox.email_queue(to="", kind="t", template="x") is None
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Dear Iemand," in mail.outbox[1].body
    # Email-only mail goes even to users who turned off mailed notifications.
    assert subjects == {
        user.email: "There is an update for you in Instroom",
        "iemand@example.org": mail.outbox[1].subject,
    }
    # Sent once: the worker again, the sweep again, nothing new.
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert services.notifications_deliver(ids=ids) == 0
    assert services.notifications_deliver_pending() == 0
    assert len(mail.outbox) == 2
