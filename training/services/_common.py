"""Shared by the training service modules."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

logger = logging.getLogger("training.services")


NO_ROUTE = "none"
TRACK_FIELDS = {
    "status",
    "stop_reason",
    "start_date",
    "planned_end",
    "completed_on",
    "institution",
    "credits_earned",
    "credits_required",
    "areas_done",
    "areas_required",
    "registration_deadline",
    "cost_tuition",
    "cost_exam",
    "cost_materials",
    "cost_study_time",
    "paid_by",
}


def _save(obj):
    """Validate the whole object, then save; a race caught by a constraint becomes a message."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This change conflicts with existing data; reload the page and try again.")
        ) from exc
    return obj
