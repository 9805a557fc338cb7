"""Forms for programmes, goals, steps and the template import: fields and layout only."""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.models import Campaign
from organisations.forms import DateInput
from organisations.models import Organisation, Team

from ..models import Goal, Programme, Step
from . import template_io


def _helper(*layout, label=None) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("submit", label or _("Save")))
    return helper


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "organisation",
            "name",
            "description",
            "starts_on",
            "ends_on",
            "status",
            "teams",
            "campaigns",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "teams": forms.CheckboxSelectMultiple,
            "campaigns": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=organisation_ids
        ).order_by("name")
        org_filter = organisation_ids
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            org_filter = [self.instance.organisation_id]
        else:
            del self.fields["status"]
        self.fields["teams"].queryset = Team.objects.filter(
            organisation_id__in=org_filter
        ).order_by("name")
        self.fields["campaigns"].queryset = Campaign.objects.filter(
            organisation_id__in=org_filter
        ).order_by("-pk")
        self.fields["teams"].label_from_instance = lambda team: str(team)
        status = ["status"] if "status" in self.fields else []
        self.helper = _helper(
            Row(Column("organisation"), Column("name")),
            "description",
            Row(Column("starts_on"), Column("ends_on"), *[Column(s) for s in status]),
            Row(Column("teams"), Column("campaigns")),
        )

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation is not None:
            for field in ("teams", "campaigns"):
                if any(o.organisation_id != organisation.pk for o in cleaned.get(field) or []):
                    self.add_error(
                        field, _("Choose only teams and campaigns of the chosen organisation.")
                    )
        return cleaned


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["kpi", "target", "note"]
        localized_fields = ["target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].help_text = _(
            "Percentages between 0 and 100, scores between 1 and 5. Dropout, months to "
            "registration and cost are 'at most'; the others 'at least'."
        )
        self.helper = _helper(Row(Column("kpi"), Column("target")), "note")


class StepForm(forms.ModelForm):
    settings = forms.CharField(
        label=_("settings (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('Optional, e.g. {"cadence_weeks": 2}.'),
    )

    class Meta:
        model = Step
        fields = ["order", "kind", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Empty: after the last step.")
        if self.instance.pk and not self.is_bound:
            self.initial["settings"] = (
                json.dumps(self.instance.settings, ensure_ascii=False)
                if self.instance.settings
                else ""
            )
        self.helper = _helper(
            Row(Column("order"), Column("kind")), "title", "description", "settings"
        )

    def clean_settings(self):
        text = (self.cleaned_data.get("settings") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ValidationError(_("This is not valid JSON.")) from exc
        if not isinstance(value, dict):
            raise ValidationError(_("Settings must be a JSON object."))
        return value


class TemplateImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    name = forms.CharField(
        label=_("name"),
        max_length=200,
        required=False,
        help_text=_("Empty: the name in the template."),
    )
    file = forms.FileField(label=_("template file (JSON)"), required=False)
    text = forms.CharField(
        label=_("or paste the template"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=organisation_ids
        ).order_by("name")
        self.helper = _helper(
            Row(Column("organisation"), Column("starts_on"), Column("name")),
            "file",
            "text",
            label=_("Import"),
        )
        self.helper.form_enctype = "multipart/form-data"
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload is None and not text:
            raise ValidationError(_("Upload a template file or paste its text."))
        if upload is not None:
            if upload.size > template_io.MAX_BYTES:
                raise ValidationError(_("The template is too large (at most 200 kB)."))
            raw = upload.read()
        else:
            raw = text
        cleaned["template"] = template_io.parse_template(raw)
        return cleaned
