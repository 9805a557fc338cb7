"""Per-organisation mentoring settings."""

from django.db import transaction

from organisations.models import Organisation

from ..models import (
    MentoringSettings,
)


def settings_for(organisation: Organisation) -> MentoringSettings:
    """The organisation's mentoring settings, unsaved defaults when never configured."""
    found = MentoringSettings.objects.filter(organisation=organisation).first()
    return found or MentoringSettings(organisation=organisation)


@transaction.atomic
def settings_update(*, organisation: Organisation, **fields) -> MentoringSettings:
    """Change reminder days, cadence defaults, pulse interval and matching weights."""
    current = MentoringSettings.objects.select_for_update().filter(organisation=organisation)
    obj = current.first() or MentoringSettings(organisation=organisation)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj
