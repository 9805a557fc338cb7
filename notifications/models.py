"""In-app notifications that double as the outbox for email, and reminder claims.

A Notification row (also the outbox row of every email, in-app or not) is written
in the same transaction as the change that causes it; its email goes out afterwards
(a Celery task, or the periodic sweep when Redis was down), each in its own short
transaction that marks `email_sent_at` with a conditional UPDATE, sends and commits:
a second sender waits and skips it, a killed sender's mark is rolled back so the email
is sent later (see `outbox.notifications_deliver`). ReminderClaim makes scheduled
reminders idempotent: whoever inserts the key first sends, everyone else skips.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class UserPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_notifications = models.BooleanField(_("send notifications by email"), default=True)
    # Secret for the personal calendar (ICS) feed; resetting it invalidates old links.
    calendar_token = models.CharField(max_length=64, unique=True, default=_new_token)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return str(self.user)


class Notification(models.Model):
    """An in-app notification and/or one email in the outbox.

    Every email of the project is a row here (see `outbox.email_queue`), so one delivery
    path sends them all exactly once. Rows with `in_app=False` are email only: mail to a
    plain address (applicants have no account) or to a user where an in-app entry would
    be noise (an interview invitation, the login invitation).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # The address of an email-only row without a recipient user.
    email_to = models.EmailField(_("email address"), blank=True)
    in_app = models.BooleanField(default=True)
    # [{"name", "content" (base64), "mimetype"}], attached when the worker sends.
    attachments = models.JSONField(default=list, blank=True)
    # What the row is about (e.g. "intake.application:12"): secret contexts rebuild their
    # links from it at send time, erasure finds the rows that name a person by it.
    ref = models.CharField(max_length=100, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=True)
    # Committed only once the mail server accepted the message.
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email_to=""),
                name="notification_has_a_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(in_app=False) | models.Q(recipient__isnull=False),
                name="notification_in_app_needs_a_user",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"],
                name="notification_email_pending",
                condition=models.Q(send_email=True, email_sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title


class ReminderClaim(models.Model):
    """One row per reminder ever sent: `key` names the object, the kind and the moment."""

    key = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self):
        return self.key
