"""The one outgoing email path: render in the recipient's language, store, send once.

Every email of the project is a `Notification` row written in the transaction of the
change that causes it (`email_queue` for email-only mail, `services.notification_create`
for in-app notifications that are mailed too). After commit a Celery task sends it;
when the broker cannot be reached the row stays pending and the beat sweep
(`notifications_deliver_pending`) sends it later. Nothing else in the project talks to
the mail server (tests/notifications/test_one_email_path.py scans the source for it).

Secrets do not sit in the outbox: a kind registered with `secret_context_register`
(the set-password link of a login invitation, an applicant's withdraw link) stores a
marker in the body, and the worker puts the freshly built link in just before sending.
"""

import base64
import logging
from collections.abc import Callable, Iterable
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from .models import Notification, UserPreference

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 5

# An email still to send: wanted, not sent, not given up on.
_PENDING = Q(send_email=True, email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)

# kind -> (names, build): build(row) returns {name: value} at send time, or None when
# the mail no longer makes sense (it is then dropped, not sent).
_SECRETS: dict[str, tuple[tuple[str, ...], Callable[[Notification], dict | None]]] = {}


def secret_context_register(kind: str, *, names: Iterable[str], build: Callable) -> None:
    """Let mails of `kind` carry secrets (`names` in their templates) that are never stored:
    the body keeps a marker, `build(row)` makes the values when the worker sends."""
    _SECRETS[kind] = (tuple(names), build)


def _marker(name: str) -> str:
    return f"[[secret:{name}]]"


def render_text(template: str, context: dict, language: str) -> tuple[str, str]:
    """`<template>_subject.txt` and `_body.txt` in `language`, never HTML-escaped (these
    are plain-text mails: "van 't Hek" must not arrive as "van &#x27;t Hek"); the
    subject's whitespace collapsed to single spaces."""
    with translation.override(language):
        subject, body = (
            get_template(f"{template}_{part}.txt").template.render(
                Context(context, autoescape=False)
            )
            for part in ("subject", "body")
        )
    return " ".join(subject.split()), body.strip()


def language_of(user) -> str:
    """The language the user reads their mail in (their preference, else the default)."""
    try:
        preference = user.preference
    except UserPreference.DoesNotExist:
        preference = None
    return preference.language if preference else settings.LANGUAGE_CODE


@transaction.atomic
def email_queue(
    *,
    to,
    kind: str,
    template: str,
    context: dict | None = None,
    language: str = "",
    attachments: Iterable[tuple[str, bytes, str]] | Callable | None = None,
    ref: str = "",
    url: str = "",
) -> Notification | None:
    """Queue one email (not shown in the app) in the outbox; sent after commit.

    `to` is a user (mailed in their preference language) or an address (mailed in
    `language`: an applicant's is the language they applied in). `attachments` are
    (filename, content, mimetype), or a callable returning them, called in the
    recipient's language (an .ics summary is translated too). None when there is no
    address to send to.
    """
    user = None if isinstance(to, str) else to
    address = (user.email if user is not None else to or "").strip()
    if not address:
        return None
    if user is not None:
        language = language_of(user)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {"recipient": user, **(context or {})}
    if kind in _SECRETS:
        context.update({name: _marker(name) for name in _SECRETS[kind][0]})
    subject, body = render_text(template, context, language)
    if callable(attachments):
        with translation.override(language):
            attachments = attachments()
    notification = Notification(
        recipient=user,
        email_to="" if user is not None else address,
        in_app=False,
        kind=kind,
        title=subject[:200],
        body=body,
        url=url,
        ref=ref,
        attachments=[
            {"name": name, "content": base64.b64encode(content).decode(), "mimetype": mimetype}
            for name, content, mimetype in attachments or ()
        ],
    )
    # The two check constraints hold by construction; validating them costs a query each.
    notification.full_clean(exclude=["recipient"], validate_constraints=False)
    notification.save()
    transaction.on_commit(lambda: queue_delivery([notification.pk]))
    return notification


def queue_delivery(ids: list[int], *, batch_size: int = 100) -> None:
    """Hand delivery to Celery, `batch_size` emails per task (one mail connection each);
    when the broker is down the rows stay pending and the periodic sweep sends them."""
    from .tasks import deliver_notifications

    for start in range(0, len(ids), batch_size):
        try:
            deliver_notifications.delay(ids[start : start + batch_size])
        except Exception:  # broker unreachable: the row stays pending, nothing is lost
            logger.warning(
                "could not queue notification delivery; the sweep will send it", exc_info=True
            )
            return


def notifications_deliver(*, ids: Iterable[int]) -> int:
    """Send the emails of these outbox rows over one mail connection; returns how many.

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
        body = _email_body(notification)
        if body is None:  # its secret cannot be built any more (e.g. the person is gone)
            Notification.objects.filter(pk=notification.pk).update(send_email=False)
            return 0
        message = EmailMessage(
            subject=notification.title,
            body=body,
            to=[notification.email_to or notification.recipient.email],
            headers={"Message-ID": _message_id(notification)},
            connection=connection,
        )
        for attachment in notification.attachments:
            message.attach(
                attachment["name"],
                base64.b64decode(attachment["content"]),
                attachment["mimetype"],
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


def _email_body(notification: Notification) -> str | None:
    body = notification.body
    if notification.kind in _SECRETS:
        names, build = _SECRETS[notification.kind]
        values = build(notification)
        if values is None:
            return None
        for name in names:
            body = body.replace(_marker(name), str(values.get(name, "")))
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
