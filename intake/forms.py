"""Intake forms: fields and layout only; the services do the work."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput, ModelMultipleChoiceField
from organisations.models import Employee, Placement, Team
from organisations.uploads import DocumentField
from support.models import OnboardingChoice

from .import_limits import ImportLimitError, check_file
from .models import Application, Campaign, SelectionCriterion, Stage

# The chosen team's headroom (how many more side-entrants it can take now), fetched
# from the capacity dashboard as a fragment, so intake never imports the dashboards.
TEAM_HEADROOM = (
    '<div id="team-headroom" class="mt-md-4 small" aria-live="polite" '
    "hx-get=\"{% url 'dashboards:team_headroom' %}\" "
    'hx-trigger="load, change from:#id_team" hx-include="#id_team"></div>'
)

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)


def _helper(*layout, submit=None, form_tag=True):
    submit = submit or _("Save")
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.layout = Layout(*layout, Submit("submit", submit))
    return helper


def _check_date_range(form, *names):
    for name in names:
        value = form.cleaned_data.get(name)
        if value and not MIN_DATE <= value <= MAX_DATE:
            form.add_error(name, _("Choose a date between 2000 and 2100."))


class CampaignForm(forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label=_("Pipeline stages"),
        choices=[(s.value, s.label) for s in Stage if s not in (Stage.REJECTED, Stage.WITHDRAWN)],
        widget=forms.CheckboxSelectMultiple,
        initial=[Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED],
        help_text=_("Rejected and withdrawn are always available."),
    )

    class Meta:
        model = Campaign
        fields = [
            "organisation",
            "team",
            "title",
            "role_profile",
            "target_group",
            "description",
            "opens_on",
            "closes_on",
            "places",
            "application_cap",
            "waiting_list",
            "is_published",
        ]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["team"].queryset = (
            Team.objects.filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["team"].label_from_instance = lambda team: (
            f"{team.name} ({team.organisation.name})"
        )
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.initial["stages"] = self.instance.pipeline
        self.helper = _helper(
            Row(Column("organisation"), Column("title")),
            Row(Column("team"), Column(HTML(TEAM_HEADROOM))),
            Row(Column("role_profile"), Column("target_group")),
            "description",
            Row(Column("opens_on"), Column("closes_on"), Column("places")),
            Row(Column("application_cap"), Column("waiting_list")),
            "stages",
            "is_published",
        )

    def clean_stages(self):
        chosen = set(self.cleaned_data["stages"])
        order = [s for s in Stage.values if s in chosen]
        if Stage.APPLIED not in chosen or Stage.HIRED not in chosen:
            raise forms.ValidationError(
                _("The pipeline must start with Applied and end with Hired.")
            )
        return order

    def clean(self):
        cleaned = super().clean()
        _check_date_range(self, "opens_on", "closes_on")
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("A campaign cannot close before it opens."))
        return cleaned


class CampaignCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new campaign"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "title", Row(Column("opens_on"), Column("closes_on")), submit=_("Copy")
        )

    def clean(self):
        cleaned = super().clean()
        _check_date_range(self, "opens_on", "closes_on")
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("A campaign cannot close before it opens."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["name", "kind", "weight", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("name", css_class="col-md-5"), Column("kind"), Column("weight")),
            "description",
            submit=_("Add criterion"),
            form_tag=False,
        )


class ApplicationForm(forms.Form):
    """The public form. `website` is a honeypot: people never see it, bots fill it in."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    education_level = forms.ChoiceField(
        label=_("Highest education"), choices=Application.EducationLevel.choices
    )
    education_field = forms.ChoiceField(
        label=_("Field of study"), choices=Application.EducationField.choices
    )
    diploma = forms.CharField(
        label=_("Diploma (name of the programme)"), max_length=200, required=False
    )
    diploma_obtained = forms.BooleanField(label=_("I have obtained this diploma"), required=False)
    previous_sector = forms.CharField(label=_("Current or previous sector"), max_length=150)
    previous_role = forms.CharField(label=_("Current or previous role"), max_length=150)
    previous_seniority = forms.ChoiceField(
        label=_("Seniority in that role"),
        choices=[("", "—"), *Employee.Seniority.choices],
        required=False,
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=60, initial=0
    )
    years_relevant_hbo_work = forms.IntegerField(
        label=_("Years in a relevant job at HBO level"), min_value=0, max_value=60, initial=0
    )
    life_experience = forms.CharField(
        label=_("Life experience"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    motivation = forms.CharField(
        label=_("Motivation: what picture do you have of the work?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
    )
    cv = DocumentField(label=_("CV"), required=False)
    consent_to_keep = forms.BooleanField(
        label=_("You may keep my data for 1 year after this procedure for future vacancies"),
        required=False,
        help_text=_("Without consent we delete your data 4 weeks after the procedure ends."),
    )
    source = forms.ChoiceField(
        label=_("Where did you hear about this vacancy?"),
        choices=[(k, v) for k, v in Application.Source.choices if k != Application.Source.IMPORT],
        initial=Application.Source.WEBSITE,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        submit_label = submit_label or _("Send application")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("email"), Column("phone")),
            ),
            Fieldset(
                _("Education"),
                Row(Column("education_level"), Column("education_field")),
                Row(Column("diploma"), Column("diploma_obtained")),
            ),
            Fieldset(
                _("Work and life experience"),
                Row(
                    Column("previous_sector"), Column("previous_role"), Column("previous_seniority")
                ),
                Row(Column("years_experience"), Column("years_relevant_hbo_work")),
                "life_experience",
            ),
            Fieldset(_("Motivation"), "motivation", "cv", "source", "consent_to_keep"),
            Div("website", css_class="intake-hp", aria_hidden="true"),
            Submit("submit", submit_label),
        )

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class MoveForm(forms.Form):
    to_stage = forms.CharField(label=_("Move to"), max_length=30)
    reason = forms.CharField(
        label=_("Why (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    rejection_reason = forms.ModelChoiceField(
        label=_("Rejection reason"), queryset=None, required=False
    )
    send_rejection_email = forms.BooleanField(
        label=_("Send the candidate the rejection email"), required=False
    )

    def __init__(self, *args, reasons, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = reasons
        stages = [*campaign.pipeline, Stage.REJECTED, Stage.WITHDRAWN]
        self.fields["to_stage"].widget = forms.Select(
            choices=[(s, Stage(s).label) for s in stages if s != Stage.HIRED]
        )
        self.helper = _helper(
            "to_stage",
            "rejection_reason",
            "send_rejection_email",
            "reason",
            submit=_("Move"),
            form_tag=False,
        )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may this candidate continue despite failing a hard criterion?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reason", submit=_("Override"), form_tag=False)


class ScoreForm(forms.Form):
    """One field per criterion: 1-5 for soft, yes/no for hard; empty fields are skipped."""

    def __init__(self, *args, criteria, mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            existing = mine.get(criterion.pk)
            name = f"c{criterion.pk}"
            if criterion.is_hard:
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion.name,
                    choices=[("", "—"), ("yes", _("Yes, meets it")), ("no", _("No"))],
                    required=False,
                    help_text=_("Hard criterion (knock-out)"),
                )
                if existing is not None:
                    self.initial[name] = "yes" if existing.passed else "no"
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{criterion.name} (×{criterion.weight})",
                    choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                if existing is not None:
                    self.initial[name] = str(existing.value)
        self.helper = _helper(*self.fields.keys(), submit=_("Save my scores"), form_tag=False)

    def scores(self):
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"c{criterion.pk}")
            if value in (None, ""):
                continue
            if criterion.is_hard:
                yield criterion, {"passed": value == "yes"}
            else:
                yield criterion, {"value": value}


class HireForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    fte = forms.DecimalField(
        label=_("FTE"), min_value=0.01, max_value=1.2, decimal_places=2, max_digits=4, initial=1
    )
    job_function = forms.CharField(label=_("Job function"), max_length=150)
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=Placement.FundingSource.choices
    )
    # The onboarding choice of the support pyramid, recorded with the hire.
    start_mode = forms.ChoiceField(
        label=_("How does the new colleague start?"),
        choices=OnboardingChoice.StartMode.choices,
        initial=OnboardingChoice.StartMode.DIRECT,
        widget=forms.RadioSelect,
        required=False,
    )
    supporting_role_until = forms.DateField(
        label=_("Supporting role until"), required=False, widget=DateInput()
    )
    intake_date = forms.DateField(
        label=_("Personal-development intake"), required=False, widget=DateInput()
    )
    main_mentor = forms.ModelChoiceField(
        label=_("Main mentor"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("Match later"),
        help_text=_(
            "Mentors of the pool with a free main place. Leave empty to match later with the "
            "mentoring suggestions."
        ),
    )

    def __init__(self, *args, organisation, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)
        if mentors is None:
            del self.fields["main_mentor"]
        else:
            self.fields["main_mentor"].queryset = mentors
            self.fields["main_mentor"].label_from_instance = lambda e: (
                f"{e.full_name} ({e.team.name})" if e.team_id else e.full_name
            )
        self.helper = _helper(
            Row(Column("team"), Column("start_date"), Column("fte")),
            Row(Column("job_function"), Column("funding_source")),
            *(["main_mentor"] if mentors is not None else []),
            Fieldset(
                _("Onboarding"),
                "start_mode",
                Row(Column("supporting_role_until"), Column("intake_date")),
            ),
            submit=_("Hire"),
        )

    def clean(self):
        data = super().clean()
        _check_date_range(self, "supporting_role_until", "intake_date")
        mode, until = data.get("start_mode"), data.get("supporting_role_until")
        if mode == OnboardingChoice.StartMode.SUPPORTING and not until:
            self.add_error("supporting_role_until", _("Until when does the supporting role last?"))
        if mode == OnboardingChoice.StartMode.DIRECT and until:
            self.add_error("supporting_role_until", _("Only a supporting role has an end date."))
        return data

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if (
            not today - datetime.timedelta(days=365)
            <= value
            <= today + datetime.timedelta(days=730)
        ):
            raise forms.ValidationError(
                _("Choose a start date within a year ago and two years ahead.")
            )
        return value


class InterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    panel = ModelMultipleChoiceField(
        label=_("Panel"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    invite_candidate = forms.BooleanField(
        label=_("Also send the candidate an invitation (with calendar file)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, assessors, submit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = assessors
        self.fields["panel"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = _helper(
            Row(Column("starts_at"), Column("duration_minutes")),
            Row(Column("location"), Column("video_url")),
            "panel",
            "invite_candidate",
            submit=submit or _("Schedule and invite"),
        )

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("starts_at")
        now = timezone.now()
        if starts and not now - datetime.timedelta(days=1) <= starts <= now + datetime.timedelta(
            days=365
        ):
            self.add_error("starts_at", _("Choose a moment from today up to a year ahead."))
        if not cleaned.get("location") and not cleaned.get("video_url"):
            self.add_error("location", _("Give a place or a video link."))
        return cleaned


class InterviewCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the panel and the candidate)"),
        max_length=300,
        widget=forms.TextInput,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("My notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=6000
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase this applicant's personal data now. This cannot be undone.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("confirm", submit=_("Erase"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: first_name, last_name, email, phone, education_level, education_field, "
            "diploma, previous_sector, previous_role, years_experience, motivation, "
            "submitted_at (dd-mm-jjjj)"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.helper = _helper("file", submit=_("Import"))
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Only CSV and XLSX files can be imported."))
        # What can be known without parsing (size, a zip bomb, the sheet's declared
        # rows) is refused here; the row count is checked again while importing.
        try:
            check_file(upload, upload.name)
        except ImportLimitError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return upload
