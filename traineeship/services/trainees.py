"""Cohorts and trainees: adding, the final choice and the preference."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Employee

from ..models import (
    Cohort,
    Partner,
    Programme,
    Trainee,
)
from ._base import _save


@transaction.atomic
def cohort_create(*, programme: Programme, name: str, start_date: datetime.date) -> Cohort:
    """Start a cohort of a programme on a date."""
    return _save(Cohort(programme=programme, name=name, start_date=start_date))


@transaction.atomic
def trainee_add(
    *, cohort: Cohort, employee: Employee, source: str = Trainee.Source.DIRECT
) -> Trainee:
    """Add an employee of one of the partners to a cohort (directly or after intake)."""
    if not cohort.programme.partners.filter(organisation_id=employee.organisation_id).exists():
        raise ValidationError(
            {"employee": _("A trainee must be employed by one of the partner organisations.")}
        )
    if cohort.programme.requires_skj and not employee.is_skj_registered:
        raise ValidationError(
            {"employee": _("This programme is for SKJ registered professionals only.")}
        )
    return _save(Trainee(cohort=cohort, employee=employee, source=source))


@transaction.atomic
def trainee_outcome_record(
    *,
    trainee: Trainee,
    preferred_partner: Partner | None,
    outcome: str,
    outcome_partner: Partner | None = None,
    outcome_date: datetime.date | None = None,
) -> Trainee:
    """Record the trainee's preferred organisation and what became of them."""
    programme_id = trainee.cohort.programme_id
    for partner in (preferred_partner, outcome_partner):
        if partner is not None and partner.programme_id != programme_id:
            raise ValidationError(_("Choose one of the programme's partners."))
    trainee.preferred_partner = preferred_partner
    trainee.outcome = outcome
    trainee.outcome_partner = outcome_partner
    trainee.outcome_date = outcome_date
    return _save(trainee)


@transaction.atomic
def trainee_preference_set(*, trainee: Trainee, preferred_partner: Partner) -> Trainee:
    """The trainee states the organisation they would like to work for afterwards."""
    if preferred_partner.programme_id != trainee.cohort.programme_id:
        raise ValidationError(_("Choose one of the programme's partners."))
    trainee.preferred_partner = preferred_partner
    return _save(trainee)
