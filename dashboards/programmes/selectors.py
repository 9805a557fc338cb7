"""Reads about programmes: who may see them and which people they cover."""

from django.db.models import Exists, Q, QuerySet

from organisations import access
from organisations.models import Placement
from organisations.roles import Role

from ..models import Programme

PROGRAMME_ROLES = {Role.MANAGER, Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN}


@access.register_scope(Programme)
def visible_programmes(user) -> QuerySet[Programme]:
    """Managers, HR and functional admins see their organisations' programmes."""
    return Programme.objects.filter(
        organisation_id__in=access.organisation_ids(user, PROGRAMME_ROLES)
    )


def programme_placements(programme: Programme) -> QuerySet[Placement]:
    """The supernumerary placements a programme covers.

    Side-entrants placed on top of formation in the programme's organisation (and its
    teams, when it names any) whose placement started within the programme's period; when
    the programme names campaigns, only those hired through one of them.
    """
    condition = Q(
        organisation_id=programme.organisation_id,
        formation_kind=Placement.FormationKind.SUPERNUMERARY,
        start_date__gte=programme.starts_on,
    )
    if programme.ends_on:
        condition &= Q(start_date__lte=programme.ends_on)
    team_ids = [team.pk for team in programme.teams.all()]
    if team_ids:
        condition &= Q(team_id__in=team_ids)
    # Campaigns in the same SQL (no query of their own): no campaigns named, or hired
    # through one of them.
    from intake import selectors as intake_selectors

    named = Programme.campaigns.through.objects.filter(programme_id=programme.pk)
    condition &= ~Exists(named) | Q(
        employee_id__in=intake_selectors.hired_employee_ids(
            campaign_ids=named.values("campaign_id")
        )
    )
    return Placement.objects.filter(condition)
