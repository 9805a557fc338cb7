from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations import access
from organisations.formviews import form_page
from organisations.models import Organisation
from organisations.roles import Role

from . import capacity, forecast, selectors, services
from .forms import CapacitySettingsForm
from .models import CapacitySettings


@login_required
def home(request):
    """The role-specific start page: what needs my attention."""
    return render(
        request,
        "dashboards/home.html",
        {"sections": selectors.home_sections(user=request.user)},
    )


@login_required
def capacity_dashboard(request):
    """Formation, the supernumerary pool and how many more side-entrants fit."""
    org_ids = capacity.dashboard_organisation_ids(request.user)
    access.require_permission(bool(org_ids))
    chosen = request.GET.get("organisation", "")
    organisation_id = int(chosen) if chosen.isdigit() and int(chosen) in org_ids else None
    data = capacity.capacity_overview(user=request.user, organisation_id=organisation_id)
    return render(
        request,
        "dashboards/capacity.html",
        {
            **data,
            "organisations": Organisation.objects.filter(pk__in=org_ids).order_by("name"),
            "chosen": organisation_id,
            "editable": access.organisation_ids(
                request.user, {Role.MANAGER, Role.FUNCTIONAL_ADMIN}
            ),
        },
    )


@login_required
def capacity_team(request, pk):
    team, placements = capacity.team_people(user=request.user, team_id=pk)
    return render(
        request, "dashboards/capacity_team.html", {"team": team, "placements": placements}
    )


@login_required
def capacity_settings(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(
        access.has_role(request.user, {Role.MANAGER, Role.FUNCTIONAL_ADMIN}, organisation)
    )
    instance = CapacitySettings.objects.filter(organisation=organisation).first()
    return form_page(
        request,
        CapacitySettingsForm(
            request.POST or None, instance=instance or CapacitySettings(organisation=organisation)
        ),
        save=lambda data: services.capacity_settings_update(organisation=organisation, **data),
        success=_("Capacity settings saved."),
        title=_("Capacity settings of %(name)s") % {"name": organisation.name},
        back=reverse("dashboards:capacity"),
        redirect_to=reverse("dashboards:capacity") + f"?organisation={organisation.pk}",
    )


@login_required
def forecast_dashboard(request):
    """The next 24 months: when the supernumerary pool fills formation, planned and realistic."""
    org_ids = capacity.dashboard_organisation_ids(request.user)
    access.require_permission(bool(org_ids))
    chosen = request.GET.get("organisation", "")
    organisation_id = int(chosen) if chosen.isdigit() and int(chosen) in org_ids else None
    months_param = request.GET.get("months", "24")
    error = None
    months = int(months_param) if months_param.isdigit() else 0
    if not 1 <= months <= forecast.MAX_MONTHS:
        error = _("The horizon must be between 1 and 60 months.")
        months = 24
    data = forecast.forecast_for(user=request.user, organisation_id=organisation_id, months=months)
    chart = {
        "labels": [row.month.strftime("%m-%Y") for row in data["planned"]],
        "pool_planned": [float(r.pool_fte) for r in data["planned"]],
        "pool_realistic": [float(r.pool_fte) for r in data["realistic"]],
        "converted_planned": [float(r.converted_fte) for r in data["planned"]],
        "converted_realistic": [float(r.converted_fte) for r in data["realistic"]],
        "vacancies": [float(r.vacancies_fte) for r in data["planned"]],
        "names": {
            "pool_planned": _("Supernumerary pool (planned)"),
            "pool_realistic": _("Supernumerary pool (realistic)"),
            "converted_planned": _("Moved into formation (planned)"),
            "converted_realistic": _("Moved into formation (realistic)"),
            "vacancies": _("Vacancies in formation"),
            "axis": _("FTE"),
        },
    }
    return render(
        request,
        "dashboards/forecast.html",
        {
            **data,
            "rows": list(zip(data["planned"], data["realistic"], strict=True)),
            "chart": chart,
            "months": months,
            "error": error,
            "organisations": Organisation.objects.filter(pk__in=org_ids).order_by("name"),
            "chosen": organisation_id,
        },
    )


@login_required
def team_headroom(request):
    """Fragment for the campaign form: how many side-entrants the chosen team can take."""
    team_id = request.GET.get("team", "")
    data = None
    if team_id.isdigit():
        data = capacity.team_can_take(user=request.user, team_id=int(team_id))
    return render(request, "dashboards/_team_headroom.html", {"data": data})
