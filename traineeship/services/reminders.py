"""Rotation change notifications and the 4-week/1-week reminders."""

import datetime

from django.db import transaction
from django.utils import timezone

from notifications.services import notification_create, reminder_claim

from ..models import (
    Rotation,
)


def _recipients(rotation: Rotation, extra=()) -> list:
    """Trainee, both mentors and both HR contacts (this and the previous host)."""
    previous = (
        Rotation.objects.filter(trainee_id=rotation.trainee_id, end_date__lt=rotation.start_date)
        .select_related("mentor__user", "partner__coordinator__user")
        .order_by("-end_date")
        .first()
    )
    people = [
        rotation.trainee.employee,
        rotation.mentor,
        rotation.partner.coordinator,
        *extra,
    ]
    if previous is not None:
        people += [previous.mentor, previous.partner.coordinator]
    users, seen = [], set()
    for person in people:
        user = getattr(person, "user", None)
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def rotation_changed_notify(*, rotation: Rotation, extra=()) -> int:
    """Tell the people concerned that a rotation changed; returns how many were told."""
    users = _recipients(rotation, extra)
    for user in users:
        notification_create(
            recipient=user,
            kind="traineeship.rotation_changed",
            template="traineeship/email/rotation_changed",
            context={"rotation": rotation, "trainee": rotation.trainee},
            url=rotation.trainee.get_absolute_url(),
        )
    return len(users)


def rotation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the people concerned 4 weeks and 1 week before a rotation starts, once each.

    The claim key includes the start date, so a rotation that moves is announced again.
    """
    today = today or timezone.localdate()
    due = (
        Rotation.objects.filter(
            start_date__gt=today, start_date__lte=today + datetime.timedelta(28)
        )
        .select_related(
            "trainee__employee__user",
            "trainee__cohort",
            "partner__organisation",
            "partner__coordinator__user",
            "mentor__user",
            "team",
        )
        .order_by("start_date")
    )
    sent = 0
    for rotation in due:
        days = (rotation.start_date - today).days
        which = "1w" if days <= 7 else "4w"
        key = f"traineeship:rotation:{rotation.pk}:{rotation.start_date:%Y%m%d}:{which}"
        if not reminder_claim(key=key):
            continue
        with transaction.atomic():
            for user in _recipients(rotation):
                notification_create(
                    recipient=user,
                    kind="traineeship.rotation_reminder",
                    template="traineeship/email/rotation_reminder",
                    context={"rotation": rotation, "trainee": rotation.trainee, "days": days},
                    url=rotation.trainee.get_absolute_url(),
                )
                sent += 1
    return sent
