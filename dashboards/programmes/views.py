"""Programme pages: list, create, edit, goals, stappenplan, evaluation and the template."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisations import access, spreadsheets
from organisations.forms import apply_errors
from organisations.formviews import form_page
from organisations.roles import Role

from ..models import Goal, Programme, Step
from . import evaluation, exports, services, template_io
from .forms import GoalForm, ProgrammeForm, StepForm, TemplateImportForm
from .selectors import PROGRAMME_ROLES

WRITE_ROLES = {Role.MANAGER, Role.HR_ADVISOR}


def _programme(request, pk, *, write=False) -> Programme:
    """A programme of one of the user's organisations (404 otherwise); 403 without the role."""
    programme = access.get_object_for(
        request.user,
        Programme,
        pk,
        queryset=Programme.objects.filter(
            organisation_id__in=access.organisation_ids(request.user)
        ).select_related("organisation"),
    )
    roles = WRITE_ROLES if write else PROGRAMME_ROLES
    access.require_permission(access.has_role(request.user, roles, programme.organisation_id))
    return programme


def _write_orgs(user) -> set[int]:
    return access.organisation_ids(user, WRITE_ROLES)


@login_required
def programme_list(request):
    org_ids = access.organisation_ids(request.user, PROGRAMME_ROLES)
    access.require_permission(bool(org_ids))
    programmes = (
        access.scoped(request.user, Programme)
        .select_related("organisation")
        .annotate(
            goal_count=Count("goals", distinct=True), step_count=Count("steps", distinct=True)
        )
        .order_by("organisation__name", "-starts_on", "name")
    )
    return render(
        request,
        "dashboards/programmes/list.html",
        {"programmes": programmes, "can_write": bool(_write_orgs(request.user))},
    )


@login_required
def programme_create(request):
    org_ids = _write_orgs(request.user)
    access.require_permission(bool(org_ids))
    form = ProgrammeForm(request.POST or None, organisation_ids=org_ids)
    return form_page(
        request,
        form,
        save=lambda data: services.programme_create(**data),
        success=_("Programme created. Now set its goals and steps."),
        title=_("New programme"),
        back=reverse("dashboards:programme_list"),
    )


@login_required
def programme_edit(request, pk):
    programme = _programme(request, pk, write=True)
    form = ProgrammeForm(
        request.POST or None, instance=programme, organisation_ids=[programme.organisation_id]
    )

    def save(data):
        data.pop("organisation", None)
        return services.programme_update(programme=programme, **data)

    return form_page(
        request,
        form,
        save=save,
        success=_("Changes saved."),
        title=_("Edit %(name)s") % {"name": programme.name},
        back=programme.get_absolute_url(),
    )


@login_required
def programme_detail(request, pk):
    programme = _programme(request, pk)
    can_write = access.has_role(request.user, WRITE_ROLES, programme.organisation_id)
    return render(
        request,
        "dashboards/programmes/detail.html",
        {
            "programme": programme,
            "goals": list(programme.goals.all()),
            "steps": list(programme.steps.all()),
            "teams": list(programme.teams.all()),
            "campaigns": list(programme.campaigns.all()),
            "can_write": can_write,
            "goals_editable": can_write and programme.status == Programme.Status.DRAFT,
            "steps_editable": can_write and programme.status != Programme.Status.CLOSED,
            "goal_form": GoalForm(prefix="goal") if can_write else None,
            "step_form": StepForm(prefix="step") if can_write else None,
        },
    )


# --- goals ---------------------------------------------------------------------------


def _goal(request, pk, goal_pk) -> Goal:
    programme = _programme(request, pk, write=True)
    return access.get_object_for(
        request.user, Goal, goal_pk, queryset=programme.goals.select_related("programme")
    )


@login_required
def goal_create(request, pk):
    programme = _programme(request, pk, write=True)
    return form_page(
        request,
        GoalForm(request.POST or None, prefix="goal" if "goal-kpi" in request.POST else None),
        save=lambda data: services.goal_create(programme=programme, **data),
        success=_("Goal saved."),
        title=_("New goal for %(name)s") % {"name": programme.name},
        back=programme.get_absolute_url(),
        redirect_to=programme.get_absolute_url(),
    )


@login_required
def goal_edit(request, pk, goal_pk):
    goal = _goal(request, pk, goal_pk)
    return form_page(
        request,
        GoalForm(request.POST or None, instance=goal),
        save=lambda data: services.goal_update(goal=goal, **data),
        success=_("Goal saved."),
        title=_("Edit goal"),
        back=goal.programme.get_absolute_url(),
        redirect_to=goal.programme.get_absolute_url(),
    )


@login_required
def goal_delete(request, pk, goal_pk):
    goal = _goal(request, pk, goal_pk)  # out of scope: 404 before the method check
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.goal_delete(goal=goal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Goal removed."))
    return redirect(goal.programme)


# --- steps ---------------------------------------------------------------------------


def _step(request, pk, step_pk) -> Step:
    programme = _programme(request, pk, write=True)
    return access.get_object_for(
        request.user, Step, step_pk, queryset=programme.steps.select_related("programme")
    )


@login_required
def step_create(request, pk):
    programme = _programme(request, pk, write=True)
    return form_page(
        request,
        StepForm(request.POST or None, prefix="step" if "step-title" in request.POST else None),
        save=lambda data: services.step_create(programme=programme, **data),
        success=_("Step saved."),
        title=_("New step for %(name)s") % {"name": programme.name},
        back=programme.get_absolute_url(),
        redirect_to=programme.get_absolute_url(),
    )


@login_required
def step_edit(request, pk, step_pk):
    step = _step(request, pk, step_pk)
    return form_page(
        request,
        StepForm(request.POST or None, instance=step),
        save=lambda data: services.step_update(step=step, **data),
        success=_("Step saved."),
        title=_("Edit step"),
        back=step.programme.get_absolute_url(),
        redirect_to=step.programme.get_absolute_url(),
    )


@login_required
def step_delete(request, pk, step_pk):
    step = _step(request, pk, step_pk)  # out of scope: 404 before the method check
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.step_delete(step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Step removed."))
    return redirect(step.programme)


# --- evaluation ----------------------------------------------------------------------


@login_required
def programme_evaluation(request, pk):
    programme = _programme(request, pk)
    data = evaluation.evaluate(programme)
    output = request.GET.get("format", "")
    filename = slugify(programme.name) or "programma"
    if output == "csv":
        return spreadsheets.export_response(
            columns=exports.evaluation_columns(data),
            rows=data["rows"],
            filename=f"evaluatie-{filename}",
        )
    if output == "pdf":
        response = HttpResponse(
            exports.evaluation_pdf(programme, data), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="evaluatie-{filename}.pdf"'
        return response
    return render(
        request,
        "dashboards/programmes/evaluation.html",
        {"programme": programme, **data, "light_rule": evaluation.LIGHT_LABELS},
    )


# --- stappenplan template ------------------------------------------------------------


@login_required
def programme_template(request, pk):
    programme = _programme(request, pk)
    payload = json.dumps(template_io.export_template(programme), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = slugify(programme.name) or "programma"
    response["Content-Disposition"] = f'attachment; filename="stappenplan-{filename}.json"'
    return response


@login_required
def programme_import(request):
    org_ids = _write_orgs(request.user)
    access.require_permission(bool(org_ids))
    form = TemplateImportForm(request.POST or None, request.FILES or None, organisation_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        try:
            programme = template_io.programme_import(
                organisation=form.cleaned_data["organisation"],
                template=form.cleaned_data["template"],
                starts_on=form.cleaned_data["starts_on"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Programme %(name)s imported as a draft.") % {"name": programme.name},
            )
            return redirect(programme)
    return render(
        request,
        "dashboards/programmes/import.html",
        {"form": form, "today": timezone.localdate()},
    )
