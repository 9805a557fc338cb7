"""The few writes the dashboards own: their per-organisation settings."""

from django.db import transaction

from .models import CapacitySettings


@transaction.atomic
def capacity_settings_update(*, organisation, **fields) -> CapacitySettings:
    """Create or change an organisation's capacity settings (validated before saving)."""
    settings, _ = CapacitySettings.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings
