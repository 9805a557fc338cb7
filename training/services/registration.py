"""SKJ registration and the re-registration ledger."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import services as org_services
from organisations.models import Employee

from ..models import LedgerEntry, Track
from ._common import _save
from .tracks import track_update


@transaction.atomic
def registration_record(
    *,
    employee: Employee,
    skj_number: str,
    registration_date: datetime.date,
    recorded_by=None,
    move_to_formation: bool = True,
) -> Employee:
    """Record an SKJ registration: the employee counts as registered from that date.

    Open tracks that lead to registration are completed. With `move_to_formation` (the
    default), a side-entrant's supernumerary placement becomes a regular one from the
    registration date, so the capacity dashboard counts them in the formation.
    """
    skj_number = (skj_number or "").strip()
    if not skj_number:
        raise ValidationError({"skj_number": _("Enter the SKJ registration number.")})
    if not skj_number.isdigit():
        raise ValidationError({"skj_number": _("An SKJ number consists of digits only.")})
    if registration_date > timezone.localdate():
        raise ValidationError(
            {"registration_date": _("The registration date cannot be in the future.")}
        )
    employee = org_services.employee_update(
        employee=employee, skj_number=skj_number, skj_registration_date=registration_date
    )
    for track in Track.objects.select_for_update().filter(
        employee=employee,
        status__in=Track.OPEN,
        route__registration_deadline_months__isnull=False,
        start_date__lte=registration_date,
    ):
        track_update(track=track, status=Track.Status.COMPLETED, completed_on=registration_date)
    if move_to_formation:
        org_services.placement_move_to_formation(employee=employee, day=registration_date)
    return employee


@transaction.atomic
def ledger_entry_create(
    *,
    employee: Employee,
    kind: str,
    date: datetime.date,
    amount,
    description: str,
    reflection_form: str = "",
    created_by=None,
) -> LedgerEntry:
    """Log work hours, formal-learning points or a reflection session (>= 1 hour)."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if kind != LedgerEntry.Kind.REFLECTION:
        reflection_form = ""
    elif not reflection_form:
        raise ValidationError(
            {"reflection_form": _("Choose intervision, supervision or peer consultation.")}
        )
    if kind == LedgerEntry.Kind.REFLECTION and amount is not None and amount < 1:
        raise ValidationError(
            {
                "amount": _(
                    "A reflection session counts from 1 hour; self-reflection does not count."
                )
            }
        )
    return _save(
        LedgerEntry(
            employee=employee,
            kind=kind,
            date=date,
            amount=amount,
            description=description,
            reflection_form=reflection_form,
            created_by=created_by,
        )
    )
