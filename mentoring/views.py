"""Mentoring pages: bind form, check permission, call one service, redirect or render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import services as notify
from notifications.models import UserPreference
from organisations import access
from organisations.forms import SearchForm, apply_errors
from organisations.leavers import user_has_left
from organisations.models import Employee, Organisation
from organisations.roles import Role

from . import calendar, permissions, selectors, services
from .forms import (
    AssignForm,
    ChangeForm,
    CheckInAddForm,
    CheckInLogForm,
    EndForm,
    MentorProfileForm,
    PulseForm,
    ReflectionForm,
    SeriesForm,
    SessionForm,
    SettingsForm,
)
from .models import (
    CheckIn,
    IntervisionParticipant,
    IntervisionSession,
    MentorAssignment,
    MentorProfile,
)


def _form_page(request, form, title, back=""):
    return render(request, "mentoring/form.html", {"form": form, "title": title, "back": back})


def _oversight_orgs(request):
    org_ids = permissions.oversight_org_ids(request.user)
    access.require_permission(bool(org_ids))
    return org_ids


def _org_param(request, org_ids) -> int | None:
    """The ?organisation= filter, ignored when malformed or outside the user's organisations."""
    raw = request.GET.get("organisation", "")
    return int(raw) if raw.isdigit() and int(raw) in org_ids else None


def _page(request, queryset):
    """One page of 50 rows (garbage ?page= falls back to a valid page) and the other filters."""
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


# --- pool ------------------------------------------------------------------------------------


@login_required
def pool(request):
    org_ids = _oversight_orgs(request)
    organisation_id = _org_param(request, org_ids)
    search = SearchForm(request.GET).term()
    profiles = selectors.pool_profiles(
        user=request.user, organisation_id=organisation_id, search=search
    )
    page, query = _page(request, profiles)
    rows = selectors.pool_rows(page.object_list)
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    shown = [org for org in organisations if organisation_id in (None, org.pk)]
    trend = selectors.pulse_trend(org_ids=[organisation_id] if organisation_id else org_ids)
    unmatched = selectors.unmatched_by_organisation(org_ids=[org.pk for org in shown])
    active = [r for r in rows if r.profile.is_active][:40]
    return render(
        request,
        "mentoring/pool.html",
        {
            "rows": rows,
            "page": page,
            "query": query,
            "totals": selectors.pool_totals(profiles),
            "organisations": organisations,
            "organisation_id": organisation_id,
            "search": search,
            "unmatched": [
                (org, unmatched.get(org.pk, {"total": 0, "people": []})) for org in shown
            ],
            "overdue": selectors.overdue_checkins(user=request.user, limit=20),
            "trend": trend,
            "chart": {
                "labels": [r.profile.employee.full_name for r in active],
                "mentees": [r.mentees for r in active],
                "capacity": [r.capacity for r in active],
                "rounds": [t["period_start"].strftime("%d-%m-%Y") for t in trend],
                "energy": [float(t["energy"]) for t in trend],
                "time_pressure": [float(t["time_pressure"]) for t in trend],
                "label_mentees": _("Mentees"),
                "label_capacity": _("Capacity"),
                "label_energy": _("Average energy"),
                "label_pressure": _("Average time pressure"),
            },
        },
    )


@login_required
def profile_create(request):
    org_ids = _oversight_orgs(request)
    form = MentorProfileForm(request.POST or None, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employee = data.pop("employee")
        try:
            services.mentor_profile_create(employee=employee, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is now in the mentor pool.") % {"name": employee.full_name}
            )
            return redirect("mentoring:pool")
    return _form_page(request, form, _("Add a mentor to the pool"), reverse("mentoring:pool"))


@login_required
def profile_update(request, pk):
    profile = access.get_object_for(
        request.user,
        MentorProfile,
        pk,
        queryset=access.scoped(request.user, MentorProfile).select_related("employee"),
    )
    access.require_permission(
        permissions.can_manage_pool(request.user, profile.employee.organisation_id)
    )
    form = MentorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_profile_update(profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentor profile saved."))
            return redirect("mentoring:pool")
    return _form_page(
        request,
        form,
        _("Mentor profile of %(name)s") % {"name": profile.employee.full_name},
        reverse("mentoring:pool"),
    )


@login_required
def settings_update(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(permissions.can_manage_pool(request.user, organisation))
    current = services.settings_for(organisation)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentoring settings saved."))
            return redirect("mentoring:pool")
    return _form_page(
        request,
        form,
        _("Mentoring settings for %(name)s") % {"name": organisation.name},
        reverse("mentoring:pool"),
    )


@login_required
def figures(request):
    """Managers (and supervisors, HR) see aggregates only."""
    org_ids = access.organisation_ids(request.user, permissions.AGGREGATE_ROLES)
    access.require_permission(bool(org_ids))
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    per_org = selectors.mentoring_aggregates_by_organisation(org_ids=[o.pk for o in organisations])
    rows = [(org, selectors.mentoring_figures(per_org[org.pk])) for org in organisations]
    return render(request, "mentoring/figures.html", {"rows": rows})


# --- matching and assignments ----------------------------------------------------------------


def _mentee_for_oversight(request, employee_pk) -> Employee:
    org_ids = permissions.oversight_org_ids(request.user)
    return access.get_object_for(
        request.user,
        Employee,
        employee_pk,
        queryset=Employee.objects.filter(organisation_id__in=org_ids).select_related(
            "team", "organisation"
        ),
    )


@login_required
def match(request, employee_pk):
    mentee = _mentee_for_oversight(request, employee_pk)
    form = AssignForm(request.POST or None, organisation_id=mentee.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mentor_assign(
                mentee=mentee,
                mentor=data["mentor"],
                kind=data["kind"],
                start_date=data["start_date"],
                reason_for_change=data["reason_for_change"],
                cadence=form.cadence(),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentor assigned."))
            return redirect("mentoring:match", employee_pk=mentee.pk)
    current = list(
        MentorAssignment.objects.filter(mentee=mentee, end_date__isnull=True).select_related(
            "mentor"
        )
    )
    return render(
        request,
        "mentoring/match.html",
        {
            "mentee": mentee,
            "form": form,
            "current": current,
            "main": selectors.mentor_suggestions(mentee=mentee, kind="main"),
            "sub": selectors.mentor_suggestions(mentee=mentee, kind="sub")
            if any(a.kind == "main" for a in current)
            else [],
        },
    )


@login_required
def match_all(request, organisation_pk):
    organisation = access.get_object_for(request.user, Organisation, organisation_pk)
    access.require_permission(permissions.can_manage_pool(request.user, organisation))
    proposals = selectors.match_all_proposal(organisation_id=organisation.pk)
    errors = []
    if request.method == "POST":
        # Confirm exactly the pairs the supervisor reviewed ("mentee:mentor" values).
        unmatched = {p.mentee.pk: p.mentee for p in proposals}
        pool = {e.pk: e for e in selectors.mentor_pool(organisation=organisation)}
        pairs = []
        for value in request.POST.getlist("accept"):
            mentee_pk, _sep, mentor_pk = value.partition(":")
            if not (mentee_pk.isdigit() and mentor_pk.isdigit()):
                continue
            mentee, mentor = unmatched.get(int(mentee_pk)), pool.get(int(mentor_pk))
            if mentee is not None and mentor is not None:
                pairs.append((mentee, mentor, "main"))
        if not pairs:
            errors.append(_("Tick at least one proposed pair."))
        else:
            try:
                services.matches_confirm(
                    pairs=pairs, start_date=timezone.localdate(), by=request.user
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
                errors.append(_("Nothing was saved; review the proposal again."))
            else:
                messages.success(
                    request, _("%(count)d side-entrants matched.") % {"count": len(pairs)}
                )
                return redirect("mentoring:pool")
    return render(
        request,
        "mentoring/match_all.html",
        {"organisation": organisation, "proposals": proposals, "errors": errors},
    )


@login_required
def assignment_list(request):
    """Current pairings of the supervisor's / HR's organisations."""
    _oversight_orgs(request)
    search = SearchForm(request.GET).term()
    qs = selectors.assignment_list(user=request.user).filter(
        mentee__organisation_id__in=permissions.oversight_org_ids(request.user)
    )
    if search:
        qs = qs.filter(
            Q(mentee__last_name__icontains=search)
            | Q(mentee__first_name__icontains=search)
            | Q(mentor__last_name__icontains=search)
            | Q(mentor__first_name__icontains=search)
        )
    page, query = _page(request, qs)
    return render(
        request,
        "mentoring/assignment_list.html",
        {"page": page, "search": search, "query": query},
    )


def _assignment(request, pk) -> MentorAssignment:
    return access.get_object_for(
        request.user,
        MentorAssignment,
        pk,
        queryset=access.scoped(request.user, MentorAssignment).select_related(
            "mentee__organisation", "mentee__team", "mentor__team"
        ),
    )


@login_required
def assignment_detail(request, pk):
    assignment = _assignment(request, pk)
    is_mentor = assignment.mentor.user_id == request.user.pk
    can_manage = permissions.can_manage_pool(request.user, assignment.mentee.organisation_id)
    return render(
        request,
        "mentoring/assignment_detail.html",
        {
            "assignment": assignment,
            "checkins": selectors.assignment_checkins(assignment=assignment),
            "today": timezone.localdate(),
            "can_log": is_mentor or can_manage,
            "can_manage": can_manage,
            "is_mentee": assignment.mentee.user_id == request.user.pk,
        },
    )


@login_required
def assignment_end(request, pk):
    assignment = _assignment(request, pk)
    access.require_permission(
        permissions.can_manage_pool(request.user, assignment.mentee.organisation_id)
    )
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Assignment ended."))
            return redirect("mentoring:assignment_detail", pk=assignment.pk)
    return _form_page(
        request,
        form,
        _("End assignment: %(a)s") % {"a": assignment},
        reverse("mentoring:assignment_detail", args=[pk]),
    )


@login_required
def assignment_change(request, pk):
    assignment = _assignment(request, pk)
    access.require_permission(
        permissions.can_manage_pool(request.user, assignment.mentee.organisation_id)
    )
    form = ChangeForm(
        request.POST or None,
        organisation_id=assignment.mentee.organisation_id,
        exclude_ids=[assignment.mentor_id, assignment.mentee_id],
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.mentor_change(
                assignment=assignment, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentor changed."))
            return redirect("mentoring:assignment_detail", pk=new.pk)
    return _form_page(
        request,
        form,
        _("Change mentor: %(a)s") % {"a": assignment},
        reverse("mentoring:assignment_detail", args=[pk]),
    )


@login_required
def checkin_add(request, pk):
    assignment = _assignment(request, pk)
    is_mentor = assignment.mentor.user_id == request.user.pk
    access.require_permission(
        is_mentor or permissions.can_manage_pool(request.user, assignment.mentee.organisation_id)
    )
    form = CheckInAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_add(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Check-in planned."))
            return redirect("mentoring:assignment_detail", pk=assignment.pk)
    return _form_page(
        request,
        form,
        _("Plan an extra check-in"),
        reverse("mentoring:assignment_detail", args=[pk]),
    )


def _checkin(request, pk) -> CheckIn:
    return access.get_object_for(
        request.user,
        CheckIn,
        pk,
        queryset=access.scoped(request.user, CheckIn).select_related(
            "assignment__mentee__organisation", "assignment__mentor"
        ),
    )


@login_required
def checkin_log(request, pk):
    checkin = _checkin(request, pk)
    access.require_permission(permissions.can_log_checkin(request.user, checkin))
    form = CheckInLogForm(request.POST or None, instance=checkin)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.checkin_log(checkin=checkin, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Check-in saved."))
            target = reverse("mentoring:assignment_detail", args=[checkin.assignment_id])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    if request.htmx:
        # Inline on the assignment page: only the form.
        form.helper.attrs = {
            "hx-post": request.path,
            "hx-target": "#checkin-panel",
            "hx-swap": "innerHTML",
        }
        return render(request, "mentoring/_checkin_form.html", {"form": form, "checkin": checkin})
    return render(
        request,
        "mentoring/checkin_form.html",
        {
            "form": form,
            "checkin": checkin,
            "back": reverse("mentoring:assignment_detail", args=[checkin.assignment_id]),
        },
    )


@login_required
def checkin_reflect(request, pk):
    checkin = _checkin(request, pk)
    access.require_permission(permissions.can_reflect(request.user, checkin))
    form = ReflectionForm(request.POST or None, initial={"reflection": checkin.reflection})
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_reflect(checkin=checkin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Reflection saved."))
            return redirect("mentoring:my_checkins")
    return _form_page(
        request,
        form,
        _("My reflection on the check-in of %(date)s")
        % {"date": checkin.planned_date.strftime("%d-%m-%Y")},
        reverse("mentoring:my_checkins"),
    )


@login_required
def my_mentees(request):
    access.require_permission(access.has_role(request.user, Role.MENTOR))
    return render(
        request,
        "mentoring/my_mentees.html",
        {
            "rows": selectors.my_mentee_rows(user=request.user),
            "pulse": selectors.open_pulse(user=request.user),
        },
    )


@login_required
def my_checkins(request):
    return render(
        request,
        "mentoring/my_checkins.html",
        {"checkins": selectors.my_checkins(user=request.user), "today": timezone.localdate()},
    )


# --- intervision -----------------------------------------------------------------------------


def _session_orgs(request):
    org_ids = access.organisation_ids(request.user, {Role.MENTOR, Role.PRACTICE_SUPERVISOR})
    access.require_permission(bool(org_ids))
    return org_ids


@login_required
def session_list(request):
    page, query = _page(request, selectors.session_list(user=request.user))
    today = timezone.localdate()
    own = Employee.objects.filter(user=request.user).values_list("pk", flat=True).first()
    # SKJ re-registration asks 60 hours of reflection per 5 years.
    hours = (
        selectors.intervision_hours(
            employee_ids=[own], start=today - datetime.timedelta(days=5 * 365), end=today
        ).get(own, 0)
        if own
        else None
    )
    return render(
        request,
        "mentoring/session_list.html",
        {
            "page": page,
            "query": query,
            "reflection_hours": hours,
            "can_log": bool(
                access.organisation_ids(request.user, {Role.MENTOR, Role.PRACTICE_SUPERVISOR})
            ),
            "can_plan": access.has_role(request.user, Role.PRACTICE_SUPERVISOR),
            "today": timezone.localdate(),
        },
    )


@login_required
def session_create(request):
    org_ids = _session_orgs(request)
    organisations = Organisation.objects.filter(pk__in=org_ids)
    form = SessionForm(request.POST or None, org_ids=org_ids, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.intervision_session_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Intervision session saved."))
            return redirect("mentoring:session_detail", pk=session.pk)
    return _form_page(
        request, form, _("Log an intervision session"), reverse("mentoring:session_list")
    )


@login_required
def session_update(request, pk):
    session = access.get_object_for(request.user, IntervisionSession, pk)
    access.require_permission(
        permissions.can_log_intervision(request.user, session.organisation_id)
    )
    form = SessionForm(
        request.POST or None,
        instance=session,
        org_ids=[session.organisation_id],
        organisations=Organisation.objects.filter(pk=session.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervision_session_update(
                session=session, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Intervision session saved."))
            return redirect("mentoring:session_detail", pk=session.pk)
    return _form_page(
        request,
        form,
        _("Intervision session of %(date)s") % {"date": session.date.strftime("%d-%m-%Y")},
        reverse("mentoring:session_detail", args=[pk]),
    )


@login_required
def series_create(request):
    org_ids = access.organisation_ids(request.user, {Role.PRACTICE_SUPERVISOR})
    access.require_permission(bool(org_ids))
    form = SeriesForm(
        request.POST or None,
        org_ids=org_ids,
        organisations=Organisation.objects.filter(pk__in=org_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervision_series_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Intervision series planned."))
            return redirect("mentoring:session_list")
    return _form_page(
        request, form, _("Plan recurring intervision"), reverse("mentoring:session_list")
    )


@login_required
def session_detail(request, pk):
    session = access.get_object_for(
        request.user,
        IntervisionSession,
        pk,
        queryset=access.scoped(request.user, IntervisionSession).select_related(
            "facilitator", "case_owner", "organisation", "series"
        ),
    )
    return render(
        request,
        "mentoring/session_detail.html",
        {
            "session": session,
            "participants": selectors.session_participants(session=session),
            "can_sign_off": permissions.can_sign_off(request.user, session)
            and session.date <= timezone.localdate(),
            "can_edit": permissions.can_log_intervision(request.user, session.organisation_id),
        },
    )


@login_required
@require_POST
def participant_sign_off(request, pk):
    participant = access.get_object_for(
        request.user,
        IntervisionParticipant,
        pk,
        queryset=IntervisionParticipant.objects.filter(
            session__in=access.scoped(request.user, IntervisionSession)
        ).select_related("session__facilitator", "employee"),
    )
    access.require_permission(permissions.can_sign_off(request.user, participant.session))
    try:
        services.participant_sign_off(participant=participant, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s signed off.") % {"name": participant.employee.full_name}
        )
    return redirect("mentoring:session_detail", pk=participant.session_id)


# --- pulse -----------------------------------------------------------------------------------


@login_required
def pulse_answer(request):
    pulse = selectors.open_pulse(user=request.user)
    if pulse is None:
        return render(request, "mentoring/pulse_none.html")
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer(pulse=pulse, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you for answering the pulse."))
            return redirect("home")
    return _form_page(
        request,
        form,
        _("Mentor pulse of %(date)s") % {"date": pulse.period_start.strftime("%d-%m-%Y")},
    )


# --- calendar --------------------------------------------------------------------------------


@login_required
def calendar_settings(request):
    preference = notify.preference_for(request.user)
    if request.method == "POST":
        notify.calendar_token_reset(user=request.user)
        messages.success(request, _("Your calendar link was reset; the old link no longer works."))
        return redirect("mentoring:calendar")
    url = request.build_absolute_uri(
        reverse("mentoring:calendar_feed", args=[preference.calendar_token])
    )
    return render(request, "mentoring/calendar.html", {"feed_url": url})


def calendar_feed(request, token):
    """Public (secret-token) ICS feed of the user's check-ins and intervision sessions."""
    preference = (
        UserPreference.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user__employee")
        .first()
        if token and len(token) <= 64
        else None
    )
    # The feed ends with employment, on the end date, as the login does (before the
    # nightly job switches the account off and rotates the token).
    if preference is None or user_has_left(preference.user):
        raise Http404
    employee = getattr(preference.user, "employee", None)
    since = timezone.localdate() - datetime.timedelta(days=90)
    # A calendar app fetches the feed without the user's session: use their language.
    body = calendar.feed(employee=employee, since=since, language=preference.language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
