"""Programmes, their partners and blocked periods."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Employee, Organisation

from ..models import (
    BlockedPeriod,
    Partner,
    Programme,
    Rotation,
)
from ._base import _save


@transaction.atomic
def programme_create(*, organisations, coordinators=None, **fields) -> Programme:
    """Create a programme with two or more partner organisations."""
    organisations = list(dict.fromkeys(organisations))
    if len(organisations) < 2:
        raise ValidationError(
            {"organisations": _("A traineeship needs at least two partner organisations.")}
        )
    programme = _save(Programme(**fields))
    coordinators = coordinators or {}
    for organisation in organisations:
        partner_add(
            programme=programme,
            organisation=organisation,
            coordinator=coordinators.get(organisation.pk),
        )
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields) -> Programme:
    """Change a programme's description or lengths (lengths only while no plan exists)."""
    # Compare with the stored row: a bound ModelForm has already changed the instance.
    stored = Programme.objects.filter(pk=programme.pk).values("total_months", "rotation_months")
    stored = stored.first() or {}
    lengths_changed = any(name in fields and fields[name] != stored.get(name) for name in stored)
    if lengths_changed and Rotation.objects.filter(trainee__cohort__programme=programme).exists():
        raise ValidationError(_("The lengths cannot change once rotations have been planned."))
    for name, value in fields.items():
        setattr(programme, name, value)
    return _save(programme)


@transaction.atomic
def partner_add(
    *,
    programme: Programme,
    organisation: Organisation,
    coordinator: Employee | None = None,
    capacity: int = 1,
    hourly_cost: Decimal | None = None,
    employer_charges_pct: Decimal | None = None,
) -> Partner:
    """Add a partner organisation to a programme."""
    partner = Partner(
        programme=programme, organisation=organisation, coordinator=coordinator, capacity=capacity
    )
    if hourly_cost is not None:
        partner.hourly_cost = hourly_cost
    if employer_charges_pct is not None:
        partner.employer_charges_pct = employer_charges_pct
    return _save(partner)


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    """Change a partner's coordinator, capacity or cost rates."""
    for name, value in fields.items():
        setattr(partner, name, value)
    return _save(partner)


@transaction.atomic
def blocked_period_add(*, partner: Partner, start_date, end_date, reason="") -> BlockedPeriod:
    """Block dates in which a partner cannot host; planned rotations then must move first."""
    block = BlockedPeriod(partner=partner, start_date=start_date, end_date=end_date, reason=reason)
    block.full_clean()
    clash = Rotation.objects.filter(
        partner=partner, start_date__lte=end_date, end_date__gte=start_date
    ).first()
    if clash:
        raise ValidationError(
            _("%(trainee)s is planned at %(partner)s in that period; move that rotation first.")
            % {"trainee": clash.trainee, "partner": partner}
        )
    return _save(block)
