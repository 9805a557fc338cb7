"""Notify people in the app and by email, once, in their own language.

Email-only mail and the delivery of every email live in `outbox`."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import outbox
from .models import Notification, ReminderClaim, UserPreference
from .outbox import (  # noqa: F401  (the delivery API lives in outbox; kept importable here)
    MAX_EMAIL_ATTEMPTS,
    email_queue,
    notifications_deliver,
    notifications_deliver_pending,
    queue_delivery,
    secret_context_register,
)

logger = logging.getLogger(__name__)


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
    return outbox.render_text(template, context, outbox.language_of(recipient))


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
    outbox.queue_delivery(ids)


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) as read."""
    qs = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
