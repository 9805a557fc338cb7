"""Forms for organisations data: fields and layout only; the services do the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Employee, Organisation, Placement, Team


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's locale."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multiple-choice field, refusing ids no database column can hold.

    An id beyond 64 bits made SQLite raise OverflowError in the `pk__in` lookup: a 500
    instead of "not a valid choice" (found by tests/security/test_fuzz_forms.py).
    """

    def _check_values(self, value):
        for pk in value or ():
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > 2**63 - 1:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class _CrispyMixin:
    submit_label = _("Save")

    def _setup_helper(self, *layout):
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))


class OrganisationForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "cao_name", "city", "is_mandated_care", "require_two_factor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper(
            "name",
            Row(Column("kind"), Column("city")),
            "cao_name",
            "is_mandated_care",
            "require_two_factor",
        )


class TeamForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "formation_fte"]
        localized_fields = ["formation_fte"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.instance.organisation = organisation
        self._setup_helper(Row(Column("name"), Column("formation_fte")))


class EmployeeForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "team",
            "job_function",
            "fte",
            "employment_start",
            "employment_end",
            "is_side_entrant",
            "previous_sector",
            "previous_role",
            "previous_seniority",
            "skj_number",
            "skj_registration_date",
            "vog_date",
        ]
        localized_fields = ["fte"]
        widgets = {
            "employment_start": DateInput(),
            "employment_end": DateInput(),
            "skj_registration_date": DateInput(),
            "vog_date": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable_orgs = access.organisation_ids(user, access.PEOPLE_EDITOR_ROLES)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=editable_orgs)
        self.fields["team"].queryset = Team.objects.filter(
            organisation_id__in=editable_orgs
        ).select_related("organisation")
        if self.instance.pk:
            # Moving someone to another organisation is a new placement, not an edit.
            self.fields["organisation"].disabled = True
        self._setup_helper(
            Row(Column("first_name"), Column("last_name")),
            Row(Column("email"), Column("job_function")),
            Row(Column("organisation"), Column("team")),
            Row(Column("fte"), Column("employment_start"), Column("employment_end")),
            "is_side_entrant",
            Row(Column("previous_sector"), Column("previous_role"), Column("previous_seniority")),
            Row(Column("skj_number"), Column("skj_registration_date"), Column("vog_date")),
        )

    def clean(self):
        cleaned = super().clean()
        organisation, team = cleaned.get("organisation"), cleaned.get("team")
        if organisation and team and team.organisation_id != organisation.pk:
            self.add_error("team", _("This team does not belong to the chosen organisation."))
        return cleaned


class PlacementForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "team",
            "start_date",
            "end_date",
            "fte",
            "formation_kind",
            "funding_source",
            "contract_reference",
        ]
        localized_fields = ["fte"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.employee = employee
        editable_orgs = access.organisation_ids(user, access.PEOPLE_EDITOR_ROLES)
        self.fields["team"].queryset = Team.objects.filter(
            organisation_id__in=editable_orgs
        ).select_related("organisation")
        self._setup_helper(
            "team",
            Row(Column("start_date"), Column("end_date"), Column("fte")),
            Row(Column("formation_kind"), Column("funding_source")),
            "contract_reference",
        )

    def _post_clean(self):
        # The organisation follows from the team; set it before model validation.
        team = self.cleaned_data.get("team")
        if team is not None:
            self.instance.organisation = team.organisation
        super()._post_clean()


class SearchForm(forms.Form):
    """A free-text search box; invalid input (too long, NUL bytes) means no search."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)

    def term(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""


class PlacementEndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())


class EmployeeAccessForm(forms.Form):
    """Login and roles of one employee in their organisation (organisations.accounts)."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Usually the work email address. Letters, digits and @ . + - _ only."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles in this organisation"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, grantable, held=(), has_login=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Roles the editor cannot give are shown elsewhere on the page, not offered here.
        self.fields["roles"].choices = [(str(role), role.label) for role in grantable]
        self.fields["roles"].initial = [
            role for role in held if role in {str(r) for r in grantable}
        ]
        if has_login:
            del self.fields["username"]

    def clean_username(self):
        from django.contrib.auth.validators import UnicodeUsernameValidator

        value = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(value)
        return value
