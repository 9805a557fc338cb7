from unittest import mock

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from notifications import outbox, services
from notifications.models import Notification
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/email/update_available"


def test_rendered_in_the_recipients_language():
    dutch, english = UserFactory(first_name="Sanne"), UserFactory(first_name="Sam")
    services.preference_update(user=english, language="en", email_notifications=True)
    nl = services.notification_create(recipient=dutch, kind="test", template=TEMPLATE, queue=False)
    en = services.notification_create(
        recipient=english, kind="test", template=TEMPLATE, queue=False
    )
    assert nl.title == "Er is een update voor je in Instroom"
    assert "Beste Sanne" in nl.body
    assert en.title == "There is an update for you in Instroom"
    assert "Dear Sam" in en.body


def test_email_goes_out_once_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_create(recipient=user, kind="test", template=TEMPLATE)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    # Delivering again (a retried task, a second worker, the sweep) sends nothing.
    assert services.notifications_deliver(ids=[notification.pk]) == 0
    assert services.notifications_deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_nothing_is_mailed_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notification_create(recipient=user, kind="test", template=TEMPLATE)
    assert len(callbacks) == 1  # queued only on commit
    assert len(mail.outbox) == 0


def test_broker_down_keeps_the_email_for_the_sweep(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        mock.patch(
            "notifications.tasks.deliver_notifications.delay",
            side_effect=OperationalError("redis down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notification_create(recipient=user, kind="test", template=TEMPLATE)
    assert len(mail.outbox) == 0
    assert services.notifications_deliver_pending() == 1
    assert services.notifications_deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_failed_send_is_released_for_a_retry(settings):
    user = UserFactory()
    notification = services.notification_create(
        recipient=user, kind="test", template=TEMPLATE, queue=False
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        assert services.notifications_deliver(ids=[notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.email_sent_at is None
    assert services.notifications_deliver_pending() == 1


def test_users_can_opt_out_of_email():
    user = UserFactory()
    services.preference_update(user=user, language="nl", email_notifications=False)
    notification = services.notification_create(
        recipient=user, kind="test", template=TEMPLATE, queue=False
    )
    assert not notification.send_email
    assert services.notifications_deliver_pending() == 0


def test_one_mail_connection_per_batch():
    users = [UserFactory() for _ in range(5)]
    ids = [
        services.notification_create(recipient=u, kind="t", template=TEMPLATE, queue=False).pk
        for u in users
    ]
    with mock.patch("notifications.outbox.get_connection", wraps=outbox.get_connection) as conn:
        assert services.notifications_deliver(ids=ids) == 5
    assert conn.call_count == 1


def test_reminder_claim_is_once_only():
    assert services.reminder_claim(key="checkin:1:due")
    assert not services.reminder_claim(key="checkin:1:due")
    assert services.reminder_claim(key="checkin:1:overdue")


def test_mark_read_only_touches_own(client):
    me, other = UserFactory(), UserFactory()
    mine = services.notification_create(recipient=me, kind="t", template=TEMPLATE, queue=False)
    theirs = services.notification_create(recipient=other, kind="t", template=TEMPLATE, queue=False)
    client.force_login(me)
    html = client.get("/notifications/").content.decode()
    assert mine.title in html
    client.post("/notifications/read/", {"id": [str(theirs.pk), str(mine.pk), "x"]})
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_preferences_page_changes_language(client):
    me = UserFactory()
    client.force_login(me)
    assert client.get("/notifications/preferences/").status_code == 200
    response = client.post(
        "/notifications/preferences/", {"language": "en", "email_notifications": "on"}
    )
    assert response.status_code == 302
    assert services.preference_for(me).language == "en"
    response = client.post("/notifications/preferences/", {"language": "xx"})
    assert response.status_code == 200


class _Killed(BaseException):
    """Stands in for a worker dying mid-send (not an Exception: nothing catches it)."""


def test_a_send_interrupted_before_acceptance_is_sent_by_the_retry():
    notification = services.notification_create(
        recipient=UserFactory(), kind="test", template=TEMPLATE, queue=False
    )
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=_Killed),
        pytest.raises(_Killed),
    ):
        services.notifications_deliver(ids=[notification.pk])
    notification.refresh_from_db()
    assert notification.email_sent_at is None  # the "sent" mark was rolled back
    assert services.notifications_deliver(ids=[notification.pk]) == 1
    assert services.notifications_deliver(ids=[notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_every_send_of_a_notification_has_the_same_message_id():
    notification = services.notification_create(
        recipient=UserFactory(), kind="test", template=TEMPLATE, queue=False
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        services.notifications_deliver(ids=[notification.pk])
    services.notifications_deliver(ids=[notification.pk])
    message_id = mail.outbox[0].extra_headers["Message-ID"]
    assert message_id == f"<notification-{notification.pk}-" + (
        f"{notification.created_at:%Y%m%d%H%M%S}@instroom.local>"
    )
    assert mail.outbox[0].message()["Message-ID"] == message_id


def test_gives_up_after_five_failed_attempts():
    notification = services.notification_create(
        recipient=UserFactory(), kind="test", template=TEMPLATE, queue=False
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        for _ in range(7):
            services.notifications_deliver_pending()
    notification.refresh_from_db()
    assert notification.email_attempts == 5
    assert notification.email_sent_at is None
    assert services.notifications_deliver_pending() == 0
    assert len(mail.outbox) == 0


def test_one_query_to_find_and_one_update_per_email(django_assert_num_queries):
    users = [UserFactory() for _ in range(3)]
    ids = [
        services.notification_create(recipient=u, kind="t", template=TEMPLATE, queue=False).pk
        for u in users
    ]
    # select pending + per email: savepoint, conditional UPDATE, release (a transaction
    # of its own outside the test's transaction).
    with django_assert_num_queries(1 + 3 * 3):
        assert services.notifications_deliver(ids=ids) == 3
