"""Organisation, team and employee pages: bind form, check permission, call a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, accounts, panels, selectors, services
from .filters import EmployeeFilter, TeamFilter
from .forms import (
    EmployeeAccessForm,
    EmployeeForm,
    OrganisationForm,
    PlacementEndForm,
    PlacementForm,
    SearchForm,
    TeamForm,
    apply_errors,
)
from .formviews import form_page
from .models import Employee, Organisation, Placement, Team
from .roles import Role

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- organisations -----------------------------------------------------------------------


@login_required
def organisation_list(request):
    search = SearchForm(request.GET).term()
    page = _page(request, selectors.organisation_list(user=request.user, search=search))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page": page,
            "search": search,
            "query": _query_without_page(request),
            "can_create": access.can_create_organisation(request.user),
        },
    )


@login_required
def organisation_detail(request, pk):
    organisation = access.get_object_for(request.user, Organisation, pk)
    teams = list(selectors.organisation_teams(organisation=organisation))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "teams": teams,
            "totals": {
                "formation": sum(t.formation_fte for t in teams),
                "occupied": sum(t.occupied_fte for t in teams),
                "supernumerary": sum(t.supernumerary_fte for t in teams),
                "supernumerary_count": sum(t.supernumerary_count for t in teams),
            },
            "can_change": access.can_change_organisation(request.user, organisation),
            "can_add_team": access.can_change_team(request.user, organisation),
        },
    )


@login_required
def organisation_create(request):
    access.require_permission(access.can_create_organisation(request.user))
    return form_page(
        request,
        OrganisationForm(request.POST or None),
        save=lambda data: services.organisation_create(created_by=request.user, **data),
        success=lambda org: _("Organisation %(name)s created.") % {"name": org},
        title=_("New organisation"),
    )


@login_required
def organisation_update(request, pk):
    organisation = access.get_object_for(request.user, Organisation, pk)
    access.require_permission(access.can_change_organisation(request.user, organisation))
    return form_page(
        request,
        OrganisationForm(request.POST or None, instance=organisation),
        save=lambda data: services.organisation_update(organisation=organisation, **data),
        success=_("Changes saved."),
        title=_("Edit %(name)s") % {"name": organisation.name},
        back=organisation.get_absolute_url(),
    )


# --- teams -------------------------------------------------------------------------------


@login_required
def team_create(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(access.can_change_team(request.user, organisation))
    return form_page(
        request,
        TeamForm(request.POST or None, organisation=organisation),
        save=lambda data: services.team_create(organisation=organisation, **data),
        success=lambda team: _("Team %(name)s added.") % {"name": team.name},
        title=_("New team in %(name)s") % {"name": organisation.name},
        back=organisation.get_absolute_url(),
        redirect_to=organisation,
    )


@login_required
def team_list(request):
    team_filter = TeamFilter(
        request.GET or None, queryset=selectors.team_list(user=request.user), user=request.user
    )
    teams = (
        team_filter.qs if team_filter.is_bound and team_filter.is_valid() else team_filter.queryset
    )
    return render(
        request,
        "organisations/team_list.html",
        {
            "filter": team_filter,
            "page": _page(request, selectors.team_overview(teams)),
            "query": _query_without_page(request),
        },
    )


@login_required
def team_detail(request, pk):
    team = access.get_object_for(
        request.user,
        Team,
        pk,
        queryset=selectors.with_staffing(
            access.scoped(request.user, Team).select_related("organisation")
        ),
    )
    return render(
        request,
        "organisations/team_detail.html",
        {
            "team": team,
            "placements": selectors.team_placements(team=team),
            "can_change": access.can_change_team(request.user, team.organisation),
        },
    )


@login_required
def team_update(request, pk):
    team = access.get_object_for(request.user, Team, pk)
    access.require_permission(access.can_change_team(request.user, team.organisation))
    return form_page(
        request,
        TeamForm(request.POST or None, instance=team),
        save=lambda data: services.team_update(team=team, **data),
        success=_("Changes saved."),
        title=_("Edit team %(name)s") % {"name": team.name},
        back=team.get_absolute_url(),
    )


# --- employees ---------------------------------------------------------------------------


@login_required
def employee_list(request):
    access.require_permission(access.has_role(request.user, access.STAFF_ROLES))
    employee_filter = EmployeeFilter(
        request.GET or None,
        queryset=selectors.employee_list(user=request.user),
        user=request.user,
    )
    employees = employee_filter.qs if employee_filter.is_bound else employee_filter.queryset
    page = _page(request, employees.order_by("last_name", "first_name", "pk"))
    return render(
        request,
        "organisations/employee_list.html",
        {
            "filter": employee_filter,
            "page": page,
            "query": _query_without_page(request),
            "can_create": access.has_role(request.user, access.PEOPLE_EDITOR_ROLES),
        },
    )


@login_required
def employee_detail(request, pk):
    employee = access.get_object_for(
        request.user, Employee, pk, queryset=selectors.employee_detail_queryset(user=request.user)
    )
    can_change = access.can_change_employee(request.user, employee.organisation)
    return render(
        request,
        "organisations/employee_detail.html",
        {
            "employee": employee,
            "placements": employee.placements.all(),
            "current_placement": selectors.current_placement(employee),
            "history": selectors.employee_history(employee=employee) if can_change else [],
            "can_change": can_change,
            "panels": panels.employee_panels(user=request.user, employee=employee),
        },
    )


@login_required
def employee_create(request):
    access.require_permission(access.has_role(request.user, access.PEOPLE_EDITOR_ROLES))
    return form_page(
        request,
        EmployeeForm(request.POST or None, user=request.user),
        save=lambda data: services.employee_create(**data),
        success=lambda employee: _("Employee %(name)s added.") % {"name": employee},
        title=_("New employee"),
    )


@login_required
def employee_update(request, pk):
    employee = access.get_object_for(request.user, Employee, pk)
    access.require_permission(access.can_change_employee(request.user, employee.organisation))
    return form_page(
        request,
        EmployeeForm(request.POST or None, instance=employee, user=request.user),
        save=lambda data: services.employee_update(employee=employee, **data),
        success=_("Changes saved."),
        title=_("Edit %(name)s") % {"name": employee},
        back=employee.get_absolute_url(),
    )


@login_required
def placement_create(request, employee_pk):
    employee = access.get_object_for(request.user, Employee, employee_pk)
    access.require_permission(access.can_change_employee(request.user, employee.organisation))
    return form_page(
        request,
        PlacementForm(request.POST or None, user=request.user, employee=employee),
        save=lambda data: services.placement_create(employee=employee, **data),
        success=_("Placement added."),
        title=_("New placement for %(name)s") % {"name": employee},
        back=employee.get_absolute_url(),
        redirect_to=employee,
    )


@login_required
@require_POST
def placement_end(request, pk):
    placement = access.get_object_for(
        request.user,
        Placement,
        pk,
        queryset=access.scoped(request.user, Placement).select_related("employee", "organisation"),
    )
    access.require_permission(access.can_change_employee(request.user, placement.organisation))
    form = PlacementEndForm(request.POST)
    if form.is_valid():
        try:
            services.placement_end(placement=placement, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Placement ended."))
    else:
        messages.error(request, _("Enter a valid end date."))
    return redirect(placement.employee)


# --- login and roles --------------------------------------------------------------------------


@login_required
def employee_access(request, pk):
    """Give an employee a login, set their roles in the organisation, resend the invitation."""
    employee = access.get_object_for(
        request.user,
        Employee,
        pk,
        queryset=access.scoped(request.user, Employee).select_related("organisation", "user"),
    )
    access.require_permission(access.can_change_employee(request.user, employee.organisation))
    grantable = accounts.grantable_roles(request.user, employee.organisation)
    held = accounts.roles_in(employee.user, employee.organisation)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = request.POST if action in {"create", "roles"} else None
    form = EmployeeAccessForm(
        bound,
        grantable=grantable,
        held=held,
        has_login=employee.user_id is not None,
        initial={"username": employee.email},
    )
    if action == "invite":
        try:
            accounts.employee_account_invite(employee=employee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": employee.email}
            )
        return redirect("organisations:employee_access", pk=employee.pk)
    if bound is not None and form.is_valid():
        try:
            if action == "create" and employee.user_id is None:
                accounts.employee_account_create(
                    employee=employee,
                    username=form.cleaned_data["username"],
                    roles=form.cleaned_data["roles"],
                    by=request.user,
                )
                done = _("Login created; the invitation was sent to %(email)s.") % {
                    "email": employee.email
                }
            elif action == "roles" and employee.user_id is not None:
                accounts.employee_roles_set(
                    employee=employee, roles=form.cleaned_data["roles"], by=request.user
                )
                done = _("Roles saved.")
            else:
                raise ValidationError(_("The page was out of date; try again."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("organisations:employee_access", pk=employee.pk)
    return render(
        request,
        "organisations/employee_access.html",
        {
            "employee": employee,
            "form": form,
            "held": [role for role in Role if role in held],
            "fixed": [role for role in Role if role in held and role not in grantable],
            "invitation_pending": employee.user_id is not None
            and not employee.user.has_usable_password(),
        },
    )
