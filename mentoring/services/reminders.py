"""Scheduled check-in reminders and escalations, claimed once per check-in and kind."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import services as notify
from organisations.models import Membership
from organisations.roles import Role

from ..models import (
    CheckIn,
    MentoringSettings,
)
from ._common import User


@dataclass
class ReminderResult:
    due: int = 0
    overdue: int = 0
    escalated: int = 0
    notifications: int = 0
    emails: int = 0


def checkin_reminders_send(
    *, today: datetime.date | None = None, batch_size: int = 100
) -> ReminderResult:
    """Remind mentors of check-ins due soon and overdue; escalate long-overdue ones.

    Each reminder (check-in + kind) is sent once ever: its key is claimed before sending,
    in the transaction that writes the notification. Reminders are grouped into one
    notification per recipient and kind; mentors are handled in batches of
    `batch_size`, each batch mailed over one connection, and every escalation after
    them in one step: one mail per supervisor per run. Queries grow with batches and
    recipients, never with the number of check-ins.
    """
    today = today or timezone.localdate()
    result = ReminderResult()
    settings_by_org = {s.organisation_id: s for s in MentoringSettings.objects.all()}
    default = MentoringSettings()
    max_ahead = max(
        [s.reminder_days_ahead for s in settings_by_org.values()] + [default.reminder_days_ahead]
    )
    rows = (
        CheckIn.objects.filter(
            held_on__isnull=True,
            planned_date__lte=today + datetime.timedelta(days=max_ahead),
            assignment__end_date__isnull=True,
            assignment__mentor__user__isnull=False,
            assignment__mentor__user__is_active=True,
        )
        .order_by("planned_date", "pk")
        .values_list(
            "pk",
            "planned_date",
            "assignment__mentee__organisation_id",
            "assignment__mentor__user_id",
            "assignment__mentee__first_name",
            "assignment__mentee__last_name",
        )
        .iterator(chunk_size=2000)
    )
    # recipient -> {key: (kind, item)}; a recipient is ("user", id) or ("org", id).
    groups: dict[tuple[str, int], dict[str, tuple]] = defaultdict(dict)
    for pk, planned, org_id, mentor_user_id, first, last in rows:
        conf = settings_by_org.get(org_id, default)
        item = (planned, f"{first} {last}".strip())
        if planned < today:
            groups[("user", mentor_user_id)][f"mentoring:checkin:{pk}:overdue"] = ("overdue", item)
            if (today - planned).days > conf.escalate_after_days:
                groups[("org", org_id)][f"mentoring:checkin:{pk}:escalate"] = ("escalate", item)
        elif (planned - today).days <= conf.reminder_days_ahead:
            key = f"mentoring:checkin:{pk}:due:{planned.isoformat()}"
            groups[("user", mentor_user_id)][key] = ("due", item)
    mentors = sorted(r for r in groups if r[0] == "user")
    for start in range(0, len(mentors), batch_size):
        chunk = {r: groups[r] for r in mentors[start : start + batch_size]}
        _reminder_batch(chunk, today, result)
    # Every organisation's escalations in one step, so a supervisor (of one organisation
    # or several) gets one mail per run, however many batches the mentors took.
    escalations = {r: keys for r, keys in groups.items() if r[0] == "org"}
    if escalations:
        _reminder_batch(escalations, today, result)
    return result


def _reminder_batch(chunk: dict, today: datetime.date, result: ReminderResult) -> None:
    ids: list[int] = []
    with transaction.atomic():
        claimed = notify.reminder_claim_many(keys=[key for keys in chunk.values() for key in keys])
        if not claimed:
            return
        user_ids = [target for (what, target) in chunk if what == "user"]
        org_ids = [target for (what, target) in chunk if what == "org"]
        users = {u.pk: u for u in User.objects.filter(pk__in=user_ids).select_related("preference")}
        # Escalations go to the practice supervisors; an organisation without one sends
        # them to its HR advisors, so an escalation never reaches nobody.
        supervisors, hr_advisors = defaultdict(list), defaultdict(list)
        for membership in Membership.objects.filter(
            organisation_id__in=org_ids,
            role__in=[Role.PRACTICE_SUPERVISOR, Role.HR_ADVISOR],
            user__is_active=True,
        ).select_related("user__preference"):
            found = supervisors if membership.role == Role.PRACTICE_SUPERVISOR else hr_advisors
            found[membership.organisation_id].append(membership.user)
        # supervisor pk -> (user, items over all their organisations)
        escalated: dict[int, tuple] = {}
        for (what, target), keys in chunk.items():
            by_kind: dict[str, list] = defaultdict(list)
            for key, (kind, item) in keys.items():
                if key[:200] in claimed:
                    by_kind[kind].append(item)
            for kind, items in by_kind.items():
                items.sort()
                setattr(
                    result,
                    kind if kind != "escalate" else "escalated",
                    getattr(result, kind if kind != "escalate" else "escalated") + len(items),
                )
                if what == "org":
                    for recipient in supervisors.get(target) or hr_advisors.get(target, []):
                        escalated.setdefault(recipient.pk, (recipient, []))[1].extend(
                            {"date": d, "name": n, "days": (today - d).days} for d, n in items
                        )
                    continue
                for recipient in [users[target]] if target in users else []:
                    notification = notify.notification_create(
                        recipient=recipient,
                        kind=f"mentoring.checkin_{kind}",
                        template=f"mentoring/email/checkin_{kind}",
                        context={"items": [{"date": d, "name": n} for d, n in items]},
                        url=reverse("mentoring:my_mentees"),
                        queue=False,
                    )
                    ids.append(notification.pk)
        for recipient, items in escalated.values():
            items.sort(key=lambda item: (item["date"], item["name"]))
            notification = notify.notification_create(
                recipient=recipient,
                kind="mentoring.checkin_escalated",
                template="mentoring/email/checkin_escalated",
                context={"items": items},
                url=reverse("mentoring:pool"),
                queue=False,
            )
            ids.append(notification.pk)
    result.notifications += len(ids)
    if ids:
        # After commit: one mail connection for the whole batch; failures stay pending
        # for the notifications sweep.
        result.emails += notify.notifications_deliver(ids=ids)
