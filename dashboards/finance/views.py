"""Pages of the financial plan and the subsidy applications (thin: selectors and services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organisations import access, spreadsheets
from organisations.formviews import form_page

from ..models import FinanceLine, Programme, SubsidyApplication, SubsidyDeadline
from . import selectors, services
from .forms import FinanceLineForm, FinancePlanForm, SubsidyApplicationForm, SubsidyDeadlineForm


def _member_object(request, model, pk, organisation_field: str, queryset=None):
    """404 unless the object belongs to one of the user's organisations (any role);
    403 unless the user is a manager, HR advisor or functional admin there."""
    queryset = model._default_manager.all() if queryset is None else queryset
    obj = access.get_object_for(
        request.user,
        model,
        pk,
        queryset=queryset.filter(
            **{f"{organisation_field}__in": access.organisation_ids(request.user)}
        ),
    )
    owner = obj
    for part in organisation_field.split("__")[:-1]:
        owner = getattr(owner, part)
    access.require_permission(
        access.has_role(request.user, selectors.FINANCE_ROLES, owner.organisation_id)
    )
    return obj


def _programme(request, pk) -> Programme:
    return _member_object(request, Programme, pk, "organisation")


def _plan_url(programme) -> str:
    return reverse("dashboards:finance_plan", args=[programme.pk])


def _money(value) -> float:
    return float(value)


@login_required
def finance_plan(request, pk):
    """Costs against funding and savings per month, cumulative, with the break-even month."""
    programme = _programme(request, pk)
    data = selectors.finance_overview(programme)
    rows = data["rows"]
    chart = {
        "labels": [row.month.strftime("%m-%Y") for row in rows],
        "costs": [_money(r.costs) for r in rows],
        "funding": [_money(r.funding) for r in rows],
        "savings": [_money(r.savings) for r in rows],
        "cumulative_net": [_money(r.cumulative_net) for r in rows],
        "names": {
            "costs": _("Costs"),
            "funding": _("Funding"),
            "savings": _("Savings"),
            "cumulative_net": _("Cumulative result"),
            "axis": _("EUR"),
        },
    }
    return render(
        request,
        "dashboards/finance/plan.html",
        {**data, "programme": programme, "chart": chart},
    )


def _amount(name: str, header) -> spreadsheets.Column:
    return spreadsheets.Column(header, lambda row: getattr(row, name), decimals=2)


EXPORT_COLUMNS = [
    spreadsheets.Column(gettext_lazy("Month"), lambda row: row.month, month=True),
    _amount("wage", gettext_lazy("Supernumerary wage cost")),
    _amount("training", gettext_lazy("Training cost")),
    _amount("mentoring", gettext_lazy("Mentor cost")),
    _amount("other_costs", gettext_lazy("Recruitment and other costs")),
    _amount("costs", gettext_lazy("Costs")),
    _amount("subsidies", gettext_lazy("Subsidies")),
    _amount("other_funding", gettext_lazy("Other funding")),
    _amount("funding", gettext_lazy("Funding")),
    _amount("savings", gettext_lazy("Savings")),
    _amount("net", gettext_lazy("Result")),
    _amount("cumulative_costs", gettext_lazy("Cumulative costs")),
    _amount("cumulative_funding", gettext_lazy("Cumulative funding")),
    _amount("cumulative_savings", gettext_lazy("Cumulative savings")),
    _amount("cumulative_net", gettext_lazy("Cumulative result")),
]


@login_required
def finance_export(request, pk):
    """The monthly table as CSV (semicolons and decimal commas, for Dutch spreadsheets)."""
    programme = _programme(request, pk)
    return spreadsheets.export_response(
        columns=EXPORT_COLUMNS,
        rows=selectors.finance_overview(programme)["rows"],
        filename=f"financieel-plan-{programme.pk}",
    )


@login_required
def finance_assumptions(request, pk):
    programme = _programme(request, pk)
    return form_page(
        request,
        FinancePlanForm(request.POST or None, instance=selectors.plan_for(programme)),
        save=lambda data: services.finance_plan_update(programme=programme, **data),
        success=_("Cost assumptions saved."),
        title=_("Cost assumptions of %(name)s") % {"name": programme.name},
        back=_plan_url(programme),
        redirect_to=_plan_url(programme),
    )


@login_required
def finance_line_create(request, pk):
    programme = _programme(request, pk)
    return form_page(
        request,
        FinanceLineForm(request.POST or None, instance=FinanceLine(programme=programme)),
        save=lambda data: services.finance_line_create(programme=programme, **data),
        success=_("Line added."),
        title=_("Add a cost or funding line to %(name)s") % {"name": programme.name},
        back=_plan_url(programme),
        redirect_to=_plan_url(programme),
    )


def _line(request, pk) -> FinanceLine:
    return _member_object(
        request,
        FinanceLine,
        pk,
        "programme__organisation",
        FinanceLine.objects.select_related("programme"),
    )


@login_required
def finance_line_update(request, pk):
    line = _line(request, pk)
    return form_page(
        request,
        FinanceLineForm(request.POST or None, instance=line),
        save=lambda data: services.finance_line_update(line=line, **data),
        success=_("Line saved."),
        title=_("Change line"),
        back=_plan_url(line.programme),
        redirect_to=_plan_url(line.programme),
    )


@login_required
@require_POST
def finance_line_delete(request, pk):
    """Remove a line; the form sends confirm=1 (anything else changes nothing)."""
    line = _line(request, pk)
    programme = line.programme
    if request.POST.get("confirm") == "1":
        services.finance_line_delete(line=line)
        messages.success(request, _("Line removed."))
    return redirect(_plan_url(programme))


@login_required
def subsidy_list(request):
    """Subsidy applications of the user's organisations, nearest open deadline first."""
    access.require_permission(selectors.may_use_finance(request.user))
    return render(
        request, "dashboards/finance/subsidies.html", selectors.subsidy_overview(request.user)
    )


@login_required
def subsidy_create(request):
    access.require_permission(selectors.may_use_finance(request.user))
    programmes = selectors.finance_programmes(request.user).order_by("name")
    initial = {}
    chosen = request.GET.get("programme", "")
    if chosen.isdigit():
        initial["programme"] = int(chosen)
    return form_page(
        request,
        SubsidyApplicationForm(request.POST or None, programmes=programmes, initial=initial),
        save=lambda data: services.subsidy_application_create(**data),
        success=_("Subsidy application saved."),
        title=_("New subsidy application"),
        back=reverse("dashboards:subsidy_list"),
        redirect_to=reverse("dashboards:subsidy_list"),
    )


def _application(request, pk) -> SubsidyApplication:
    return _member_object(
        request,
        SubsidyApplication,
        pk,
        "programme__organisation",
        SubsidyApplication.objects.select_related("programme"),
    )


@login_required
def subsidy_update(request, pk):
    application = _application(request, pk)
    programmes = selectors.finance_programmes(request.user).order_by("name")
    return form_page(
        request,
        SubsidyApplicationForm(request.POST or None, instance=application, programmes=programmes),
        save=lambda data: services.subsidy_application_update(application=application, **data),
        success=_("Subsidy application saved."),
        title=_("Change subsidy application %(name)s") % {"name": application},
        back=reverse("dashboards:subsidy_list"),
        redirect_to=reverse("dashboards:subsidy_list"),
    )


@login_required
def subsidy_deadline_create(request, pk):
    application = _application(request, pk)
    return form_page(
        request,
        SubsidyDeadlineForm(
            request.POST or None, instance=SubsidyDeadline(application=application)
        ),
        save=lambda data: services.subsidy_deadline_create(application=application, **data),
        success=_("Deadline added."),
        title=_("Add a reporting deadline to %(name)s") % {"name": application},
        back=reverse("dashboards:subsidy_list"),
        redirect_to=reverse("dashboards:subsidy_list"),
    )


@login_required
@require_POST
def subsidy_deadline_done(request, pk):
    """Mark a deadline done (done=1) or open again (done=0)."""
    deadline = _member_object(
        request,
        SubsidyDeadline,
        pk,
        "application__programme__organisation",
        SubsidyDeadline.objects.select_related("application__programme"),
    )
    choice = request.POST.get("done")
    if choice in ("0", "1"):  # anything else changes nothing
        done = choice == "1"
        services.subsidy_deadline_mark_done(deadline=deadline, done=done)
        messages.success(
            request, _("Deadline marked done.") if done else _("Deadline opened again.")
        )
    return redirect("dashboards:subsidy_list")
