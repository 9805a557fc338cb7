"""Writes for programmes: every change validated before it is saved."""

from django.db import transaction

from ..models import Programme


@transaction.atomic
def programme_create(
    *, organisation, name, starts_on, teams=(), campaigns=(), **fields
) -> Programme:
    """Create a programme of `organisation`; teams and campaigns must belong to it."""
    programme = Programme(organisation=organisation, name=name, starts_on=starts_on, **fields)
    programme.full_clean()
    programme.save()
    _set_scope(programme, teams=teams, campaigns=campaigns)
    return programme


def _set_scope(programme: Programme, *, teams, campaigns) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if any(team.organisation_id != programme.organisation_id for team in teams):
        raise ValidationError({"teams": _("This team does not belong to the chosen organisation.")})
    if any(c.organisation_id != programme.organisation_id for c in campaigns):
        raise ValidationError(
            {"campaigns": _("This campaign does not belong to the chosen organisation.")}
        )
    programme.teams.set(teams)
    programme.campaigns.set(campaigns)
