"""Training pages: bind form, check permission, call one service, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import access
from organisations.forms import SearchForm, apply_errors
from organisations.models import Employee, Organisation
from organisations.uploads import document_response

from . import permissions, selectors, services
from .forms import (
    DoneOnForm,
    LearningActivityForm,
    LedgerEntryForm,
    MilestoneDoneForm,
    RegistrationForm,
    TableCopyForm,
    TableSettingsForm,
    TaskLogForm,
    TrackCreateForm,
    TrackForm,
    WeightedTaskForm,
)
from .models import (
    LearningActivity,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _employee_for(user, pk) -> Employee:
    """An employee whose training the user may see (404 otherwise)."""
    return access.get_object_for(
        user,
        Employee,
        pk,
        queryset=permissions.training_employees(user).select_related("organisation", "user"),
    )


def _choice(request, name, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


# --- tracks ----------------------------------------------------------------------------------


@login_required
def track_list(request):
    access.require_permission(permissions.can_view_track_list(request.user))
    search = SearchForm(request.GET).term()
    status = _choice(request, "status", Track.Status.values)
    route = _choice(request, "route", list(selectors.Route.Code.values))
    page = _page(
        request,
        selectors.track_list(user=request.user, status=status, route=route, search=search),
    )
    today = timezone.localdate()
    for track in page.object_list:
        track.days_left = selectors.days_left(track, today)
    return render(
        request,
        "training/track_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "route": route,
            "statuses": Track.Status.choices,
            "routes": selectors.Route.Code.choices,
            "query": _query_without_page(request),
            "can_create": bool(
                access.organisation_ids(request.user, permissions.TRACK_EDITOR_ROLES)
            ),
        },
    )


@login_required
def track_summary(request):
    access.require_permission(permissions.can_view_aggregates(request.user))
    return render(
        request,
        "training/track_summary.html",
        {
            "rows": selectors.track_aggregates(user=request.user),
            "statuses": Track.Status.choices,
        },
    )


@login_required
def track_create(request):
    org_ids = access.organisation_ids(request.user, permissions.TRACK_EDITOR_ROLES)
    access.require_permission(bool(org_ids))
    employees = Employee.objects.filter(organisation_id__in=org_ids).order_by(
        "last_name", "first_name"
    )
    initial = {}
    if (employee_id := request.GET.get("employee", "")).isdigit():
        initial["employee"] = employee_id
    form = TrackCreateForm(request.POST or None, employees=employees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        extra = {"paid_by": data["paid_by"]}
        if data["registration_deadline"]:
            extra["registration_deadline"] = data["registration_deadline"]
        try:
            track = services.track_create(
                employee=data["employee"],
                route=data["route"],
                start_date=data["start_date"],
                created_by=request.user,
                **extra,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Track created."))
            return redirect("training:track_detail", pk=track.pk)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("New training track"), "back": reverse("training:track_list")},
    )


@login_required
def track_detail(request, pk):
    track = selectors.track_get(user=request.user, pk=pk)
    milestones = list(track.milestones.all())
    next_open = selectors.next_open_milestone(milestones)
    return render(
        request,
        "training/track_detail.html",
        {
            "track": track,
            "milestones": milestones,
            "next_open": next_open,
            "days_left": selectors.days_left(track),
            "history": selectors.track_history(track=track),
            "today": timezone.localdate(),
            "can_edit": permissions.can_manage_tracks(request.user, track.employee.organisation_id),
            "can_progress": permissions.can_update_progress(request.user, track.employee),
        },
    )


@login_required
def track_update(request, pk):
    track = selectors.track_get(user=request.user, pk=pk)
    access.require_permission(
        permissions.can_manage_tracks(request.user, track.employee.organisation_id)
    )
    form = TrackForm(request.POST or None, instance=track)
    if request.method == "POST" and form.is_valid():
        try:
            services.track_update(track=track, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:track_detail", pk=track.pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Edit track of %(name)s") % {"name": track.employee.full_name},
            "back": reverse("training:track_detail", args=[track.pk]),
        },
    )


def _milestone_for(user, pk) -> TrackMilestone:
    return access.get_object_for(
        user,
        TrackMilestone,
        pk,
        queryset=access.scoped(user, TrackMilestone).select_related(
            "track", "track__employee", "track__route"
        ),
    )


@login_required
def milestone_done(request, pk):
    milestone = _milestone_for(request.user, pk)
    access.require_permission(
        permissions.can_update_progress(request.user, milestone.track.employee)
    )
    form = MilestoneDoneForm(
        request.POST or None, request.FILES or None, initial={"done_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_complete(
                milestone=milestone,
                done_on=form.cleaned_data["done_on"],
                evidence=form.cleaned_data["evidence"],
                note=form.cleaned_data["note"],
                done_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone marked as done."))
            return redirect("training:track_detail", pk=milestone.track_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Milestone done: %(name)s") % {"name": milestone.name},
            "back": reverse("training:track_detail", args=[milestone.track_id]),
        },
    )


@login_required
def milestone_evidence(request, pk):
    milestone = _milestone_for(request.user, pk)
    return document_response(
        milestone.evidence, f"{milestone.track.employee.last_name} {milestone.name}"
    )


# --- the side-entrant's own pages ------------------------------------------------------------


@login_required
def my_training(request):
    employee = Employee.objects.filter(user=request.user).first()
    if employee is None:
        return render(request, "training/no_employee.html")
    return redirect("training:employee_detail", pk=employee.pk)


@login_required
def employee_detail(request, pk):
    employee = _employee_for(request.user, pk)
    overview = selectors.employee_overview(user=request.user, employee=employee)
    return render(
        request,
        "training/employee_detail.html",
        {
            "employee": employee,
            **overview,
            "is_self": employee.user_id == request.user.pk,
            "can_create": permissions.can_manage_tracks(request.user, employee.organisation_id),
        },
    )


# --- task log --------------------------------------------------------------------------------


def _table_of(organisation_id):
    return WeightingTable.objects.filter(organisation_id=organisation_id).first()


@login_required
def task_page(request, pk):
    employee = _employee_for(request.user, pk)
    table = _table_of(employee.organisation_id)
    can_log = permissions.can_update_progress(request.user, employee)
    form = None
    search = request.GET.get("responsible_q", "").replace("\x00", "")[:100]
    if table is not None and can_log:
        form = TaskLogForm(
            request.POST or None,
            tasks=table.tasks.order_by("name"),
            responsibles=selectors.responsible_candidates(employee=employee),
            offered=selectors.responsible_choices(
                employee=employee, search=search, selected=request.POST.get("responsible")
            ),
            initial={"date": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.task_log_create(
                    employee=employee, created_by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Task logged."))
                return redirect("training:task_page", pk=employee.pk)
    elif request.method == "POST":
        raise PermissionDenied
    groups = selectors.tasks_by_level(table, employee)
    return render(
        request,
        "training/task_page.html",
        {
            "employee": employee,
            "table": table,
            "form": form,
            "groups": [(level, label, groups[level]) for level, label in selectors.Level.choices],
            "mix": selectors.task_mix(employee=employee),
            "page": _page(request, selectors.task_log(employee=employee)),
            "query": _query_without_page(request),
            "responsible_q": search,
            "can_sign_off": services.can_sign_off(request.user, employee),
        },
    )


@login_required
@require_POST
def task_sign_off(request, pk):
    entry = access.get_object_for(
        request.user,
        TaskLogEntry,
        pk,
        queryset=access.scoped(request.user, TaskLogEntry).select_related("employee"),
    )
    try:
        entry = services.task_log_sign_off(entry=entry, user=request.user)
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    if request.htmx:  # inline update of the row's cell; the full page is the fallback
        return render(request, "training/_sign_off.html", {"entry": entry})
    messages.success(request, _("Task signed off."))
    return redirect("training:task_page", pk=entry.employee_id)


# --- learning plan ---------------------------------------------------------------------------


@login_required
def learning_plan(request, pk):
    employee = _employee_for(request.user, pk)
    can_edit = permissions.can_update_progress(request.user, employee)
    form = LearningActivityForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        access.require_permission(can_edit)
        if form.is_valid():
            try:
                services.learning_activity_create(
                    employee=employee, created_by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Activity added to the plan."))
                return redirect("training:learning_plan", pk=employee.pk)
    return render(
        request,
        "training/learning_plan.html",
        {
            "employee": employee,
            "plan": selectors.learning_plan(employee=employee),
            "form": form,
            "can_edit": can_edit,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def activity_done(request, pk):
    activity = access.get_object_for(
        request.user,
        LearningActivity,
        pk,
        queryset=access.scoped(request.user, LearningActivity).select_related("employee"),
    )
    access.require_permission(permissions.can_update_progress(request.user, activity.employee))
    form = DoneOnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
    else:
        try:
            services.learning_activity_complete(
                activity=activity, done_on=form.cleaned_data["done_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Activity marked as done."))
    return redirect("training:learning_plan", pk=activity.employee_id)


# --- registration ledger ---------------------------------------------------------------------


@login_required
def ledger_list(request):
    access.require_permission(access.has_role(request.user, permissions.TRACK_ROLES))
    search = SearchForm(request.GET).term()
    page = _page(request, selectors.registered_employees(user=request.user, search=search))
    rule = selectors.RegistrationRule.current()
    today = timezone.localdate()
    for employee in page.object_list:
        _start, employee.due = selectors.registration_period(
            employee.skj_registration_date, today, rule.period_years
        )
        employee.apply_warning = (
            selectors.add_months(employee.due, -rule.apply_months_before) <= today
        )
    return render(
        request,
        "training/ledger_list.html",
        {"page": page, "search": search, "query": _query_without_page(request)},
    )


@login_required
def ledger_detail(request, pk):
    employee = _employee_for(request.user, pk)
    can_edit = employee.user_id == request.user.pk or permissions.is_staff_for(
        request.user, employee
    )
    form = LedgerEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        access.require_permission(can_edit and employee.is_skj_registered)
        if form.is_valid():
            try:
                services.ledger_entry_create(
                    employee=employee, created_by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Entry added."))
                return redirect("training:ledger_detail", pk=employee.pk)
    return render(
        request,
        "training/ledger_detail.html",
        {
            "employee": employee,
            "ledger": selectors.ledger_get(employee=employee),
            "page": _page(request, selectors.ledger_entries(employee=employee)),
            "query": _query_without_page(request),
            "form": form if can_edit and employee.is_skj_registered else None,
            "can_register": permissions.can_manage_tracks(request.user, employee.organisation_id),
        },
    )


@login_required
def register(request, pk):
    employee = _employee_for(request.user, pk)
    access.require_permission(permissions.can_manage_tracks(request.user, employee.organisation_id))
    form = RegistrationForm(
        request.POST or None,
        initial={
            "skj_number": employee.skj_number,
            "registration_date": employee.skj_registration_date or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_record(
                employee=employee, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is now SKJ registered.") % {"name": employee.full_name}
            )
            return redirect("training:ledger_detail", pk=employee.pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("SKJ registration of %(name)s") % {"name": employee.full_name},
            "back": reverse("training:ledger_detail", args=[employee.pk]),
        },
    )


# --- weighting tables ------------------------------------------------------------------------


@login_required
def table_list(request):
    tables = list(selectors.table_list(user=request.user))
    have = {t.organisation_id for t in tables}
    editable_without = (
        Organisation.objects.filter(
            pk__in=access.organisation_ids(request.user, permissions.TABLE_EDITOR_ROLES)
        )
        .exclude(pk__in=have)
        .order_by("name")
    )
    return render(
        request,
        "training/table_list.html",
        {"tables": tables, "organisations_without": editable_without},
    )


@login_required
def table_detail(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    can_edit = permissions.can_edit_table(request.user, organisation)
    table = _table_of(organisation.pk)
    if table is None:
        if not can_edit:
            raise Http404
        # Shown with the default thresholds; stored once the editor saves or adds a task.
        table = WeightingTable(organisation=organisation)
    settings_form = TableSettingsForm(
        request.POST if request.method == "POST" else None, instance=table
    )
    if request.method == "POST":
        access.require_permission(can_edit)
        if settings_form.is_valid():
            try:
                table = services.weighting_table_for(organisation=organisation)
                services.weighting_table_update(table=table, **settings_form.cleaned_data)
            except ValidationError as exc:
                apply_errors(settings_form, exc)
            else:
                messages.success(request, _("Thresholds saved."))
                return redirect("training:table_detail", organisation_pk=organisation.pk)
    return render(
        request,
        "training/table_detail.html",
        {
            "organisation": organisation,
            "table": table,
            "tasks": selectors.table_tasks(table) if table.pk else [],
            "settings_form": settings_form if can_edit else None,
            "can_edit": can_edit,
        },
    )


@login_required
def task_create(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(permissions.can_edit_table(request.user, organisation))
    form = WeightedTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.weighting_table_for(organisation=organisation)
            services.weighted_task_create(table=table, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect("training:table_detail", organisation_pk=organisation.pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("New task for %(name)s") % {"name": organisation.name},
            "back": reverse("training:table_detail", args=[organisation.pk]),
        },
    )


@login_required
def task_update(request, pk):
    task = access.get_object_for(
        request.user,
        WeightedTask,
        pk,
        queryset=access.scoped(request.user, WeightedTask).select_related("table__organisation"),
    )
    organisation = task.table.organisation
    access.require_permission(permissions.can_edit_table(request.user, organisation))
    form = WeightedTaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.weighted_task_update(task=task, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:table_detail", organisation_pk=organisation.pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Edit task %(name)s") % {"name": task.name},
            "back": reverse("training:table_detail", args=[organisation.pk]),
        },
    )


@login_required
def table_copy(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(permissions.can_edit_table(request.user, organisation))
    sources = selectors.table_list(user=request.user).exclude(organisation=organisation)
    form = TableCopyForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            services.weighting_table_copy(
                source=form.cleaned_data["source"], organisation=organisation
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Table copied; adapt it where needed."))
            return redirect("training:table_detail", organisation_pk=organisation.pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Copy a weighting table to %(name)s") % {"name": organisation.name},
            "back": reverse("training:table_detail", args=[organisation.pk]),
        },
    )
