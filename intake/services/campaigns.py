"""Campaigns and their selection criteria."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import (
    Campaign,
    SelectionCriterion,
    Stage,
)
from ._common import _save


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60] or "werving"
    slug = base
    while Campaign.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


@transaction.atomic
def campaign_create(*, organisation, created_by=None, stages=None, **fields) -> Campaign:
    """Start a campaign (unpublished until HR publishes it) with the default pipeline."""
    campaign = Campaign(
        organisation=organisation,
        created_by=created_by,
        stages=list(stages) if stages else [str(s) for s in _default_stages()],
        **fields,
    )
    if not campaign.slug:
        campaign.slug = _unique_slug(campaign.title)
    return _save(campaign)


def _default_stages():
    from ..models import DEFAULT_STAGES

    return DEFAULT_STAGES


@transaction.atomic
def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's text, dates, places, cap or pipeline."""
    fields.pop("organisation", None)
    if "stages" in fields:
        dropped = set(campaign.pipeline) - set(fields["stages"] or [])
        in_use = sorted(
            set(campaign.applications.filter(stage__in=dropped).values_list("stage", flat=True))
        )
        if in_use:
            raise ValidationError(
                {
                    "stages": _("Applications are still in these stages: %(stages)s")
                    % {"stages": ", ".join(str(Stage(s).label) for s in in_use)}
                }
            )
    for name, value in fields.items():
        setattr(campaign, name, value)
    return _save(campaign)


@transaction.atomic
def campaign_copy(
    *, campaign: Campaign, title: str, opens_on, closes_on, created_by=None
) -> Campaign:
    """A new, unpublished campaign with the criteria, stages and settings of `campaign`."""
    copy = campaign_create(
        organisation=campaign.organisation,
        created_by=created_by,
        stages=campaign.stages,
        team=campaign.team,
        title=title,
        role_profile=campaign.role_profile,
        target_group=campaign.target_group,
        description=campaign.description,
        opens_on=opens_on,
        closes_on=closes_on,
        places=campaign.places,
        application_cap=campaign.application_cap,
        waiting_list=campaign.waiting_list,
    )
    for criterion in campaign.criteria.all():
        criterion_create(
            campaign=copy,
            name=criterion.name,
            description=criterion.description,
            kind=criterion.kind,
            weight=criterion.weight,
            order=criterion.order,
        )
    return copy


@transaction.atomic
def criterion_create(*, campaign: Campaign, **fields) -> SelectionCriterion:
    """Add a hard (knock-out) or soft (1-5, weighted) criterion to a campaign."""
    criterion = SelectionCriterion(campaign=campaign, **fields)
    if criterion.kind == SelectionCriterion.Kind.HARD:
        criterion.weight = 1
    return _save(criterion)


@transaction.atomic
def criterion_delete(*, criterion: SelectionCriterion) -> None:
    """Remove a criterion that nobody has scored yet."""
    if criterion.scores.exists():
        raise ValidationError(_("This criterion has already been scored and cannot be removed."))
    criterion.delete()
