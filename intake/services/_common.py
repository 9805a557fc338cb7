"""What every intake service module shares: validated saving, the outbox ref."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


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


def application_ref(application_id: int) -> str:
    """The outbox `ref` of every mail about this application (erasure deletes them by it)."""
    return f"intake.application:{application_id}"
