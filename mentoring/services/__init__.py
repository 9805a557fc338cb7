"""Every write of the mentoring app, one module per concept.

The public names are re-exported here, so `from mentoring.services import mentor_assign` and
`services.mentor_assign(...)` keep working. To replace a name in a test, patch the module
that looks it up (e.g. `mentoring.services.checkins.support_request_propose`), not this one.
"""

from ._common import (
    MAX_FUTURE_DAYS,
    PLAN_HORIZON_DAYS,
    TEXT_LIMIT,
    User,
)
from .assignments import (
    assignment_end,
    matches_confirm,
    mentor_assign,
    mentor_change,
)
from .checkins import (
    cadence_dates,
    checkin_add,
    checkin_log,
    checkin_reflect,
    checkins_generate,
    checkins_plan_ahead,
)
from .intervision import (
    intervision_series_create,
    intervision_session_create,
    intervision_session_update,
    participant_sign_off,
)
from .organisation_settings import (
    settings_for,
    settings_update,
)
from .pool import (
    mentor_profile_create,
    mentor_profile_update,
)
from .pulse import (
    pulse_answer,
    pulse_round_start,
    pulses_request,
)
from .reminders import (
    ReminderResult,
    checkin_reminders_send,
)

__all__ = [
    "MAX_FUTURE_DAYS",
    "PLAN_HORIZON_DAYS",
    "ReminderResult",
    "TEXT_LIMIT",
    "User",
    "assignment_end",
    "cadence_dates",
    "checkin_add",
    "checkin_log",
    "checkin_reflect",
    "checkin_reminders_send",
    "checkins_generate",
    "checkins_plan_ahead",
    "intervision_series_create",
    "intervision_session_create",
    "intervision_session_update",
    "matches_confirm",
    "mentor_assign",
    "mentor_change",
    "mentor_profile_create",
    "mentor_profile_update",
    "participant_sign_off",
    "pulse_answer",
    "pulse_round_start",
    "pulses_request",
    "settings_for",
    "settings_update",
]
