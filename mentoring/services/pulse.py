"""The periodic mentor pulse: requesting, answering and signalling risks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notify
from organisations.models import Membership
from organisations.roles import Role

from ..models import (
    MentoringSettings,
    MentorProfile,
    MentorPulse,
)
from ._common import User, _check_text


def pulse_round_start(today: datetime.date, interval_weeks: int) -> datetime.date:
    """The first day of the pulse round `today` falls in (rounds are aligned on Mondays)."""
    epoch = datetime.date(2024, 1, 1)  # a Monday
    days = interval_weeks * 7
    return epoch + datetime.timedelta(days=((today - epoch).days // days) * days)


def pulses_request(*, today: datetime.date | None = None) -> int:
    """Open this round's pulse for every active mentor and notify them once."""
    today = today or timezone.localdate()
    settings_by_org = {s.organisation_id: s for s in MentoringSettings.objects.all()}
    default = MentoringSettings()
    profiles = list(
        MentorProfile.objects.filter(is_active=True).values_list(
            "pk", "employee__organisation_id", "employee__user_id"
        )
    )
    new = []
    for pk, org_id, _user_id in profiles:
        conf = settings_by_org.get(org_id, default)
        new.append(
            MentorPulse(
                profile_id=pk, period_start=pulse_round_start(today, conf.pulse_interval_weeks)
            )
        )
    sent_ids = []
    with transaction.atomic():
        MentorPulse.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
        keys = {
            f"mentoring:pulse:{p.profile_id}:{p.period_start.isoformat()}": (p, user_id)
            for p, (_pk, _org, user_id) in zip(new, profiles, strict=True)
            if user_id
        }
        claimed = notify.reminder_claim_many(keys=keys)
        users = {
            u.pk: u
            for u in User.objects.filter(pk__in=[keys[k][1] for k in claimed]).select_related(
                "preference"
            )
        }
        for key in claimed:
            pulse, user_id = keys[key]
            notification = notify.notification_create(
                recipient=users[user_id],
                kind="mentoring.pulse",
                template="mentoring/email/pulse",
                context={"round": pulse.period_start},
                url=reverse("mentoring:pulse_answer"),
                queue=False,
            )
            sent_ids.append(notification.pk)
    if sent_ids:
        notify.notifications_deliver(ids=sent_ids)
    return len(sent_ids)


@transaction.atomic
def pulse_answer(
    *,
    pulse: MentorPulse,
    energy: int,
    time_pressure: int,
    still_willing: bool,
    comment: str = "",
    by=None,
) -> MentorPulse:
    """Answer a pulse; a pulse can be answered once."""
    _check_text(comment=comment)
    probe = MentorPulse(
        profile_id=pulse.profile_id,
        period_start=pulse.period_start,
        energy=energy,
        time_pressure=time_pressure,
        still_willing=still_willing,
        comment=comment,
    )
    probe.full_clean(exclude=["profile"], validate_unique=False, validate_constraints=False)
    updated = MentorPulse.objects.filter(pk=pulse.pk, answered_at__isnull=True).update(
        energy=energy,
        time_pressure=time_pressure,
        still_willing=still_willing,
        comment=comment,
        answered_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("You have already answered this pulse."))
    pulse.refresh_from_db()
    if still_willing is False or energy <= 1:
        _notify_pulse_signal(pulse)
    return pulse


def _notify_pulse_signal(pulse: MentorPulse) -> None:
    """Tell the practice supervisors that a mentor may not keep it up (no answers in the mail)."""
    employee = pulse.profile.employee
    for membership in Membership.objects.filter(
        organisation_id=employee.organisation_id,
        role=Role.PRACTICE_SUPERVISOR,
        user__is_active=True,
    ).select_related("user"):
        notify.notification_create(
            recipient=membership.user,
            kind="mentoring.pulse_signal",
            template="mentoring/email/pulse_signal",
            context={"mentor": employee},
            url=reverse("mentoring:pool"),
        )
