"""Forms of the financial plan and subsidies: fields and layout; the services do the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput

from ..models import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline


class _Crispy:
    def _helper(self, *layout):
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Submit("submit", _("Save")))


class FinancePlanForm(_Crispy, forms.ModelForm):
    class Meta:
        model = FinancePlan
        fields = [
            "hourly_wage_cost",
            "hours_per_fte_per_week",
            "training_cost_per_person",
            "mentor_hourly_cost",
            "mentor_hours_per_month",
            "alternative_cost_per_fte_month",
            "horizon_months",
            "planned_hires",
            "planned_hire_fte",
            "planned_start",
            "planned_months_supernumerary",
        ]
        localized_fields = [f for f in fields if f != "planned_start"]
        widgets = {"planned_start": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            Row(Column("hourly_wage_cost"), Column("hours_per_fte_per_week")),
            "training_cost_per_person",
            Row(Column("mentor_hourly_cost"), Column("mentor_hours_per_month")),
            "alternative_cost_per_fte_month",
            "horizon_months",
            Row(Column("planned_hires"), Column("planned_hire_fte")),
            Row(Column("planned_start"), Column("planned_months_supernumerary")),
        )


class FinanceLineForm(_Crispy, forms.ModelForm):
    class Meta:
        model = FinanceLine
        fields = ["kind", "description", "amount", "starts_on", "months"]
        localized_fields = ["amount"]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            Row(Column("kind"), Column("description")),
            Row(Column("amount"), Column("starts_on"), Column("months")),
        )


class SubsidyApplicationForm(_Crispy, forms.ModelForm):
    class Meta:
        model = SubsidyApplication
        fields = [
            "programme",
            "scheme",
            "reference",
            "status",
            "amount_requested",
            "amount_granted",
            "period_start",
            "period_end",
            "notes",
        ]
        localized_fields = ["amount_requested", "amount_granted"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self._helper(
            Row(Column("programme"), Column("scheme")),
            Row(Column("reference"), Column("status")),
            Row(Column("amount_requested"), Column("amount_granted")),
            Row(Column("period_start"), Column("period_end")),
            "notes",
        )


class SubsidyDeadlineForm(_Crispy, forms.ModelForm):
    class Meta:
        model = SubsidyDeadline
        fields = ["description", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(Row(Column("description"), Column("due_on")))
