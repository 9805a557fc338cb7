"""What every intake service module shares: validated saving, quiet mail."""

import logging

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _save(obj, exclude=None, check_constraints=True):
    """full_clean then save; a constraint hit by a race becomes a ValidationError.

    `check_constraints=False` leaves the constraints to the database (each one costs a
    query in full_clean); use it only where the service has checked them itself.
    """
    obj.full_clean(exclude=exclude, validate_constraints=check_constraints)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(_("This change conflicts with existing data.")) from exc
    return obj


def _send_quietly(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # the application is stored; a lost confirmation must not fail it
        logger.exception("sending an intake email failed")
