"""Every write to traineeship data, by concept; import from here (`services.<name>`).

Rules across rows live here; row rules on the models.
"""

from ._base import DEFAULT_HOURS
from .funding import funder_create, funder_update, payment_record
from .guidelines import absence_record, guideline_publish
from .programmes import (
    blocked_period_add,
    partner_add,
    partner_update,
    programme_create,
    programme_update,
)
from .reminders import rotation_changed_notify, rotation_reminders_send
from .reviews import host_rating_record, review_record, review_roles
from .rotations import (
    RotationChange,
    contract_update,
    mentor_candidates,
    rotation_create,
    schedule_generate,
    schedule_update,
)
from .trainees import cohort_create, trainee_add, trainee_outcome_record, trainee_preference_set

__all__ = [
    "DEFAULT_HOURS",
    "programme_create",
    "programme_update",
    "partner_add",
    "partner_update",
    "blocked_period_add",
    "cohort_create",
    "trainee_add",
    "trainee_outcome_record",
    "trainee_preference_set",
    "rotation_create",
    "schedule_generate",
    "RotationChange",
    "schedule_update",
    "contract_update",
    "mentor_candidates",
    "rotation_changed_notify",
    "rotation_reminders_send",
    "funder_create",
    "funder_update",
    "payment_record",
    "guideline_publish",
    "absence_record",
    "review_record",
    "host_rating_record",
    "review_roles",
]
