"""Notify people in the app and by email, once, in their own language."""

import logging
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification, ReminderClaim, UserPreference

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 5


def preference_for(user) -> UserPreference:
    """The user's preferences, created with defaults on first use."""
    preference, _ = UserPreference.objects.get_or_create(user=user)
    return preference


def preference_update(*, user, language: str, email_notifications: bool) -> UserPreference:
    """Change the language of emails and whether notifications are mailed."""
    preference = preference_for(user)
    preference.language = language
    preference.email_notifications = email_notifications
    preference.full_clean()
    preference.save()
    return preference


def calendar_token_reset(*, user) -> str:
    """Give the user a new calendar secret; old calendar links stop working."""
    from .models import _new_token

    preference = preference_for(user)
    preference.calendar_token = _new_token()
    preference.save(update_fields=["calendar_token"])
    return preference.calendar_token


def reminder_claim(*, key: str) -> bool:
    """Claim a reminder before sending it; False when somebody already did.

    The unique key makes this safe when a task runs twice or on two workers at once.
    """
    try:
        with transaction.atomic():
            ReminderClaim.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def reminder_claim_many(*, keys: Iterable[str]) -> set[str]:
    """The batch form of `reminder_claim`: claim many keys, return those claimed here.

    One INSERT ... ON CONFLICT DO NOTHING RETURNING per 500 keys; a concurrent worker
    inserting the same key waits for our commit and then gets nothing back.
    """
    keys = list(dict.fromkeys(key[:200] for key in keys))
    quote = connection.ops.quote_name
    table, key_column = quote(ReminderClaim._meta.db_table), quote("key")
    claimed: set[str] = set()
    now = timezone.now()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        params = [value for key in chunk for value in (key, now)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {quote('claimed_at')}) "  # noqa: S608
                f"VALUES {', '.join(['(%s, %s)'] * len(chunk))} "
                f"ON CONFLICT ({key_column}) DO NOTHING RETURNING {key_column}",
                params,
            )
            claimed.update(row[0] for row in cursor.fetchall())
    return claimed


def _render(recipient, template: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in the recipient's language."""
    language = _language_of(recipient)
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context).strip()
    return " ".join(subject.split()), body


def _language_of(user) -> str:
    preference = getattr(user, "preference", None)
    if preference is None:
        preference = UserPreference.objects.filter(user=user).first()
    return preference.language if preference else settings.LANGUAGE_CODE


def notification_create(
    *,
    recipient,
    kind: str,
    template: str,
    context: dict | None = None,
    url: str = "",
    email: bool = True,
    queue: bool = True,
) -> Notification:
    """Record an in-app notification and (after commit) mail it.

    `template` names a pair of text templates rendered in the recipient's language.
    Emails carry only what the templates put in them: callers about special-category
    data pass templates that say "there is an update, log in".
    """
    notification = notification_build(
        recipient=recipient, kind=kind, template=template, context=context, url=url, email=email
    )
    notification.save()
    if notification.send_email and queue:
        transaction.on_commit(lambda: _queue_delivery([notification.pk]))
    return notification


def notification_build(
    *, recipient, kind: str, template: str, context: dict | None = None, url: str = "", email=True
) -> Notification:
    """An unsaved notification, rendered as `notification_create` would; for bulk_create by
    jobs that notify many people at once (they queue delivery themselves)."""
    subject, body = _render(recipient, template, {"recipient": recipient, **(context or {})})
    return Notification(
        recipient=recipient,
        kind=kind,
        title=subject[:200],
        body=body,
        url=url,
        send_email=email and bool(recipient.email) and _wants_email(recipient),
    )


def _wants_email(user) -> bool:
    # Callers that notify many users prefetch `preference`; use it when it is there.
    preference = user._state.fields_cache.get("preference") or (
        UserPreference.objects.filter(user=user).only("email_notifications").first()
    )
    return preference.email_notifications if preference else True


def _queue_delivery(ids: list[int]) -> None:
    """Hand delivery to Celery; when the broker is down the periodic sweep sends later."""
    from .tasks import deliver_notifications

    try:
        deliver_notifications.delay(ids)
    except Exception:  # broker unreachable: the row stays pending, nothing is lost
        logger.warning(
            "could not queue notification delivery; the sweep will send it", exc_info=True
        )


def notifications_deliver(*, ids: Iterable[int]) -> int:
    """Send the emails of these notifications over one mail connection; returns how many.

    Each email is sent inside its own short transaction that first marks it sent with
    a conditional UPDATE (which locks the row), then sends, then commits:

    - a second worker, a retried task or the sweep waits on that lock and then finds
      the email already sent, so the normal path sends every email once;
    - a worker killed before the mail server accepted the message never commits: the
      database rolls the mark back when the connection drops, and the retried task
      (``acks_late``) or the sweep sends it (no email is lost);
    - a failed send records the attempt and leaves the email pending for the sweep,
      up to MAX_EMAIL_ATTEMPTS.

    The one window left is a kill between the server accepting the message and the
    commit (milliseconds); the retry then sends it again with the same Message-ID,
    which lets mail systems recognise the duplicate.
    """
    candidates = list(
        Notification.objects.filter(pk__in=list(ids))
        .filter(_PENDING)
        .select_related("recipient")
        .order_by("pk")
    )
    if not candidates:
        return 0
    sent = 0
    with get_connection() as connection:
        for notification in candidates:
            sent += _deliver_one(notification, connection)
    return sent


# An email still to send: wanted, not sent, not given up on.
_PENDING = Q(send_email=True, email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)


def _deliver_one(notification: Notification, connection) -> int:
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(_PENDING, pk=notification.pk).update(
                email_sent_at=timezone.now(), email_attempts=F("email_attempts") + 1
            )
            == 1
        )
        if not claimed:  # sent meanwhile by another worker
            return 0
        message = EmailMessage(
            subject=notification.title,
            body=_email_body(notification),
            to=[notification.recipient.email],
            headers={"Message-ID": _message_id(notification)},
            connection=connection,
        )
        try:
            message.send()
        except Exception:
            logger.exception("sending notification %s failed", notification.pk)
            # Keep the counted attempt, release the email for the sweep.
            Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
            return 0
    return 1


def _message_id(notification: Notification) -> str:
    """The same Message-ID every time this notification is mailed."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "instroom.local"
    return f"<notification-{notification.pk}-{notification.created_at:%Y%m%d%H%M%S}@{domain}>"


def _email_body(notification: Notification) -> str:
    body = notification.body
    if notification.url:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        body = f"{body}\n\n{base}{notification.url}"
    return body


def notifications_deliver_pending(*, batch_size: int = 500) -> int:
    """The sweep: send every email still pending (e.g. queued while Redis was down)."""
    ids = list(
        Notification.objects.filter(_PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch_size]
    )
    return notifications_deliver(ids=ids)


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
