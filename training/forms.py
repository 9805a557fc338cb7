"""Forms for training pages: fields and layout only; the services do the work."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput
from organisations.uploads import DocumentField

from .models import (
    LearningActivity,
    LedgerEntry,
    Route,
    TaskLogEntry,
    Track,
    WeightedTask,
    WeightingTable,
)


class _Crispy:
    submit_label = _("Save")

    def _helper(self, *layout, multipart=False):
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))
        if multipart:
            self.helper.form_tag = True
            self.helper.attrs = {"enctype": "multipart/form-data"}


class TrackCreateForm(_Crispy, forms.Form):
    submit_label = _("Enrol")

    employee = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    route = forms.ModelChoiceField(label=_("Route"), queryset=Route.objects.filter(is_active=True))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    registration_deadline = forms.DateField(
        label=_("Registration deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the route's default (e.g. one year after the start)."),
    )
    paid_by = forms.ChoiceField(
        label=_("Paid by"), choices=Track.Payer.choices, initial=Track.Payer.EMPLOYER
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self._helper(
            "employee",
            "route",
            Row(Column("start_date"), Column("registration_deadline")),
            "paid_by",
        )


class TrackForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Track
        fields = [
            "status",
            "stop_reason",
            "start_date",
            "planned_end",
            "completed_on",
            "institution",
            "credits_earned",
            "credits_required",
            "areas_done",
            "areas_required",
            "registration_deadline",
            "cost_tuition",
            "cost_exam",
            "cost_materials",
            "cost_study_time",
            "paid_by",
        ]
        widgets = {
            "start_date": DateInput(),
            "planned_end": DateInput(),
            "completed_on": DateInput(),
            "registration_deadline": DateInput(),
            "stop_reason": forms.Textarea(attrs={"rows": 2}),
        }
        localized_fields = ["cost_tuition", "cost_exam", "cost_materials", "cost_study_time"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("credits_earned", "credits_required", "areas_done", "areas_required"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0
        self._helper(
            Row(Column("status"), Column("paid_by")),
            "stop_reason",
            Row(Column("start_date"), Column("planned_end"), Column("completed_on")),
            Row(Column("institution"), Column("registration_deadline")),
            Row(Column("credits_earned"), Column("credits_required")),
            Row(Column("areas_done"), Column("areas_required")),
            Row(
                Column("cost_tuition"),
                Column("cost_exam"),
                Column("cost_materials"),
                Column("cost_study_time"),
            ),
        )

    def _post_clean(self):
        # The service validates the whole track (and reports constraint messages);
        # skip the model form's own instance validation so errors are not doubled.
        pass


class MilestoneDoneForm(_Crispy, forms.Form):
    submit_label = _("Mark as done")

    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    evidence = DocumentField(label=_("Evidence"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper("done_on", "evidence", "note", multipart=True)


class RegistrationForm(_Crispy, forms.Form):
    submit_label = _("Record registration")

    skj_number = forms.CharField(label=_("SKJ number"), max_length=20)
    registration_date = forms.DateField(label=_("Registration date"), widget=DateInput())
    move_to_formation = forms.BooleanField(
        label=_("Move into the formation from the registration date"),
        required=False,
        initial=True,
        help_text=_(
            "The supernumerary placement ends the day before; a regular placement in the "
            "same team and FTE starts on the registration date."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(Row(Column("skj_number"), Column("registration_date")), "move_to_formation")


class LedgerEntryForm(_Crispy, forms.ModelForm):
    submit_label = _("Add")

    class Meta:
        model = LedgerEntry
        fields = ["kind", "reflection_form", "date", "amount", "description"]
        widgets = {"date": DateInput()}
        localized_fields = ["amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            Row(Column("kind"), Column("reflection_form")),
            Row(Column("date"), Column("amount")),
            "description",
        )

    def _post_clean(self):
        pass


class TableSettingsForm(_Crispy, forms.ModelForm):
    class Meta:
        model = WeightingTable
        fields = ["independent_max", "registered_only_min", "registered_only_when_any_axis_3"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            Row(Column("independent_max"), Column("registered_only_min")),
            "registered_only_when_any_axis_3",
        )

    def _post_clean(self):
        pass


AXIS_CHOICES = [(1, "1"), (2, "2"), (3, "3")]


class WeightedTaskForm(_Crispy, forms.ModelForm):
    class Meta:
        model = WeightedTask
        fields = ["name", "category", "unsafe", "responsibility", "complexity", "impact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unsafe", "responsibility", "complexity", "impact"):
            field = self.fields[name]
            field.min_value, field.max_value = 1, 3
            field.widget.attrs.update({"min": 1, "max": 3})
            field.error_messages["min_value"] = _("A score is 1, 2 or 3.")
            field.error_messages["max_value"] = _("A score is 1, 2 or 3.")
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
        self._helper(
            Row(Column("name"), Column("category")),
            Row(Column("unsafe"), Column("responsibility"), Column("complexity"), Column("impact")),
        )

    def clean(self):
        data = super().clean()
        for name in ("unsafe", "responsibility", "complexity", "impact"):
            value = data.get(name)
            if value is not None and not 1 <= value <= 3:
                self.add_error(name, _("A score is 1, 2 or 3."))
        return data

    def _post_clean(self):
        pass


class TableCopyForm(_Crispy, forms.Form):
    submit_label = _("Copy tasks and thresholds")

    source = forms.ModelChoiceField(label=_("Copy the table of"), queryset=None)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda table: table.organisation.name
        self._helper("source")


class _OfferedChoices(forms.models.ModelChoiceIterator):
    """The field's choices drawn from another (narrower) queryset than it validates with."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


class TaskLogForm(_Crispy, forms.ModelForm):
    submit_label = _("Log task")

    class Meta:
        model = TaskLogEntry
        fields = ["task", "date", "responsible", "explanation"]
        widgets = {"date": DateInput(), "explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, tasks, responsibles, offered=None, **kwargs):
        """`responsibles`: who may be chosen (validated); `offered`: the narrower list the
        select shows (the team, mentors and search matches; default: all of them)."""
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        field = self.fields["responsible"]
        field.queryset = responsibles
        field.required = False
        field.help_text = _(
            "Required for tasks onder verantwoordelijkheid and alleen geregistreerd. "
            "The list shows registered colleagues of the team and the mentors; search "
            "above for anyone else."
        )
        if offered is not None:
            field.widget.choices = _OfferedChoices(field, offered)
        self._helper(Row(Column("task"), Column("date")), "responsible", "explanation")

    def _post_clean(self):
        pass


class LearningActivityForm(_Crispy, forms.ModelForm):
    submit_label = _("Add to plan")

    class Meta:
        model = LearningActivity
        fields = ["kind", "title", "planned_date", "hours"]
        widgets = {"planned_date": DateInput()}
        localized_fields = ["hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper(
            Row(Column("kind"), Column("title")), Row(Column("planned_date"), Column("hours"))
        )

    def _post_clean(self):
        pass


class DoneOnForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
