"""Shared by the traineeship services: saving with validation, date format, defaults."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

DEFAULT_HOURS = Decimal("36")


def _save(obj):
    """Validate the whole object, then save it; constraint races become messages."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if "rotation_no_overlap" in str(exc):
            raise ValidationError(_("This trainee already has a rotation in that period.")) from exc
        raise ValidationError(
            _("This change conflicts with existing data; reload the page and try again.")
        ) from exc
    return obj


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")
