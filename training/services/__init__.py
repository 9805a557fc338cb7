"""Writes of tracks, milestones, registration, weighting tables, task log and learning plan,
one module per concept; import them from here: `from training import services`.

CONTRACT used by intake when a candidate is hired: `track_create_for_hire`.
Route codes (shared with intake's route advice): "none" (no route needed: HBO Social
Work profile Jeugd), "45ec", "evc", "practice_programme", "hbo_parttime", "internal",
"onboarding". The training issue replaces the body; keep the signature.
"""

from ._common import NO_ROUTE, TRACK_FIELDS, _save
from .deadlines import WARNING_BATCH, deadline_warnings_send
from .learning import learning_activity_complete, learning_activity_create
from .registration import ledger_entry_create, registration_record
from .tasklog import can_sign_off, task_log_create, task_log_sign_off
from .tracks import (
    milestone_complete,
    track_create,
    track_create_for_hire,
    track_update,
    tracks_start_due,
)
from .weighting import (
    weighted_task_create,
    weighted_task_update,
    weighting_table_copy,
    weighting_table_for,
    weighting_table_update,
)

__all__ = [
    "tracks_start_due",
    "NO_ROUTE",
    "TRACK_FIELDS",
    "WARNING_BATCH",
    "_save",
    "can_sign_off",
    "deadline_warnings_send",
    "learning_activity_complete",
    "learning_activity_create",
    "ledger_entry_create",
    "milestone_complete",
    "registration_record",
    "task_log_create",
    "task_log_sign_off",
    "track_create",
    "track_create_for_hire",
    "track_update",
    "weighted_task_create",
    "weighted_task_update",
    "weighting_table_copy",
    "weighting_table_for",
    "weighting_table_update",
]
