"""Forms of the support pyramid: fields and layout only; the services do the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import access
from organisations.forms import DateInput, ModelMultipleChoiceField
from organisations.models import Employee, Organisation

from . import permissions
from .models import (
    AbsenceRecord,
    Intervention,
    Level,
    OnboardingChoice,
    Trajectory,
)


class _CrispyMixin:
    submit_label = _("Save")

    def _setup_helper(self, *layout):
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))


class InterventionForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Intervention
        fields = [
            "organisation",
            "level",
            "name",
            "providers",
            "themes",
            "target_group",
            "is_active",
        ]
        widgets = {"themes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org_ids = access.organisation_ids(user, permissions.CATALOGUE_ROLES)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=org_ids)
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        self._setup_helper(
            Row(Column("organisation"), Column("level")),
            "name",
            "providers",
            "themes",
            Row(Column("target_group"), Column("is_active")),
        )


class AskForm(_CrispyMixin, forms.Form):
    submit_label = _("Ask for support")

    preferred_level = forms.TypedChoiceField(
        label=_("Which kind of support would you like? (optional)"),
        choices=[("", _("No preference – let us talk first"))] + list(Level.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper("preferred_level")


class ProposeForm(_CrispyMixin, forms.Form):
    """A practice supervisor proposes support for an employee: who, nothing about why."""

    submit_label = _("Propose support")

    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org_ids = access.organisation_ids(user, permissions.PROPOSER_ROLES)
        self.fields["employee"].queryset = Employee.objects.filter(
            organisation_id__in=org_ids, employment_end__isnull=True
        ).select_related("organisation")
        self.fields["employee"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.organisation.name})"
        )
        self._setup_helper("employee")


class TrajectoryForm(_CrispyMixin, forms.ModelForm):
    """Open a trajectory. The level is only chosen here; afterwards it moves by escalation."""

    class Meta:
        model = Trajectory
        fields = [
            "employee",
            "level",
            "intervention",
            "provider",
            "start_date",
            "planned_end_date",
            "status",
            "expected_duration_weeks",
            "availability",
            "advised_adjustments",
            "trigger_category",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "planned_end_date": DateInput(),
            "advised_adjustments": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org_ids = permissions.coordinator_org_ids(user)
        self.fields["employee"].queryset = Employee.objects.filter(
            organisation_id__in=org_ids
        ).select_related("organisation")
        self.fields["employee"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.organisation.name})"
        )
        self.fields["intervention"].queryset = Intervention.objects.filter(
            organisation_id__in=org_ids, is_active=True
        )
        self.fields["level"].required = True
        self._setup_helper(
            "employee",
            Row(Column("level"), Column("intervention")),
            Row(Column("provider"), Column("status")),
            Row(
                Column("start_date"), Column("planned_end_date"), Column("expected_duration_weeks")
            ),
            "availability",
            "advised_adjustments",
            Row(Column("trigger_category")),
            "notes",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("The planned end cannot be before the start."))
        return cleaned

    def _post_clean(self):
        # The service validates the whole object (with organisation and level); the form
        # only checks its fields, so nothing is half validated here.
        pass


class TrajectoryUpdateForm(TrajectoryForm):
    class Meta(TrajectoryForm.Meta):
        fields = [
            "intervention",
            "provider",
            "start_date",
            "planned_end_date",
            "ended_on",
            "status",
            "expected_duration_weeks",
            "availability",
            "advised_adjustments",
            "trigger_category",
            "notes",
        ]
        widgets = {**TrajectoryForm.Meta.widgets, "ended_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        trajectory = self.instance
        self.fields["intervention"].queryset = Intervention.objects.filter(
            organisation_id=trajectory.organisation_id, level=trajectory.level
        )
        self._setup_helper(
            Row(Column("intervention"), Column("provider")),
            Row(Column("start_date"), Column("planned_end_date"), Column("ended_on")),
            Row(Column("status"), Column("expected_duration_weeks")),
            "availability",
            "advised_adjustments",
            "trigger_category",
            "notes",
        )


class EscalateForm(_CrispyMixin, forms.Form):
    submit_label = _("Confirm")

    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("up", _("Escalate: one level up")), ("down", _("De-escalate: one level down"))],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Why the support changes. Never the nature or cause of an illness."),
    )
    intervention = forms.ModelChoiceField(
        label=_("New intervention (optional)"), queryset=Intervention.objects.none(), required=False
    )
    provider = forms.CharField(label=_("New provider (optional)"), max_length=150, required=False)

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        levels = [lv for lv in (trajectory.level - 1, trajectory.level + 1) if lv in Level.values]
        self.fields["intervention"].queryset = Intervention.objects.filter(
            organisation_id=trajectory.organisation_id, level__in=levels, is_active=True
        )
        self.fields["intervention"].label_from_instance = lambda i: (
            f"{i.name} ({i.get_level_display()})"
        )
        choices = []
        if trajectory.can_escalate:
            choices.append(("up", _("Escalate: one level up")))
        if trajectory.can_deescalate:
            choices.append(("down", _("De-escalate: one level down")))
        self.fields["direction"].choices = choices
        if len(choices) == 1:
            self.fields["direction"].initial = choices[0][0]
        self.fields["date"].initial = timezone.localdate()
        self._setup_helper(
            "direction", "date", "reason", Row(Column("intervention"), Column("provider"))
        )


class AbsenceForm(_CrispyMixin, forms.ModelForm):
    """Sick leave: dates and percentage only; there is no field for a reason."""

    class Meta:
        model = AbsenceRecord
        fields = ["employee", "start_date", "end_date", "percentage"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # editing: the period stays with its employee
            del self.fields["employee"]
            self._setup_helper(Row(Column("start_date"), Column("end_date"), Column("percentage")))
            return
        org_ids = access.organisation_ids(user, permissions.ABSENCE_ROLES)
        self.fields["employee"].queryset = Employee.objects.filter(
            organisation_id__in=org_ids
        ).select_related("organisation")
        self.fields["employee"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.organisation.name})"
        )
        self._setup_helper(
            "employee", Row(Column("start_date"), Column("end_date"), Column("percentage"))
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Absence cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The service validates the whole record with its organisation.
        pass


class OnboardingForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = OnboardingChoice
        fields = ["start_mode", "supporting_role_until", "intake_date"]
        widgets = {
            "start_mode": forms.RadioSelect,
            "supporting_role_until": DateInput(),
            "intake_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(
            "start_mode", Row(Column("supporting_role_until"), Column("intake_date"))
        )

    def _post_clean(self):
        # The service validates the whole choice with its employee.
        pass


class SupervisorGroupForm(_CrispyMixin, forms.Form):
    submit_label = _("Add group")

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    employees = ModelMultipleChoiceField(
        label=_("People in the new group"),
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), widget=DateInput())
    training_date = forms.DateField(label=_("Training date"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org_ids = permissions.coordinator_org_ids(user)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=org_ids)
        self.fields["employees"].queryset = Employee.objects.filter(
            organisation_id__in=org_ids, employment_end__isnull=True
        ).select_related("organisation")
        self.fields["employees"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.organisation.name})"
        )
        self._setup_helper(
            "organisation",
            "employees",
            Row(Column("term_start"), Column("term_end"), Column("training_date")),
        )

    def clean(self):
        cleaned = super().clean()
        organisation, employees = cleaned.get("organisation"), cleaned.get("employees")
        if (
            organisation
            and employees
            and any(e.organisation_id != organisation.pk for e in employees)
        ):
            self.add_error("employees", _("Choose people of the chosen organisation."))
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("A term cannot end before it starts."))
        return cleaned


def _current_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


class FiguresForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int
    )

    def __init__(self, data, *, organisations):
        year, quarter = _current_quarter()
        initial = {"year": year, "quarter": quarter}
        if organisations:
            initial["organisation"] = organisations[0].pk
        merged = {**initial, **{k: v for k, v in data.items() if k in self.base_fields and v}}
        super().__init__(merged)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self._organisations = {o.pk: o for o in organisations}
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "year" else "form-select"

    def selection(self):
        """(organisation, year, quarter); falls back to the defaults on odd input."""
        year, quarter = _current_quarter()
        default_org = next(iter(self._organisations.values()), None)
        if self.is_valid():
            return (
                self.cleaned_data["organisation"],
                self.cleaned_data["year"],
                self.cleaned_data["quarter"],
            )
        return default_org, year, quarter
