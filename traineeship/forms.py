"""Traineeship forms: fields and layout only; the services do the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput, ModelMultipleChoiceField
from organisations.models import Employee, Organisation, Team

from .models import (
    CRITERIA,
    SCORE_VALIDATORS,
    Absence,
    Contract,
    Funder,
    Guideline,
    Partner,
    Programme,
    Review,
    Trainee,
)


class _Crispy:
    submit_label = _("Save")

    def _setup_helper(self, *layout):
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))


class ProgrammeForm(_Crispy, forms.ModelForm):
    organisations = ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two; you can only choose organisations you work for."),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "region",
            "total_months",
            "rotation_months",
            "entry_requirements",
            "requires_skj",
            "onboarding",
            "regular_training",
            "activities",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("entry_requirements", "onboarding", "regular_training", "activities")
        }

    def __init__(self, *args, organisations=None, with_partners=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_partners:
            self.fields["organisations"].queryset = organisations or Organisation.objects.none()
        else:
            del self.fields["organisations"]
        self._setup_helper(
            Row(Column("name"), Column("region")),
            Row(Column("total_months"), Column("rotation_months")),
            *(["organisations"] if with_partners else []),
            "entry_requirements",
            "requires_skj",
            "onboarding",
            "regular_training",
            "activities",
        )


class PartnerForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["coordinator", "capacity", "hourly_cost", "employer_charges_pct"]
        localized_fields = ["hourly_cost", "employer_charges_pct"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = Employee.objects.filter(
            organisation_id=self.instance.organisation_id
        )
        self._setup_helper(
            "coordinator",
            Row(Column("capacity"), Column("hourly_cost"), Column("employer_charges_pct")),
        )


class BlockedPeriodForm(_Crispy, forms.Form):
    submit_label = _("Block")
    start_date = forms.DateField(label=_("start date"), widget=DateInput())
    end_date = forms.DateField(label=_("end date"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(Row(Column("start_date"), Column("end_date")), "reason")


class CohortForm(_Crispy, forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    start_date = forms.DateField(label=_("start date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(Row(Column("name"), Column("start_date")))


class TraineeAddForm(forms.Form):
    """Add one employee as trainee; the employee is chosen from a search (never a full list).

    The candidates queryset scopes the choice: an employee outside the partners where the
    user is HR is "not a valid choice". The page renders the search results as radio
    buttons (traineeship/_candidate_results.html), so the field's own widget is hidden.
    """

    employee = forms.ModelChoiceField(
        label=_("employee"),
        queryset=Employee.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Search for an employee and choose one of the results."),
            "invalid_choice": _(
                "Choose an employee of your partner organisations who is not yet a trainee "
                "in this programme."
            ),
        },
    )
    source = forms.ChoiceField(label=_("source"), choices=Trainee.Source.choices)
    q = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            employees if employees is not None else Employee.objects.none()
        )
        self.fields["source"].widget.attrs["class"] = "form-select"


class CandidateSearchForm(forms.Form):
    """The search box for trainee candidates (htmx as you type; a GET form without JS)."""

    q = forms.CharField(
        label=_("Search an employee"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "class": "form-control"}
        ),
    )

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class RotationRowForm(forms.Form):
    """One row of a trainee's plan; the service checks the plan as a whole."""

    rotation_id = forms.IntegerField(widget=forms.HiddenInput)
    partner = forms.ModelChoiceField(label=_("host"), queryset=Partner.objects.none())
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    mentor = forms.ModelChoiceField(
        label=_("host mentor"), queryset=Employee.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("start date"), widget=DateInput())
    end_date = forms.DateField(label=_("end date"), widget=DateInput())

    def __init__(self, *args, partners=None, teams=None, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["team"].queryset = teams
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.organisation.name})"
        )
        for name, field in self.fields.items():
            if name != "rotation_id":
                is_select = isinstance(field, forms.ModelChoiceField)
                field.widget.attrs["class"] = "form-select" if is_select else "form-control"


class BaseRotationFormSet(forms.BaseFormSet):
    def __init__(self, *args, partners=None, teams=None, mentors=None, **kwargs):
        self._choices = {"partners": partners, "teams": teams, "mentors": mentors}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return dict(self._choices)


class RotationAddForm(RotationRowForm):
    """One more rotation for a trainee (a late joiner, or a plan made by hand)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["rotation_id"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A rotation cannot end before it starts."))
        return data


RotationFormSet = forms.formset_factory(
    RotationRowForm, formset=BaseRotationFormSet, extra=0, max_num=24, validate_max=True
)


class ContractForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["number", "hours_per_week", "cao", "start_date", "end_date"]
        localized_fields = ["hours_per_week"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(
            Row(Column("number"), Column("hours_per_week"), Column("cao")),
            Row(Column("start_date"), Column("end_date")),
        )


class FunderForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Funder
        fields = [
            "name",
            "is_municipality",
            "amount",
            "share_pct",
            "covers",
            "start_date",
            "end_date",
        ]
        localized_fields = ["amount", "share_pct"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(
            Row(Column("name"), Column("is_municipality")),
            Row(Column("amount"), Column("share_pct"), Column("covers")),
            Row(Column("start_date"), Column("end_date")),
        )


class PaymentForm(_Crispy, forms.Form):
    submit_label = _("Record payment")
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01, localize=True
    )
    reference = forms.CharField(label=_("invoice or reference"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(Row(Column("received_on"), Column("amount"), Column("reference")))


class GuidelineForm(_Crispy, forms.Form):
    submit_label = _("Publish version")
    topic = forms.ChoiceField(label=_("topic"), choices=Guideline.Topic.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 8}))
    agreed_on = forms.DateField(label=_("agreed on"), widget=DateInput())
    agreed_by = ModelMultipleChoiceField(
        label=_("agreed by"), queryset=Partner.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = partners
        self._setup_helper(
            Row(Column("topic"), Column("title")),
            "text",
            Row(Column("agreed_on"), Column("agreed_by")),
        )


class AbsenceForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["kind", "start_date", "end_date", "expected_days"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "kind": _("Never record the nature or cause of an illness."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(
            Row(Column("kind"), Column("start_date"), Column("end_date"), Column("expected_days"))
        )


class ReviewForm(_Crispy, forms.Form):
    moment = forms.ChoiceField(label=_("moment"), choices=Review.Moment.choices)
    by = forms.ChoiceField(label=_("reviewed by"), choices=Review.By.choices)
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [c for c in Review.By.choices if c[0] in roles]
        for name, label in CRITERIA:
            self.fields[name] = forms.IntegerField(
                label=label,
                validators=SCORE_VALIDATORS,
                widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
            )
        self._setup_helper(
            Row(Column("moment"), Column("by"), Column("held_on")),
            Row(*[Column(name) for name, _label in CRITERIA]),
            "notes",
        )


class HostRatingForm(_Crispy, forms.Form):
    submit_label = _("Rate host")
    score = forms.IntegerField(
        label=_("score (1-5)"),
        validators=SCORE_VALIDATORS,
        widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
    )
    notes = forms.CharField(
        label=_("what went well, what could be better"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper("score", "notes")


class PreferenceForm(_Crispy, forms.Form):
    submit_label = _("Save my preference")
    preferred_partner = forms.ModelChoiceField(
        label=_("Where would you like to work after the traineeship?"),
        queryset=Partner.objects.none(),
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_partner"].queryset = partners
        self._setup_helper("preferred_partner")


class OutcomeForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Trainee
        fields = ["preferred_partner", "outcome", "outcome_partner", "outcome_date"]
        widgets = {"outcome_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partner.objects.filter(
            programme_id=self.instance.cohort.programme_id
        ).select_related("organisation")
        self.fields["preferred_partner"].queryset = partners
        self.fields["outcome_partner"].queryset = partners
        self._setup_helper(
            Row(Column("preferred_partner"), Column("outcome")),
            Row(Column("outcome_partner"), Column("outcome_date")),
        )
