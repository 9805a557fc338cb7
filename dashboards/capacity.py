"""The capacity dashboard's figures: formation, the supernumerary pool, and headroom.

All sums are done in SQL per team (organisations.selectors.with_staffing) and per
funding source; Python only adds up the already aggregated team rows.
"""

import datetime
import math
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from organisations import access
from organisations import selectors as org_selectors
from organisations.models import Organisation, Placement, Team
from organisations.roles import Role

from . import sources
from .models import CapacitySettings

DASHBOARD_ROLES = {Role.MANAGER, Role.HR_ADVISOR}
HEADROOM_KEYS = ("main_free", "sub_free", "hours_free", "main_with_time")
ZERO = Decimal("0")


def dashboard_organisation_ids(user) -> set[int]:
    return access.organisation_ids(user, DASHBOARD_ROLES)


def capacity_overview(*, user, organisation_id: int | None = None, day=None) -> dict:
    """Per organisation and team: formation, occupied, open, supernumerary, headroom."""
    day = day or timezone.localdate()
    org_ids = dashboard_organisation_ids(user)
    if organisation_id is not None:
        org_ids &= {organisation_id}
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    teams = list(
        org_selectors.with_staffing(Team.objects.filter(organisation_id__in=org_ids), day=day)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    settings_by_org = {
        s.organisation_id: s for s in CapacitySettings.objects.filter(organisation_id__in=org_ids)
    }
    funding = _supernumerary_by_funding(org_ids, day)
    headroom = sources.mentor_headroom(team_ids=[t.pk for t in teams])

    rows = []
    for organisation in organisations:
        org_teams = [t for t in teams if t.organisation_id == organisation.pk]
        settings = settings_by_org.get(organisation.pk) or CapacitySettings(
            organisation=organisation
        )
        totals = {
            "formation": sum((t.formation_fte for t in org_teams), ZERO),
            "occupied": sum((t.occupied_fte for t in org_teams), ZERO),
            "supernumerary_fte": sum((t.supernumerary_fte for t in org_teams), ZERO),
            "supernumerary_count": sum(t.supernumerary_count for t in org_teams),
        }
        totals["open"] = totals["formation"] - totals["occupied"]
        budget_left = settings.supernumerary_budget_fte - totals["supernumerary_fte"]
        budget_people = max(0, math.floor(budget_left / settings.fte_per_side_entrant))
        for team in org_teams:
            team.headroom = (headroom or {}).get(team.pk)
            team.can_take = _can_take(team.headroom, budget_people)
        rows.append(
            {
                "organisation": organisation,
                "teams": org_teams,
                "totals": totals,
                "settings": settings,
                "budget_left_fte": budget_left,
                "budget_people": budget_people,
                "funding": funding.get(organisation.pk, []),
                "can_take": _can_take(_sum_headroom(org_teams), budget_people),
            }
        )
    return {"rows": rows, "day": day, "mentoring_known": headroom is not None}


def _can_take(headroom: dict | None, budget_people: int) -> int | None:
    """Side-entrants that can start now: the lower of the free main-mentor places whose
    mentor also has the hours for one more mentee, and the budget in people."""
    if headroom is None:
        return None
    return max(0, min(headroom["main_with_time"], budget_people))


def _sum_headroom(teams) -> dict | None:
    known = [t.headroom for t in teams if t.headroom is not None]
    if not known:
        return None
    return {key: sum(h[key] for h in known) for key in HEADROOM_KEYS}


def _supernumerary_by_funding(org_ids, day: datetime.date) -> dict[int, list[dict]]:
    rows = (
        Placement.objects.filter(
            organisation_id__in=org_ids,
            formation_kind=Placement.FormationKind.SUPERNUMERARY,
            start_date__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("organisation_id", "funding_source")
        .annotate(fte=Sum("fte"), people=Count("employee", distinct=True))
        .order_by("organisation_id", "funding_source")
    )
    labels = dict(Placement.FundingSource.choices)
    result: dict[int, list[dict]] = {}
    for row in rows:
        row["label"] = labels.get(row["funding_source"], row["funding_source"])
        result.setdefault(row["organisation_id"], []).append(row)
    return result


def team_people(*, user, team_id: int, day=None):
    """Drill-down: the people placed in one team today (names for managers and HR).

    A team outside the user's organisations is a 404; inside them, only the
    dashboard roles may look (403).
    """
    day = day or timezone.localdate()
    team = access.get_object_for(
        user, Team, team_id, queryset=access.scoped(user, Team).select_related("organisation")
    )
    access.require_permission(team.organisation_id in dashboard_organisation_ids(user))
    return team, org_selectors.team_placements(team=team, day=day)


def team_can_take(*, user, team_id: int, day=None) -> dict:
    """How many more side-entrants one team can take now (shown on the campaign form).

    The same rule as the dashboard: the lower of the team's free main-mentor places with
    the hours for one more mentee and the organisation's remaining supernumerary budget in
    people.
    """
    day = day or timezone.localdate()
    team = access.get_object_for(
        user, Team, team_id, queryset=access.scoped(user, Team).select_related("organisation")
    )
    access.require_permission(team.organisation_id in dashboard_organisation_ids(user))
    settings = CapacitySettings.objects.filter(organisation_id=team.organisation_id).first()
    settings = settings or CapacitySettings(organisation=team.organisation)
    supernumerary_fte = (
        Placement.objects.filter(
            organisation_id=team.organisation_id,
            formation_kind=Placement.FormationKind.SUPERNUMERARY,
            start_date__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .aggregate(total=Sum("fte"))["total"]
        or ZERO
    )
    budget_left = settings.supernumerary_budget_fte - supernumerary_fte
    budget_people = max(0, math.floor(budget_left / settings.fte_per_side_entrant))
    headroom = (sources.mentor_headroom(team_ids=[team.pk]) or {}).get(team.pk)
    return {
        "team": team,
        "headroom": headroom,
        "budget_people": budget_people,
        "can_take": _can_take(headroom, budget_people),
    }
