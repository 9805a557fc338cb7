"""Shared limits and checks of the mentoring services."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

User = get_user_model()

# Check-ins are planned this far ahead when an assignment starts.
PLAN_HORIZON_DAYS = 365
# A check-in can be planned at most this far into the future.
MAX_FUTURE_DAYS = 400
TEXT_LIMIT = 5000


def _check_text(**texts) -> None:
    errors = {
        name: _("Use at most 5000 characters.")
        for name, v in texts.items()
        if v and len(v) > TEXT_LIMIT
    }
    if errors:
        raise ValidationError(errors)
