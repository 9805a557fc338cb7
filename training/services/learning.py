"""The 70-20-10 learning plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Employee

from ..models import LearningActivity
from ._common import _save


@transaction.atomic
def learning_activity_create(
    *,
    employee: Employee,
    kind: str,
    title: str,
    hours,
    planned_date: datetime.date | None = None,
    created_by=None,
) -> LearningActivity:
    """Plan a learning activity (on the job, social or formal)."""
    return _save(
        LearningActivity(
            employee=employee,
            kind=kind,
            title=title.strip(),
            hours=hours,
            planned_date=planned_date,
            created_by=created_by,
        )
    )


@transaction.atomic
def learning_activity_complete(
    *, activity: LearningActivity, done_on: datetime.date
) -> LearningActivity:
    """Mark a planned learning activity done."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    activity.done_on = done_on
    return _save(activity)
