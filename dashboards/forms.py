from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CapacitySettings


class CapacitySettingsForm(forms.ModelForm):
    class Meta:
        model = CapacitySettings
        fields = [
            "supernumerary_budget_fte",
            "fte_per_side_entrant",
            "hourly_wage_cost",
            "yearly_outflow_percent",
            "months_to_registration",
        ]
        localized_fields = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
