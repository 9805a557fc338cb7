"""Support pyramid pages: bind form, check permission, call one service.

Every trajectory page goes through `_trajectory_for`, which logs the read, and logs a
refused attempt before answering 404, so the employee can see who looked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import access
from organisations.forms import SearchForm, apply_errors
from organisations.models import Employee

from . import permissions, selectors, services
from .forms import (
    AbsenceForm,
    AskForm,
    EscalateForm,
    FiguresForm,
    InterventionForm,
    OnboardingForm,
    ProposeForm,
    SupervisorGroupForm,
    TrajectoryForm,
    TrajectoryUpdateForm,
)
from .models import (
    AbsenceRecord,
    Intervention,
    Level,
    OnboardingChoice,
    SupportRequest,
    Trajectory,
)

PAGE_SIZE = 25
ONBOARDING_PAGE_SIZE = 50


def _require_coordinator(user) -> None:
    access.require_permission(bool(permissions.coordinator_org_ids(user)))


def _trajectory_pages_for_coordinators(request) -> None:
    """The trajectory list and form are trajectory URLs too: for anyone but a support
    coordinator they do not exist (404), and the attempt is logged like a refused read."""
    if not permissions.coordinator_org_ids(request.user):
        services.trajectory_access_record(
            user=request.user, trajectory=None, allowed=False, path=request.path
        )
        raise Http404


def _trajectory_for(request, pk) -> Trajectory:
    """The trajectory if the user may see it (read logged); otherwise log the attempt and 404."""
    queryset = selectors.trajectory_detail_queryset(user=request.user)
    try:
        trajectory = access.get_object_for(request.user, Trajectory, pk, queryset=queryset)
    except Http404:
        target = Trajectory.objects.filter(pk=pk).only("pk").first()
        services.trajectory_access_record(
            user=request.user,
            trajectory=target,
            allowed=False,
            path=request.path,
            requested_pk=pk,
        )
        raise
    services.trajectory_access_record(
        user=request.user, trajectory=trajectory, allowed=True, path=request.path, requested_pk=pk
    )
    return trajectory


# --- pyramid and asking -----------------------------------------------------------------------


@login_required
def pyramid(request):
    return render(
        request,
        "support/pyramid.html",
        {
            "levels": selectors.pyramid_for(user=request.user),
            "is_new": selectors.viewer_is_new(user=request.user),
            "can_edit_catalogue": permissions.can_edit_catalogue(request.user),
            "can_propose": access.has_role(request.user, permissions.PROPOSER_ROLES),
        },
    )


def _own_employee(user) -> Employee:
    employee = Employee.objects.filter(user=user, employment_end__isnull=True).first()
    if employee is None:
        employee = Employee.objects.filter(user=user).first()
    if employee is None:
        raise PermissionDenied
    return employee


@login_required
def request_create(request):
    employee = _own_employee(request.user)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        existing = SupportRequest.objects.filter(
            employee=employee, status=SupportRequest.Status.OPEN
        ).exists()
        services.support_request_create(
            employee=employee,
            requested_by=request.user,
            source=SupportRequest.Source.SELF,
            preferred_level=form.cleaned_data["preferred_level"],
        )
        if existing:
            messages.info(
                request, _("Your earlier request is still open; a coordinator will contact you.")
            )
        else:
            messages.success(
                request, _("Your request has been sent. A support coordinator will contact you.")
            )
        return redirect("support:my_support")
    return render(request, "support/ask.html", {"form": form})


@login_required
def request_propose(request):
    access.require_permission(access.has_role(request.user, permissions.PROPOSER_ROLES))
    form = ProposeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.support_request_propose(
            employee=form.cleaned_data["employee"], proposed_by=request.user, source="supervisor"
        )
        messages.success(
            request, _("Your proposal has been passed on to the support coordinators.")
        )
        return redirect("support:pyramid")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Propose support for an employee"),
            "intro": _(
                "The coordinators only hear that you propose support for this person. Do not "
                "write down why: they will talk with the employee themselves."
            ),
            "back": reverse("support:pyramid"),
        },
    )


@login_required
def my_support(request):
    return render(
        request,
        "support/my_support.html",
        {
            "trajectories": list(selectors.own_trajectories(user=request.user)),
            "requests": list(selectors.own_requests(user=request.user)),
            "log": list(selectors.own_access_log(user=request.user)),
        },
    )


# --- coordinator: requests ------------------------------------------------------------------


@login_required
def request_inbox(request):
    _require_coordinator(request.user)
    return render(
        request,
        "support/request_inbox.html",
        {"requests": list(selectors.request_inbox(user=request.user))},
    )


@login_required
@require_POST
def request_close(request, pk):
    support_request = access.get_object_for(
        request.user,
        SupportRequest,
        pk,
        queryset=SupportRequest.objects.filter(
            organisation_id__in=permissions.coordinator_org_ids(request.user)
        ).select_related("employee"),
    )
    try:
        services.support_request_close(request=support_request, closed_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request closed."))
    return redirect("support:request_inbox")


# --- coordinator: trajectories ----------------------------------------------------------------


@login_required
def trajectory_list(request):
    _trajectory_pages_for_coordinators(request)
    level = request.GET.get("level", "")
    status = request.GET.get("status", "")
    filters = {
        "level": int(level) if level.isdigit() and int(level) in Level.values else None,
        "status": status if status in Trajectory.Status.values else None,
        "search": SearchForm(request.GET).term(),
    }
    page = Paginator(
        selectors.trajectory_list(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "support/trajectory_list.html",
        {
            "page": page,
            "filters": filters,
            "levels": Level.choices,
            "statuses": Trajectory.Status.choices,
            "query": params.urlencode(),
        },
    )


@login_required
def trajectory_create(request):
    _trajectory_pages_for_coordinators(request)
    support_request = None
    request_pk = request.GET.get("request") or request.POST.get("request")
    initial = {}
    if request_pk:
        support_request = access.get_object_for(
            request.user,
            SupportRequest,
            request_pk,
            queryset=SupportRequest.objects.filter(
                organisation_id__in=permissions.coordinator_org_ids(request.user),
                status=SupportRequest.Status.OPEN,
            ),
        )
        initial = {
            "employee": support_request.employee_id,
            "level": support_request.preferred_level,
        }
    form = TrajectoryForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employee = data.pop("employee")
        if support_request is not None and support_request.employee_id != employee.pk:
            support_request = None
        try:
            trajectory = services.trajectory_create(
                employee=employee, created_by=request.user, request=support_request, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Trajectory opened. The employee has been notified."))
            return redirect(trajectory)
    return render(
        request,
        "support/trajectory_form.html",
        {
            "form": form,
            "title": _("New trajectory"),
            "support_request": support_request,
            "back": reverse("support:trajectory_list"),
        },
    )


@login_required
def trajectory_detail(request, pk):
    trajectory = _trajectory_for(request, pk)
    return render(
        request,
        "support/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "escalations": selectors.trajectory_escalations(trajectory=trajectory),
            "can_change": permissions.can_change_trajectory(request.user, trajectory),
            "show_private": permissions.can_see_special_category(request.user, trajectory),
        },
    )


@login_required
def trajectory_update(request, pk):
    trajectory = _trajectory_for(request, pk)
    access.require_permission(permissions.can_change_trajectory(request.user, trajectory))
    form = TrajectoryUpdateForm(request.POST or None, instance=trajectory, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_update(
                trajectory=trajectory, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            trajectory.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved. The employee has been notified."))
            return redirect(trajectory)
    return render(
        request,
        "support/trajectory_form.html",
        {
            "form": form,
            "title": _("Edit trajectory of %(name)s") % {"name": trajectory.employee.full_name},
            "back": trajectory.get_absolute_url(),
        },
    )


@login_required
def trajectory_escalate(request, pk):
    trajectory = _trajectory_for(request, pk)
    access.require_permission(permissions.can_change_trajectory(request.user, trajectory))
    form = EscalateForm(request.POST or None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.trajectory_escalate(
                trajectory=trajectory,
                up=data["direction"] == "up",
                date=data["date"],
                reason=data["reason"],
                decided_by=request.user,
                intervention=data["intervention"],
                provider=data["provider"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Level changed. The employee has been notified."))
            return redirect(trajectory)
    return render(
        request,
        "support/escalate.html",
        {"form": form, "trajectory": trajectory},
    )


# --- catalogue --------------------------------------------------------------------------------


@login_required
def catalogue(request):
    access.require_permission(permissions.can_edit_catalogue(request.user))
    return render(
        request,
        "support/catalogue.html",
        {"interventions": list(selectors.intervention_list(user=request.user))},
    )


@login_required
def intervention_create(request):
    access.require_permission(permissions.can_edit_catalogue(request.user))
    form = InterventionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            services.intervention_create(organisation=organisation, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Intervention added."))
            return redirect("support:catalogue")
    return render(
        request,
        "support/form.html",
        {"form": form, "title": _("New intervention"), "back": reverse("support:catalogue")},
    )


@login_required
def intervention_update(request, pk):
    intervention = access.get_object_for(
        request.user,
        Intervention,
        pk,
        queryset=selectors.intervention_list(user=request.user),
    )
    form = InterventionForm(request.POST or None, instance=intervention, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organisation", None)
        try:
            services.intervention_update(intervention=intervention, **data)
        except ValidationError as exc:
            intervention.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("support:catalogue")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": intervention.name},
            "back": reverse("support:catalogue"),
        },
    )


# --- onboarding -------------------------------------------------------------------------------


@login_required
def onboarding_list(request):
    access.require_permission(access.has_role(request.user, permissions.ONBOARDING_ROLES))
    employees = selectors.onboarding_list(user=request.user)
    totals = selectors.onboarding_totals(employees)
    paginator = Paginator(employees, ONBOARDING_PAGE_SIZE)
    paginator.count = totals["total"]  # already counted: saves the paginator's own COUNT
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "support/onboarding_list.html",
        {"page": page, "totals": totals, "query": params.urlencode()},
    )


@login_required
def onboarding_record(request, employee_pk):
    employee = access.get_object_for(
        request.user,
        Employee,
        employee_pk,
        queryset=Employee.objects.filter(
            organisation_id__in=access.organisation_ids(request.user, permissions.ONBOARDING_ROLES)
        ),
    )
    existing = OnboardingChoice.objects.filter(employee=employee).first()
    form = OnboardingForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.onboarding_record(
                employee=employee, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Onboarding choice saved."))
            return redirect("support:onboarding_list")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Start of %(name)s") % {"name": employee.full_name},
            "intro": _(
                "Does %(name)s start directly in the role, or first in a supporting role for a "
                "while? The 'versterken' offer is open from the first day either way."
            )
            % {"name": employee.full_name},
            "back": reverse("support:onboarding_list"),
        },
    )


# --- roster of personal-development supervisors -------------------------------------------------


@login_required
def roster(request):
    _require_coordinator(request.user)
    rows = selectors.supervisor_roster(user=request.user)
    return render(
        request,
        "support/roster.html",
        {"rows": rows, "ending": sum(1 for r in rows if r.ends_soon)},
    )


@login_required
def roster_plan(request):
    _require_coordinator(request.user)
    form = SupervisorGroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervisor_group_plan(**form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("New group added to the roster."))
            return redirect("support:roster")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Plan a new group of personal-development supervisors"),
            "back": reverse("support:roster"),
        },
    )


# --- absence (dates only) ----------------------------------------------------------------------


@login_required
def absence_list(request):
    access.require_permission(access.has_role(request.user, permissions.ABSENCE_ROLES))
    page = Paginator(selectors.absence_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "support/absence_list.html", {"page": page, "query": ""})


@login_required
def absence_create(request):
    access.require_permission(access.has_role(request.user, permissions.ABSENCE_ROLES))
    form = AbsenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_record_create(**form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Absence recorded."))
            return redirect("support:absence_list")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Record sick leave"),
            "intro": _(
                "Only the dates and the percentage. Never record the nature or cause of an "
                "illness: the law does not allow it."
            ),
            "back": reverse("support:absence_list"),
        },
    )


@login_required
def absence_update(request, pk):
    record = access.get_object_for(
        request.user,
        AbsenceRecord,
        pk,
        queryset=selectors.absence_list(user=request.user),
    )
    access.require_permission(
        access.has_role(request.user, permissions.ABSENCE_ROLES, record.organisation_id)
    )
    form = AbsenceForm(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_record_update(record=record, **form.cleaned_data)
        except ValidationError as exc:
            record.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("support:absence_list")
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": _("Sick leave of %(name)s") % {"name": record.employee.full_name},
            "intro": _(
                "Enter the last sick day when the employee has recovered. Only the dates and "
                "the percentage: never the nature or cause of an illness."
            ),
            "back": reverse("support:absence_list"),
        },
    )


# --- figures ------------------------------------------------------------------------------------


@login_required
def figures(request):
    access.require_permission(permissions.can_see_figures(request.user))
    organisations = list(selectors.figure_organisations(user=request.user))
    form = FiguresForm(request.GET, organisations=organisations)
    organisation, year, quarter = form.selection()
    trend = (
        selectors.organisation_trend(organisation=organisation, year=year, quarter=quarter)
        if organisation
        else []
    )
    chart = {
        "labels": [f"Q{f['quarter']} {f['year']}" for f in trend],
        "started": [f["started_total"].number for f in trend],
        "absence": [f["absence_rate_number"] for f in trend],
        "names": {
            "started": _("Trajectories started"),
            "absence": _("Absence rate (%)"),
        },
    }
    return render(
        request,
        "support/figures.html",
        {
            "form": form,
            "figures": trend[-1] if trend else {},
            "trend": trend,
            "chart": chart,
        },
    )
