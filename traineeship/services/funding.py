"""Funders, their shares and payments."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import (
    Funder,
    Payment,
    Programme,
)
from ._base import _save


def _check_shares(programme: Programme, funder: Funder) -> None:
    others = Funder.objects.filter(programme=programme, share_pct__isnull=False).exclude(
        pk=funder.pk
    ).aggregate(total=Sum("share_pct"))["total"] or Decimal("0")
    if funder.share_pct is not None and others + funder.share_pct > 100:
        raise ValidationError(
            {
                "share_pct": _(
                    "The funders' shares would add up to %(total)s%% of the cost; at most 100%% "
                    "can be funded."
                )
                % {"total": others + funder.share_pct}
            }
        )


@transaction.atomic
def funder_create(*, programme: Programme, **fields) -> Funder:
    """Add a funder (amount or share of the cost) to a programme; shares stay within 100%."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    funder = Funder(programme=programme, **fields)
    funder.full_clean()
    _check_shares(programme, funder)
    return _save(funder)


@transaction.atomic
def funder_update(*, funder: Funder, **fields) -> Funder:
    """Change a funder's contribution."""
    Programme.objects.select_for_update().filter(pk=funder.programme_id).first()
    for name, value in fields.items():
        setattr(funder, name, value)
    funder.full_clean()
    _check_shares(funder.programme, funder)
    return _save(funder)


@transaction.atomic
def payment_record(*, funder: Funder, received_on, amount, reference="") -> Payment:
    """Record an invoice paid by / payment received from a funder."""
    return _save(
        Payment(funder=funder, received_on=received_on, amount=amount, reference=reference)
    )
