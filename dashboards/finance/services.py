"""Writes for financial plans and subsidies: validated before saving, nothing half saved."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline
from . import selectors

REMINDER_STEPS = (14, 3)  # days before a deadline


@transaction.atomic
def finance_plan_update(*, programme, **fields) -> FinancePlan:
    """Create or change a programme's cost assumptions."""
    finance_plan = FinancePlan.objects.select_for_update().filter(programme=programme).first()
    if finance_plan is None:
        finance_plan = selectors.plan_for(programme)
    for name, value in fields.items():
        setattr(finance_plan, name, value)
    finance_plan.full_clean()
    finance_plan.save()
    return finance_plan


@transaction.atomic
def finance_line_create(*, programme, **fields) -> FinanceLine:
    line = FinanceLine(programme=programme, **fields)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def finance_line_update(*, line: FinanceLine, **fields) -> FinanceLine:
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def finance_line_delete(*, line: FinanceLine) -> None:
    line.delete()


@transaction.atomic
def subsidy_application_create(*, programme, **fields) -> SubsidyApplication:
    application = SubsidyApplication(programme=programme, **fields)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def subsidy_application_update(*, application: SubsidyApplication, **fields) -> SubsidyApplication:
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def subsidy_deadline_create(*, application: SubsidyApplication, **fields) -> SubsidyDeadline:
    deadline = SubsidyDeadline(application=application, **fields)
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def subsidy_deadline_mark_done(*, deadline: SubsidyDeadline, done: bool = True) -> SubsidyDeadline:
    """Mark a deadline done (now) or open again."""
    deadline.done_at = timezone.now() if done else None
    deadline.full_clean()
    deadline.save(update_fields=["done_at"])
    return deadline


def _step_for(days_left: int) -> int | None:
    """Which reminder is due: 14 from 14 days before, 3 from 3 days before."""
    if 3 < days_left <= 14:
        return 14
    if 0 <= days_left <= 3:
        return 3
    return None


def subsidy_reminders_send(*, today: datetime.date | None = None) -> int:
    """Notify managers and HR of the organisation 14 and 3 days before an open
    reporting deadline; each step once per deadline (reminder claims), also when the
    task runs late or twice. Returns how many deadline reminders were sent."""
    from django.urls import reverse

    from notifications.services import notification_create, reminder_claim
    from organisations.models import Membership
    from organisations.roles import Role

    today = today or timezone.localdate()
    deadlines = list(
        SubsidyDeadline.objects.filter(
            done_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=max(REMINDER_STEPS)),
        )
        .exclude(
            application__status__in=[
                SubsidyApplication.Status.REJECTED,
                SubsidyApplication.Status.SETTLED,
            ]
        )
        .select_related("application__programme__organisation")
    )
    if not deadlines:
        return 0
    org_ids = {d.application.programme.organisation_id for d in deadlines}
    recipients: dict[int, list] = {}
    for membership in (
        Membership.objects.filter(
            organisation_id__in=org_ids,
            role__in=[Role.MANAGER, Role.HR_ADVISOR],
            user__is_active=True,
        )
        .select_related("user__preference")
        .order_by("user_id")
    ):
        users = recipients.setdefault(membership.organisation_id, [])
        if all(u.pk != membership.user_id for u in users):
            users.append(membership.user)
    url = reverse("dashboards:subsidy_list")
    sent = 0
    for deadline in deadlines:
        days_left = (deadline.due_on - today).days
        step = _step_for(days_left)
        if step is None:
            continue
        application = deadline.application
        with transaction.atomic():
            if not reminder_claim(key=f"subsidy-deadline:{deadline.pk}:{step}"):
                continue
            for user in recipients.get(application.programme.organisation_id, []):
                notification_create(
                    recipient=user,
                    kind="subsidy_deadline",
                    template="dashboards/email/subsidy_deadline",
                    context={
                        "deadline": deadline,
                        "application": application,
                        "programme": application.programme,
                        "days_left": days_left,
                    },
                    url=url,
                )
        sent += 1
    return sent
