"""Traineeship pages: bind form, check permission, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import access
from organisations.forms import apply_errors
from organisations.models import Employee, Organisation, Team
from organisations.roles import PEOPLE_EDITOR_ROLES

from . import selectors, services
from .forms import (
    AbsenceForm,
    BlockedPeriodForm,
    CandidateSearchForm,
    CohortForm,
    ContractForm,
    FunderForm,
    GuidelineForm,
    HostRatingForm,
    OutcomeForm,
    PartnerForm,
    PaymentForm,
    PreferenceForm,
    ProgrammeForm,
    ReviewForm,
    RotationAddForm,
    RotationFormSet,
    TraineeAddForm,
)
from .models import (
    CRITERIA,
    Cohort,
    Contract,
    Funder,
    Guideline,
    Partner,
    Programme,
    Rotation,
    Trainee,
)

BUDGET_PAGE_SIZE = 50

PROGRAMMES = Programme.objects.prefetch_related(
    Prefetch("partners", queryset=Partner.objects.select_related("organisation", "coordinator"))
)


def _programme(request, pk, *, manage=True) -> Programme:
    programme = access.get_object_for(
        request.user,
        Programme,
        pk,
        queryset=selectors.visible_programmes(request.user).prefetch_related(
            Prefetch(
                "partners", queryset=Partner.objects.select_related("organisation", "coordinator")
            )
        ),
    )
    if manage:
        access.require_permission(selectors.can_manage_programme(request.user, programme))
    return programme


def _form_page(request, form, title, back, extra=None):
    return render(
        request,
        "traineeship/form.html",
        {"form": form, "title": title, "back": back, **(extra or {})},
    )


# --- programmes --------------------------------------------------------------------------


@login_required
def programme_list(request):
    return render(
        request,
        "traineeship/programme_list.html",
        {
            "programmes": list(selectors.programme_list(user=request.user)),
            "own": list(selectors.own_trainees(user=request.user)),
            "can_create": selectors.can_create_programme(request.user),
        },
    )


@login_required
def programme_create(request):
    access.require_permission(selectors.can_create_programme(request.user))
    organisations = Organisation.objects.filter(
        pk__in=access.organisation_ids(request.user, PEOPLE_EDITOR_ROLES)
    )
    form = ProgrammeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            programme = services.programme_create(
                organisations=list(data.pop("organisations")), **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Programme %(name)s created.") % {"name": programme})
            return redirect(programme)
    return _form_page(request, form, _("New traineeship programme"), "traineeship:programme_list")


@login_required
def programme_detail(request, pk):
    programme = _programme(request, pk)
    return render(
        request,
        "traineeship/programme_detail.html",
        {
            "programme": programme,
            **selectors.programme_detail(programme=programme),
            "cohort_form": CohortForm(),
        },
    )


@login_required
def programme_update(request, pk):
    programme = _programme(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, with_partners=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(programme)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": programme.name},
        programme.get_absolute_url(),
    )


@login_required
def partner_update(request, pk):
    partner = access.get_object_for(
        request.user,
        Partner,
        pk,
        queryset=Partner.objects.filter(
            programme__in=selectors.visible_programmes(request.user)
        ).select_related("organisation", "programme"),
    )
    programme = _programme(request, partner.programme_id)
    # Only HR of the partner itself sets its coordinator and rates (its own employees).
    access.require_permission(
        access.has_role(request.user, PEOPLE_EDITOR_ROLES, partner.organisation_id)
    )
    form = PartnerForm(request.POST or None, instance=partner)
    block_form = BlockedPeriodForm(prefix="block")
    if request.method == "POST" and "block-start_date" in request.POST:
        form = PartnerForm(instance=partner)
        block_form = BlockedPeriodForm(request.POST, prefix="block")
        if block_form.is_valid():
            try:
                services.blocked_period_add(partner=partner, **block_form.cleaned_data)
            except ValidationError as exc:
                apply_errors(block_form, exc)
            else:
                messages.success(request, _("Period blocked."))
                return redirect(programme)
    elif request.method == "POST" and form.is_valid():
        try:
            services.partner_update(partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(programme)
    return render(
        request,
        "traineeship/partner_form.html",
        {"form": form, "block_form": block_form, "partner": partner, "programme": programme},
    )


# --- cohorts and plans ---------------------------------------------------------------------


@login_required
def cohort_create(request, programme_pk):
    programme = _programme(request, programme_pk)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Cohort %(name)s created.") % {"name": cohort.name})
            return redirect(cohort)
    return _form_page(request, form, _("New cohort"), programme.get_absolute_url())


def _cohort(request, pk) -> Cohort:
    cohort = access.get_object_for(
        request.user,
        Cohort,
        pk,
        queryset=selectors.visible_cohorts(request.user).select_related("programme"),
    )
    access.require_permission(selectors.can_manage_programme(request.user, cohort.programme))
    return cohort


def _candidate_search(request, cohort: Cohort, query: str) -> dict:
    """The add-a-trainee search: at most CANDIDATE_LIMIT scoped matches of `query`."""
    candidates, more = selectors.trainee_candidate_search(
        user=request.user, programme=cohort.programme, query=query
    )
    return {"q": query, "candidates": candidates, "more": more}


@login_required
def cohort_detail(request, pk):
    cohort = _cohort(request, pk)
    criteria = selectors.cohort_criteria(cohort=cohort)
    return render(
        request,
        "traineeship/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            **selectors.cohort_plan(cohort=cohort),
            "criteria": criteria,
            "criteria_labels": [str(label) for _n, label in CRITERIA],
            "chart": {"labels": criteria["labels"], "series": criteria["series"]},
            # The add-a-trainee block: a search (no list of every partner employee).
            "add_form": TraineeAddForm(),
            "q": "",
        },
    )


def _trainee_add_page(request, cohort: Cohort, form: TraineeAddForm, query: str):
    return render(
        request,
        "traineeship/trainee_add.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "add_form": form,
            **_candidate_search(request, cohort, query),
        },
    )


@login_required
def trainee_search(request, pk):
    """Search results for the add-a-trainee block: the list only (htmx) or the add page."""
    cohort = _cohort(request, pk)
    query = CandidateSearchForm(request.GET).query
    if not request.htmx:
        return _trainee_add_page(request, cohort, TraineeAddForm(), query)
    return render(
        request,
        "traineeship/_candidate_results.html",
        {
            "cohort": cohort,
            "add_form": TraineeAddForm(),
            **_candidate_search(request, cohort, query),
        },
    )


@login_required
def trainee_add(request, cohort_pk):
    """Add a trainee: a search for the employee (GET ?q=, also the no-JS fallback), then POST."""
    cohort = _cohort(request, cohort_pk)
    if request.method != "POST":
        query = CandidateSearchForm(request.GET).query
        return _trainee_add_page(request, cohort, TraineeAddForm(), query)
    employees = selectors.trainee_candidates(user=request.user, programme=cohort.programme)
    form = TraineeAddForm(request.POST, employees=employees)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "q"}
        try:
            trainee = services.trainee_add(cohort=cohort, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added to the cohort.") % {"name": trainee})
            return redirect(cohort)
    return _trainee_add_page(request, cohort, form, CandidateSearchForm(request.POST).query)


@login_required
@require_POST
def schedule_generate(request, pk):
    cohort = _cohort(request, pk)
    try:
        rotations = services.schedule_generate(
            cohort=cohort, replace=request.POST.get("replace") == "1", changed_by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Plan generated: %(n)s rotations.") % {"n": len(rotations)})
    return redirect(cohort)


def _trainee(request, pk, *, manage=False) -> Trainee:
    trainee = access.get_object_for(
        request.user,
        Trainee,
        pk,
        queryset=selectors.visible_trainees(request.user).select_related(
            "employee__organisation",
            "cohort__programme",
            "preferred_partner__organisation",
            "outcome_partner__organisation",
        ),
    )
    if manage:
        access.require_permission(
            selectors.can_manage_programme(request.user, trainee.cohort.programme)
        )
    return trainee


@login_required
def schedule_edit(request, pk):
    trainee = _trainee(request, pk, manage=True)
    rotations = list(
        trainee.rotations.select_related("partner", "team", "mentor").order_by("start_date")
    )
    partners = Partner.objects.filter(programme_id=trainee.cohort.programme_id).select_related(
        "organisation"
    )
    org_ids = list(partners.values_list("organisation_id", flat=True))
    teams = Team.objects.filter(organisation_id__in=org_ids).select_related("organisation")
    candidates = {}
    pool_used = True
    for partner in partners:
        qs, from_pool = services.mentor_candidates(organisation=partner.organisation)
        candidates[partner.organisation_id] = qs
        pool_used = pool_used and from_pool
    mentors = Employee.objects.filter(
        pk__in=[pk for qs in candidates.values() for pk in qs.values_list("pk", flat=True)]
    ).select_related("organisation")
    initial = [
        {
            "rotation_id": r.pk,
            "partner": r.partner_id,
            "team": r.team_id,
            "mentor": r.mentor_id,
            "start_date": r.start_date,
            "end_date": r.end_date,
        }
        for r in rotations
    ]
    choices = {"partners": partners, "teams": teams, "mentors": mentors}
    adding = request.method == "POST" and request.POST.get("action") == "add"
    add_form = RotationAddForm(request.POST if adding else None, prefix="add", **choices)
    if adding and add_form.is_valid():
        try:
            rotation = services.rotation_create(trainee=trainee, **add_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(add_form, exc)
        else:
            services.rotation_changed_notify(rotation=rotation)
            messages.success(
                request,
                _(
                    "Rotation at %(partner)s added with its contract; the people concerned "
                    "have been notified."
                )
                % {"partner": rotation.partner},
            )
            return redirect("traineeship:schedule_edit", pk=trainee.pk)
    formset = RotationFormSet(
        None if adding else (request.POST or None), initial=initial, **choices
    )
    errors = []
    if request.method == "POST" and not adding and formset.is_valid():
        by_id = {r.pk: r for r in rotations}
        changes = []
        for row in formset.cleaned_data:
            rotation = by_id.get(row["rotation_id"])
            if rotation is None:
                raise PermissionDenied
            changes.append(
                services.RotationChange(
                    rotation=rotation,
                    partner=row["partner"],
                    team=row["team"],
                    mentor=row["mentor"],
                    start_date=row["start_date"],
                    end_date=row["end_date"],
                )
            )
        try:
            services.schedule_update(trainee=trainee, changes=changes, changed_by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Plan saved; the people concerned have been notified."))
            return redirect(trainee)
    return render(
        request,
        "traineeship/schedule_edit.html",
        {
            "trainee": trainee,
            "formset": formset,
            "add_form": add_form,
            "errors": errors,
            "pool_used": pool_used,
        },
    )


@login_required
def contract_update(request, pk):
    contract = access.get_object_for(
        request.user,
        Contract,
        pk,
        queryset=selectors.visible_contracts(request.user).select_related(
            "rotation__trainee__cohort__programme", "rotation__partner__organisation"
        ),
    )
    trainee = contract.rotation.trainee
    access.require_permission(
        selectors.can_manage_programme(request.user, trainee.cohort.programme)
    )
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                contract=contract, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Contract saved."))
            return redirect(trainee)
    return _form_page(
        request,
        form,
        _("Contract at %(host)s") % {"host": contract.rotation.partner},
        trainee.get_absolute_url(),
    )


# --- trainee page ------------------------------------------------------------------------------


@login_required
def trainee_detail(request, pk):
    trainee = _trainee(request, pk)
    page = selectors.trainee_page(trainee=trainee, user=request.user)
    can_manage = selectors.can_manage_programme(request.user, trainee.cohort.programme)
    series = selectors.criteria_series(page["reviews"])
    is_self = trainee.employee.user_id == request.user.pk
    today = timezone.localdate()
    for rotation in page["rotations"]:
        rotation.can_review = bool(services.review_roles(request.user, rotation))
        rotation.can_rate = is_self and rotation.start_date <= today
    return render(
        request,
        "traineeship/trainee_detail.html",
        {
            "trainee": trainee,
            **page,
            "can_manage": can_manage,
            "is_self": is_self,
            "chart": series,
            "criteria_labels": [str(label) for _n, label in CRITERIA],
            "preference_form": PreferenceForm(
                initial={"preferred_partner": trainee.preferred_partner_id},
                partners=Partner.objects.filter(
                    programme_id=trainee.cohort.programme_id
                ).select_related("organisation"),
            )
            if is_self
            else None,
        },
    )


@login_required
def absence_create(request, pk):
    trainee = _trainee(request, pk, manage=True)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_record(trainee=trainee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Absence recorded."))
            return redirect(trainee)
    return _form_page(
        request,
        form,
        _("Leave or sick leave of %(name)s") % {"name": trainee},
        trainee.get_absolute_url(),
    )


@login_required
@require_POST
def preference_update(request, pk):
    trainee = _trainee(request, pk)
    access.require_permission(trainee.employee.user_id == request.user.pk)
    form = PreferenceForm(
        request.POST, partners=Partner.objects.filter(programme_id=trainee.cohort.programme_id)
    )
    if form.is_valid():
        try:
            services.trainee_preference_set(trainee=trainee, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your preference has been saved."))
    else:
        messages.error(request, _("Choose one of the programme's organisations."))
    return redirect(trainee)


@login_required
def outcome_update(request, pk):
    trainee = _trainee(request, pk, manage=True)
    form = OutcomeForm(request.POST or None, instance=trainee)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainee_outcome_record(trainee=trainee, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Final choice saved."))
            return redirect(trainee)
    return _form_page(
        request, form, _("Final choice of %(name)s") % {"name": trainee}, trainee.get_absolute_url()
    )


def _rotation(request, pk) -> Rotation:
    return access.get_object_for(
        request.user,
        Rotation,
        pk,
        queryset=selectors.visible_rotations(request.user).select_related(
            "trainee__employee",
            "trainee__cohort__programme",
            "partner__organisation",
            "partner__coordinator",
            "mentor",
        ),
    )


@login_required
def review_create(request, pk):
    rotation = _rotation(request, pk)
    roles = services.review_roles(request.user, rotation)
    access.require_permission(bool(roles))
    form = ReviewForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.review_record(rotation=rotation, author=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect(rotation.trainee)
    return _form_page(
        request,
        form,
        _("Review of %(name)s at %(host)s") % {"name": rotation.trainee, "host": rotation.partner},
        rotation.trainee.get_absolute_url(),
    )


@login_required
def host_rating(request, pk):
    rotation = _rotation(request, pk)
    access.require_permission(rotation.trainee.employee.user_id == request.user.pk)
    form = HostRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.host_rating_record(rotation=rotation, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect(rotation.trainee)
    return _form_page(
        request,
        form,
        _("Rate %(host)s") % {"host": rotation.partner},
        rotation.trainee.get_absolute_url(),
    )


# --- funders, budget, guidelines -------------------------------------------------------------


@login_required
def budget(request, pk):
    programme = _programme(request, pk)
    # The totals count every rotation; the table shows them 50 at a time.
    figures = selectors.programme_budget(
        programme=programme, page=request.GET.get("page"), page_size=BUDGET_PAGE_SIZE
    )
    return render(request, "traineeship/budget.html", {"programme": programme, **figures})


@login_required
def funder_create(request, pk):
    programme = _programme(request, pk)
    form = FunderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.funder_create(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Funder added."))
            return redirect("traineeship:budget", programme.pk)
    return _form_page(request, form, _("New funder"), programme.get_absolute_url())


@login_required
def payment_create(request, pk):
    funder = access.get_object_for(
        request.user, Funder, pk, queryset=selectors.visible_funders(request.user)
    )
    programme = _programme(request, funder.programme_id)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(funder=funder, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("traineeship:budget", programme.pk)
    return _form_page(
        request,
        form,
        _("Payment from %(funder)s") % {"funder": funder},
        programme.get_absolute_url(),
    )


@login_required
def guideline_create(request, pk):
    programme = _programme(request, pk)
    form = GuidelineForm(request.POST or None, partners=programme.partners.all())
    if request.method == "POST" and form.is_valid():
        try:
            guideline = services.guideline_publish(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Guideline published as version %(v)s.") % {"v": guideline.version}
            )
            return redirect("traineeship:guideline_detail", guideline.pk)
    return _form_page(request, form, _("New guideline version"), programme.get_absolute_url())


@login_required
def guideline_detail(request, pk):
    guideline = access.get_object_for(
        request.user,
        Guideline,
        pk,
        queryset=selectors.visible_guidelines(request.user)
        .select_related("programme")
        .prefetch_related(
            Prefetch("agreed_by", queryset=Partner.objects.select_related("organisation"))
        ),
    )
    versions = list(
        Guideline.objects.filter(programme_id=guideline.programme_id, topic=guideline.topic)
        .only("pk", "version", "agreed_on", "title")
        .order_by("-version")
    )
    return render(
        request,
        "traineeship/guideline_detail.html",
        {"guideline": guideline, "versions": versions},
    )
