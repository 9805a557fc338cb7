"""The task log: tasks done, the responsible professional, sign-off."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import selectors as mentoring_selectors
from organisations import access
from organisations.models import Employee
from organisations.roles import Role

from ..models import Level, TaskLogEntry, WeightedTask
from ._common import _save


@transaction.atomic
def task_log_create(
    *,
    employee: Employee,
    task: WeightedTask,
    date: datetime.date,
    responsible: Employee | None = None,
    explanation: str = "",
    created_by=None,
) -> TaskLogEntry:
    """Log a task: a responsible registered professional when the level demands it, and the
    "leg uit" reason when the task was done outside the level (pas toe of leg uit)."""
    table = task.table
    if table.organisation_id != employee.organisation_id:
        raise ValidationError({"task": _("This task is not in the organisation's table.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    level = Level.INDEPENDENT if employee.is_skj_registered else table.level_for(task)
    explanation = (explanation or "").strip()
    if responsible is not None:
        if responsible.pk == employee.pk:
            raise ValidationError(
                {"responsible": _("The responsible professional must be somebody else.")}
            )
        if not responsible.is_skj_registered:
            raise ValidationError(
                {"responsible": _("The responsible professional must be SKJ registered.")}
            )
    if level != Level.INDEPENDENT and responsible is None:
        raise ValidationError(
            {"responsible": _("This task needs a responsible registered professional.")}
        )
    if level == Level.REGISTERED_ONLY and not explanation:
        raise ValidationError(
            {
                "explanation": _(
                    "This task is for registered professionals only: explain why it was done "
                    "(leg uit)."
                )
            }
        )
    return _save(
        TaskLogEntry(
            employee=employee,
            task=task,
            date=date,
            level=level,
            category=task.category,
            responsible=responsible,
            explanation=explanation,
            created_by=created_by,
        )
    )


def can_sign_off(user, employee: Employee) -> bool:
    """The employee's mentor signs off; without a known mentor, a practice supervisor."""
    if employee.user_id == user.pk:
        return False
    mentors = mentoring_selectors.current_mentors(employee_ids=[employee.pk]).get(employee.pk, [])
    if mentors:
        return any(m.user_id == user.pk for m in mentors if m.user_id)
    return access.has_role(user, {Role.PRACTICE_SUPERVISOR}, employee.organisation_id)


@transaction.atomic
def task_log_sign_off(*, entry: TaskLogEntry, user) -> TaskLogEntry:
    """The mentor confirms a logged task."""
    entry = TaskLogEntry.objects.select_for_update().select_related("employee").get(pk=entry.pk)
    if entry.signed_off_at is not None:
        return entry
    if not can_sign_off(user, entry.employee):
        raise ValidationError(_("Only the mentor can sign off this task."))
    entry.signed_off_by = user
    entry.signed_off_at = timezone.now()
    return _save(entry)
