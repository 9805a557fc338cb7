"""Intake pages: bind a form, check permission, call one service, redirect or render."""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import rate_limit
from organisations import access, spreadsheets
from organisations.forms import apply_errors
from organisations.models import Employee
from organisations.uploads import document_response

from . import exports, route_advice, selectors, services
from .filters import ApplicationFilter
from .forms import (
    ApplicationForm,
    CampaignCopyForm,
    CampaignForm,
    CriterionForm,
    EraseForm,
    HireForm,
    InterviewCancelForm,
    InterviewForm,
    MoveForm,
    NoteForm,
    OverrideForm,
    ScoreForm,
)
from .models import Application, Campaign, ErasureLog, Interview, SelectionCriterion, Stage

PAGE_SIZE = 25


def _require_view(request):
    access.require_permission(selectors.can_view_intake(request.user))


def _campaign(request, pk, *, manage=False) -> Campaign:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if manage:
        access.require_permission(
            selectors.can_manage_campaigns(request.user, campaign.organisation_id)
        )
    return campaign


def _application(request, pk, *, manage=False, assess=False) -> Application:
    application = selectors.application_get(user=request.user, pk=pk)
    org_id = application.campaign.organisation_id
    if manage:
        access.require_permission(selectors.can_manage_campaigns(request.user, org_id))
    if assess:
        access.require_permission(selectors.can_assess(request.user, org_id))
    return application


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- public ---


def apply(request, slug):
    """The public application form of one campaign; no account needed."""
    campaign = selectors.public_campaign(slug=slug)
    if campaign is None:
        return render(request, "intake/public/not_found.html", status=404)
    is_open = campaign.is_open_on(timezone.localdate())
    full = selectors.campaign_is_full(campaign)
    accepting = is_open and (not full or campaign.waiting_list)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        submit_label=_("Join the waiting list") if full else _("Send application"),
    )
    status = 200
    if request.method == "POST" and not accepting:
        form.add_error(None, _("This campaign is closed; applications are no longer accepted."))
        status = 409
    elif request.method == "POST":
        if form.is_spam():
            # Pretend success so a bot learns nothing; store nothing.
            return redirect("intake:apply_thanks", slug=slug)
        if rate_limit.is_limited(
            request,
            group="intake-apply",
            rate=settings.INTAKE_APPLY_RATE_LIMIT,
            fallback=services.rate_limit_count_add,
        ):
            form.add_error(
                None, _("Too many applications from your address; please try again later.")
            )
            status = 429
        elif form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("website", None)
            data["cv"] = data.get("cv") or ""
            try:
                application = services.application_submit(
                    campaign=campaign, language=translation.get_language() or "", **data
                )
                services.application_confirm_by_email(
                    application=application, language=translation.get_language()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                url = reverse("intake:apply_thanks", args=[slug])
                return redirect(f"{url}?wachtlijst=1" if application.on_waiting_list else url)
        else:
            status = 400
    return render(
        request,
        "intake/public/apply.html",
        {
            "campaign": campaign,
            "form": form,
            "is_open": is_open,
            "full": full,
            "accepting": accepting,
        },
        status=status,
    )


def apply_thanks(request, slug):
    campaign = selectors.public_campaign(slug=slug)
    if campaign is None:
        return render(request, "intake/public/not_found.html", status=404)
    return render(
        request,
        "intake/public/thanks.html",
        {"campaign": campaign, "waiting_list": request.GET.get("wachtlijst") == "1"},
    )


def withdraw(request, token):
    """The applicant withdraws through the signed link in the confirmation email.

    A GET only asks; once the procedure has ended the page says so and a POST changes
    nothing. The page speaks the language the applicant applied in, unless they chose
    another one here (they open the link from a mail client, usually without our cookie).
    """
    application = services.application_from_withdraw_token(token)
    if application is None:
        return render(request, "intake/public/not_found.html", status=404)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else application.language
    with translation.override(language):
        done, error = False, None
        if request.method == "POST" and not application.is_closed:
            try:
                services.application_withdraw_by_applicant(application=application)
            except services.ApplicationClosed:
                application.refresh_from_db()  # decided meanwhile: show what it is now
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                done = True
        return render(
            request,
            "intake/public/withdraw.html",
            {
                "application": application,
                "campaign": application.campaign,
                "done": done,
                "error": error,
                "closed": application.is_closed,
            },
        )


# --- campaigns ---


@login_required
def campaign_list(request):
    _require_view(request)
    campaigns = Paginator(selectors.campaign_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "intake/campaign_list.html",
        {
            "page": campaigns,
            "can_create": selectors.can_manage_campaigns(request.user),
            "today": timezone.localdate(),
        },
    )


def _manageable_organisations(user):
    from organisations.models import Organisation

    return Organisation.objects.filter(pk__in=access.organisation_ids(user, selectors.MANAGE_ROLES))


@login_required
def campaign_create(request):
    access.require_permission(selectors.can_manage_campaigns(request.user))
    form = CampaignForm(request.POST or None, organisations=_manageable_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = services.campaign_create(created_by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Campaign created. Add the selection criteria next."))
            return redirect(campaign)
    return render(request, "intake/form.html", {"form": form, "title": _("New campaign")})


@login_required
def campaign_update(request, pk):
    campaign = _campaign(request, pk, manage=True)
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        organisations=_manageable_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organisation", None)
        try:
            services.campaign_update(campaign=Campaign.objects.get(pk=campaign.pk), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Edit %(title)s") % {"title": campaign.title},
            "back": campaign.get_absolute_url(),
        },
    )


@login_required
def campaign_copy(request, pk):
    campaign = _campaign(request, pk, manage=True)
    form = CampaignCopyForm(
        request.POST or None, initial={"title": _("%(title)s (copy)") % {"title": campaign.title}}
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.campaign_copy(
                campaign=campaign, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Campaign copied with its criteria and stages."))
            return redirect(copy)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Use %(title)s as a template") % {"title": campaign.title},
            "back": campaign.get_absolute_url(),
        },
    )


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    can_manage = selectors.can_manage_campaigns(request.user, campaign.organisation_id)
    return render(
        request,
        "intake/campaign_detail.html",
        {
            "campaign": campaign,
            "criteria": list(campaign.criteria.all()),
            "criterion_form": CriterionForm() if can_manage else None,
            "can_manage": can_manage,
            "public_url": request.build_absolute_uri(campaign.get_public_url()),
            "is_open": campaign.is_open_on(timezone.localdate()),
            "full": selectors.campaign_is_full(campaign),
        },
    )


@login_required
@require_POST
def criterion_add(request, pk):
    campaign = _campaign(request, pk, manage=True)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_create(campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return render(
            request,
            "intake/campaign_detail.html",
            {
                "campaign": campaign,
                "criteria": list(campaign.criteria.all()),
                "criterion_form": form,
                "can_manage": True,
                "public_url": request.build_absolute_uri(campaign.get_public_url()),
                "is_open": campaign.is_open_on(timezone.localdate()),
                "full": selectors.campaign_is_full(campaign),
            },
            status=400,
        )
    messages.success(request, _("Criterion added."))
    return redirect(campaign)


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = access.get_object_for(
        request.user,
        SelectionCriterion,
        pk,
        queryset=access.scoped(request.user, SelectionCriterion).select_related("campaign"),
    )
    access.require_permission(
        selectors.can_manage_campaigns(request.user, criterion.campaign.organisation_id)
    )
    try:
        services.criterion_delete(criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Criterion removed."))
    return redirect(criterion.campaign)


@login_required
def campaign_funnel(request, pk):
    campaign = _campaign(request, pk)
    return render(
        request,
        "intake/funnel.html",
        {"campaign": campaign, "funnel": selectors.funnel(campaign=campaign)},
    )


# --- applications ---

SORTS = {
    "score": F("weighted_total").desc(nulls_last=True),
    "-score": F("weighted_total").asc(nulls_last=True),
    "date": F("submitted_at").asc(),
    "-date": F("submitted_at").desc(),
    "name": F("candidate__last_name").asc(nulls_last=True),
}


def _filtered(request, campaign):
    # Neither the page nor the export needs the EXISTS over all applications (see selector).
    qs = selectors.application_list(user=request.user, campaign=campaign, elsewhere=False)
    application_filter = ApplicationFilter(request.GET or None, queryset=qs)
    qs = application_filter.qs
    sort = request.GET.get("sort", "-date")
    qs = qs.order_by(SORTS.get(sort, SORTS["-date"]), "pk")
    return application_filter, qs, sort if sort in SORTS else "-date"


@login_required
def application_list(request, pk):
    campaign = _campaign(request, pk)
    export = request.GET.get("export")
    application_filter, qs, sort = _filtered(request, campaign)
    if export in {"csv", "xlsx"}:
        return _export(campaign, qs, export)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.mark_applied_elsewhere(
        page.object_list, user=request.user, campaign=campaign
    )
    params = request.GET.copy()
    params.pop("sort", None)
    params.pop("page", None)
    return render(
        request,
        "intake/application_list.html",
        {
            "campaign": campaign,
            "filter": application_filter,
            "page": page,
            "query": _query_without_page(request),
            "query_without_sort": params.urlencode(),
            "sort": sort,
            "routes": route_advice.ROUTE_LABELS,
        },
    )


def _export(campaign, qs, kind):
    return spreadsheets.export_response(
        columns=exports.APPLICATION_COLUMNS,
        rows=qs.iterator(chunk_size=1000),
        filename=f"sollicitaties-{campaign.slug}",
        kind=kind,
        title=_("Applications"),
    )


def _board_context(request, campaign, error=None):
    columns = selectors.board(user=request.user, campaign=campaign)
    reasons = list(selectors.rejection_reasons_for(campaign.organisation_id))
    # Every card repeats the same two choice lists: render their options once, not per card.
    for column in columns:
        column["move_options"] = format_html_join(
            "",
            '<option value="{}">{}</option>',
            (
                (other["stage"], other["label"])
                for other in columns
                if other["stage"] not in {column["stage"], Stage.HIRED}
            ),
        )
    return {
        "campaign": campaign,
        "columns": columns,
        "reasons": reasons,
        "reason_options": format_html_join(
            "", '<option value="{}">{}</option>', ((r.pk, r.label) for r in reasons)
        ),
        "can_manage": selectors.can_manage_campaigns(request.user, campaign.organisation_id),
        "board_error": error,
        "card_limit": selectors.BOARD_CARDS_PER_COLUMN,
    }


@login_required
def board(request, pk):
    campaign = _campaign(request, pk)
    return render(request, "intake/board.html", _board_context(request, campaign))


@login_required
@require_POST
def application_move(request, pk):
    application = _application(request, pk, manage=True)
    campaign = application.campaign
    form = MoveForm(
        request.POST,
        reasons=selectors.rejection_reasons_for(campaign.organisation_id),
        campaign=campaign,
    )
    error = None
    if form.is_valid():
        try:
            services.application_move(
                application=application,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors) or _(
            "Invalid move."
        )
    if request.htmx:
        return render(request, "intake/_board.html", _board_context(request, campaign, error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Application moved."))
    target = request.POST.get("next")
    if target == "board":
        return redirect("intake:board", pk=campaign.pk)
    return redirect(application)


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    campaign = application.campaign
    user = request.user
    can_manage = selectors.can_manage_campaigns(user, campaign.organisation_id)
    can_assess = selectors.can_assess(user, campaign.organisation_id)
    assessment = selectors.assessment(application)
    criteria = [row["criterion"] for row in assessment["rows"]]
    mine = (
        {s.criterion_id: s for s in application.scores.all() if s.assessor_id == user.pk}
        if can_assess
        else {}
    )
    hire = getattr(application, "hire", None) if application.stage == Stage.HIRED else None
    return render(
        request,
        "intake/application_detail.html",
        {
            "application": application,
            "campaign": campaign,
            "candidate": application.candidate,
            "assessment": assessment,
            "score_form": ScoreForm(criteria=criteria, mine=mine)
            if can_assess and not application.is_erased
            else None,
            "move_form": MoveForm(
                reasons=selectors.rejection_reasons_for(campaign.organisation_id),
                campaign=campaign,
                initial={"to_stage": application.stage},
            )
            if can_manage and not application.is_erased and application.stage != Stage.HIRED
            else None,
            "override_form": OverrideForm()
            if can_manage and assessment["fails_hard"] and not application.hard_override_reason
            else None,
            "history": selectors.stage_history(application),
            "interviews": selectors.interviews_of(application),
            "others": selectors.other_applications(application, user=user),
            "route_label": route_advice.route_label(application.route_code),
            "hire": hire,
            "can_manage": can_manage,
            "can_assess": can_assess,
            "note_form": NoteForm(),
        },
    )


@login_required
@require_POST
def application_score(request, pk):
    application = _application(request, pk, assess=True)
    criteria = list(application.campaign.criteria.all())
    form = ScoreForm(request.POST, criteria=criteria, mine={})
    if not form.is_valid():
        messages.error(request, _("A score is a whole number from 1 to 5."))
        return redirect(application)
    try:
        for criterion, values in form.scores():
            services.score_set(
                application=application, criterion=criterion, assessor=request.user, **values
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your scores are saved."))
    return redirect(application)


@login_required
@require_POST
def application_override(request, pk):
    application = _application(request, pk, manage=True)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.application_override_hard(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Override recorded."))
    else:
        messages.error(request, _("Write down why the candidate may continue."))
    return redirect(application)


@login_required
def application_cv(request, pk):
    application = _application(request, pk)
    name = application.display_name.replace(" ", "-")
    return document_response(application.cv, f"cv-{name}")


@login_required
def application_hire(request, pk):
    application = _application(request, pk, manage=True)
    campaign = application.campaign
    hire = getattr(application, "hire", None) if application.stage == Stage.HIRED else None
    if hire is not None:
        from mentoring import selectors as mentoring_selectors

        mentors = mentoring_selectors.current_mentors(employee_ids=[hire.employee_id])
        return render(
            request,
            "intake/hire_done.html",
            {
                "application": application,
                "hire": hire,
                "route_label": route_advice.route_label(hire.route_code),
                "mentors": mentors.get(hire.employee_id, []),
            },
        )
    from mentoring import selectors as mentoring_selectors

    free = mentoring_selectors.candidate_profiles(campaign.organisation_id, kind="main")
    form = HireForm(
        request.POST or None,
        organisation=campaign.organisation,
        mentors=Employee.objects.filter(pk__in=[p.employee_id for p in free])
        .select_related("team")
        .order_by("last_name", "first_name"),
        initial={
            "job_function": _("%(role)s in training")
            % {"role": campaign.get_role_profile_display()},
            "start_date": timezone.localdate(),
            "team": campaign.team_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_hire(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hired. Finish the hand-over below."))
            return redirect("intake:application_hire", pk=application.pk)
    return render(
        request,
        "intake/hire_form.html",
        {
            "application": application,
            "form": form,
            "route_label": route_advice.route_label(application.route_code),
        },
        status=400 if form.errors else 200,
    )


@login_required
def interview_create(request, pk):
    application = _application(request, pk, manage=True)
    form = InterviewForm(
        request.POST or None, assessors=selectors.assessors_for(application.campaign.organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_schedule(
                application=application, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Interview scheduled; the panel has been invited."))
            return redirect(application)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Schedule an interview with %(name)s") % {"name": application.display_name},
            "back": application.get_absolute_url(),
        },
    )


def _interview(request, pk) -> Interview:
    """A planned interview HR of its organisation may change (404 outside, 403 without role)."""
    interview = access.get_object_for(
        request.user,
        Interview,
        pk,
        queryset=access.scoped(request.user, Interview).select_related(
            "application__campaign__organisation", "application__candidate"
        ),
    )
    access.require_permission(
        selectors.can_manage_campaigns(request.user, interview.application.campaign.organisation_id)
    )
    return interview


@login_required
def interview_update(request, pk):
    """Move or change an interview; the panel (and an invited candidate) get the update."""
    interview = _interview(request, pk)
    application = interview.application
    if interview.cancelled_at:
        messages.error(request, _("This interview has been cancelled."))
        return redirect(application)
    form = InterviewForm(
        request.POST or None,
        assessors=selectors.assessors_for(application.campaign.organisation),
        submit=_("Save and send the update"),
        initial={
            "starts_at": timezone.localtime(interview.starts_at),
            "duration_minutes": interview.duration_minutes,
            "location": interview.location,
            "video_url": interview.video_url,
            "panel": list(interview.panel.all()),
            "invite_candidate": interview.candidate_invited,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_reschedule(interview=interview, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Interview changed; everyone has the update."))
            return redirect(application)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Change the interview with %(name)s") % {"name": application.display_name},
            "back": application.get_absolute_url(),
        },
    )


@login_required
def interview_cancel(request, pk):
    interview = _interview(request, pk)
    application = interview.application
    if interview.cancelled_at:
        messages.info(request, _("This interview has been cancelled."))
        return redirect(application)
    form = InterviewCancelForm(request.POST or None)
    form.helper = FormHelper()
    form.helper.add_input(Submit("submit", _("Cancel the interview"), css_class="btn-danger"))
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_cancel(
                interview=interview, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Interview cancelled; the panel has been told."))
            return redirect(application)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Cancel the interview of %(when)s with %(name)s")
            % {
                "when": timezone.localtime(interview.starts_at).strftime("%d-%m-%Y %H:%M"),
                "name": application.display_name,
            },
            "back": application.get_absolute_url(),
        },
    )


@login_required
@require_POST
def interview_note(request, pk):
    interview = access.get_object_for(
        request.user,
        Interview,
        pk,
        queryset=access.scoped(request.user, Interview).select_related("application__campaign"),
    )
    access.require_permission(
        selectors.can_assess(request.user, interview.application.campaign.organisation_id)
    )
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.interview_note_set(
                interview=interview, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your notes are saved."))
    else:
        messages.error(request, _("Write something first."))
    return redirect(interview.application)


@login_required
def application_export(request, pk):
    application = _application(request, pk, manage=True)
    response = JsonResponse(
        selectors.application_export(application),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="sollicitant-{application.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def application_erase(request, pk):
    application = _application(request, pk, manage=True)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_erase(
                application=application, why=ErasureLog.Why.REQUEST, by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The applicant's personal data has been erased."))
            return redirect(application.campaign)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Erase the data of %(name)s") % {"name": application.display_name},
            "back": application.get_absolute_url(),
            "submit": _("Erase"),
        },
    )


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)


# --- import ---


@login_required
def import_create(request, pk):
    from .forms import ImportForm

    campaign = _campaign(request, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            campaign=campaign, upload=form.cleaned_data["file"], created_by=request.user
        )
        return redirect("intake:import_detail", pk=job.pk)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "title": _("Import applications into %(title)s") % {"title": campaign.title},
            "back": campaign.get_absolute_url(),
        },
    )


@login_required
def import_detail(request, pk):
    from .models import ImportJob

    job = access.get_object_for(
        request.user,
        ImportJob,
        pk,
        queryset=ImportJob.objects.filter(
            campaign__organisation_id__in=access.organisation_ids(
                request.user, selectors.MANAGE_ROLES
            )
        ).select_related("campaign"),
    )
    template = "intake/_import_progress.html" if request.htmx else "intake/import_detail.html"
    return render(request, template, {"job": job, "campaign": job.campaign})
