"""Mentoring forms: fields and layout only; services do the work."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput, ModelMultipleChoiceField
from organisations.models import Employee

from .models import (
    CheckIn,
    Expertise,
    IntervisionMethod,
    IntervisionSeries,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
)


class _Crispy:
    submit_label = _("Save")

    def _layout(self, *fields):
        self.helper = FormHelper()
        self.helper.layout = Layout(*fields, Submit("submit", self.submit_label))


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        team = f" – {obj.team.name}" if obj.team_id else ""
        return f"{obj.full_name}{team}"


class MentorProfileForm(_Crispy, forms.ModelForm):
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        choices=Expertise.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MentorProfile
        fields = [
            "employee",
            "role",
            "max_main_mentees",
            "max_sub_mentees",
            "hours_per_week",
            "expertise",
            "briefing_date",
            "is_older_colleague",
            "is_active",
            "notes",
        ]
        localized_fields = ["hours_per_week"]
        widgets = {"briefing_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"employee": EmployeeChoiceField}

    def __init__(self, *args, org_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["employee"]
            employee_field = []
        else:
            self.fields["employee"].queryset = (
                Employee.objects.filter(organisation_id__in=org_ids, mentor_profile__isnull=True)
                .select_related("team")
                .order_by("last_name", "first_name")
            )
            employee_field = ["employee"]
        self._layout(
            *employee_field,
            "role",
            Row(Column("max_main_mentees"), Column("max_sub_mentees"), Column("hours_per_week")),
            "expertise",
            Row(Column("briefing_date"), Column("is_older_colleague"), Column("is_active")),
            "notes",
        )

    def clean_briefing_date(self):
        value = self.cleaned_data.get("briefing_date")
        if value and value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("This date is too far in the future."))
        return value


class SettingsForm(_Crispy, forms.ModelForm):
    class Meta:
        model = MentoringSettings
        fields = [
            "reminder_days_ahead",
            "escalate_after_days",
            "pulse_interval_weeks",
            "early_interval_days",
            "early_period_weeks",
            "later_interval_days",
            "hours_per_main_mentee",
            "hours_per_sub_mentee",
            "weight_team",
            "weight_expertise",
            "weight_capacity",
            "weight_load",
            "weight_briefed",
        ]
        localized_fields = ["hours_per_main_mentee", "hours_per_sub_mentee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._layout(
            Row(
                Column("reminder_days_ahead"),
                Column("escalate_after_days"),
                Column("pulse_interval_weeks"),
            ),
            Row(
                Column("early_interval_days"),
                Column("early_period_weeks"),
                Column("later_interval_days"),
            ),
            Row(Column("hours_per_main_mentee"), Column("hours_per_sub_mentee")),
            Row(
                Column("weight_team"),
                Column("weight_expertise"),
                Column("weight_capacity"),
                Column("weight_load"),
                Column("weight_briefed"),
            ),
        )


class AssignForm(_Crispy, forms.Form):
    submit_label = _("Assign")
    mentor = EmployeeChoiceField(label=_("Mentor"), queryset=Employee.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MentorAssignment.Kind.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    reason_for_change = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    early_interval_days = forms.IntegerField(
        label=_("Days between check-ins at the start"), required=False, min_value=1, max_value=60
    )
    early_period_weeks = forms.IntegerField(
        label=_("Length of the start period (weeks)"), required=False, min_value=0, max_value=104
    )
    later_interval_days = forms.IntegerField(
        label=_("Days between check-ins after that"), required=False, min_value=1, max_value=90
    )

    def cadence(self) -> dict | None:
        """The cadence typed in, or None to use the organisation's default."""
        names = ["early_interval_days", "early_period_weeks", "later_interval_days"]
        values = {n: self.cleaned_data.get(n) for n in names}
        if all(v is None for v in values.values()):
            return None
        return {
            "early_interval_days": values["early_interval_days"] or values["later_interval_days"],
            "early_period_weeks": values["early_period_weeks"] or 0,
            "later_interval_days": values["later_interval_days"] or values["early_interval_days"],
        }

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            Employee.objects.filter(organisation_id=organisation_id, mentor_profile__is_active=True)
            .select_related("team")
            .order_by("last_name", "first_name")
        )
        self.fields["start_date"].initial = timezone.localdate()
        self._layout(
            Row(Column("mentor"), Column("kind"), Column("start_date")),
            "reason_for_change",
            HTML(
                '<p class="small text-body-secondary mb-1">'
                + escape(_("Check-in rhythm; leave empty for the organisation's default."))
                + "</p>"
            ),
            Row(
                Column("early_interval_days"),
                Column("early_period_weeks"),
                Column("later_interval_days"),
            ),
        )


class EndForm(_Crispy, forms.Form):
    submit_label = _("End assignment")
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=_("Reason for ending"), choices=MentorAssignment.EndReason.choices
    )
    reason_for_change = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()
        self._layout(Row(Column("end_date"), Column("end_reason")), "reason_for_change")


class ChangeForm(_Crispy, forms.Form):
    submit_label = _("Change mentor")
    new_mentor = EmployeeChoiceField(label=_("New mentor"), queryset=Employee.objects.none())
    change_date = forms.DateField(label=_("Date of change"), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=_("Reason for ending"), choices=MentorAssignment.EndReason.choices
    )
    reason_for_change = forms.CharField(
        label=_("Reason for change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation_id, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_mentor"].queryset = (
            Employee.objects.filter(organisation_id=organisation_id, mentor_profile__is_active=True)
            .exclude(pk__in=exclude_ids)
            .select_related("team")
        )
        self.fields["change_date"].initial = timezone.localdate()
        self.fields["end_reason"].initial = MentorAssignment.EndReason.MENTOR_CHANGE
        self._layout(
            Row(Column("new_mentor"), Column("change_date"), Column("end_reason")),
            "reason_for_change",
        )


class CheckInLogForm(_Crispy, forms.ModelForm):
    submit_label = _("Save check-in")
    SCORES = [("", "–")] + [(i, str(i)) for i in range(1, 6)]

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    how_it_goes = forms.TypedChoiceField(
        label=_("How it goes (1-5)"), choices=SCORES[1:], coerce=int
    )
    workload = forms.TypedChoiceField(
        label=_("Workload (1 = light, 5 = too heavy)"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
    )

    class Meta:
        model = CheckIn
        fields = [
            "held_on",
            "how_it_goes",
            "workload",
            "casework_percent",
            "needs",
            "agreements",
            "escalate",
        ]
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.held_on:
            self.initial.setdefault(
                "held_on", min(self.instance.planned_date, timezone.localdate())
            )
        self.fields["casework_percent"].widget.attrs.update({"min": 0, "max": 100, "step": 5})
        self._layout(
            Row(
                Column("held_on"),
                Column("how_it_goes"),
                Column("workload"),
                Column("casework_percent"),
            ),
            "needs",
            "agreements",
            "escalate",
        )


class CheckInAddForm(_Crispy, forms.Form):
    submit_label = _("Plan check-in")
    planned_date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._layout("planned_date")


class ReflectionForm(_Crispy, forms.Form):
    submit_label = _("Save reflection")
    reflection = forms.CharField(
        label=_("My reflection"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._layout("reflection")


class ParticipantsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def _org_people(org_ids):
    return (
        Employee.objects.filter(organisation_id__in=org_ids)
        .select_related("team")
        .order_by("last_name", "first_name")
    )


class SessionForm(_Crispy, forms.ModelForm):
    participants = ParticipantsField(label=_("Participants"), queryset=Employee.objects.none())

    class Meta:
        model = IntervisionSession
        fields = [
            "organisation",
            "date",
            "start_time",
            "duration_minutes",
            "facilitator",
            "method",
            "method_other",
            "participants",
            "case_owner",
            "question",
            "reflection_dimension",
            "agreements",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "question": forms.Textarea(attrs={"rows": 2}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"facilitator": EmployeeChoiceField, "case_owner": EmployeeChoiceField}

    def __init__(self, *args, org_ids=(), organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = _org_people(org_ids)
        for name in ("participants", "facilitator", "case_owner"):
            self.fields[name].queryset = people
        self.fields["organisation"].queryset = organisations
        if self.instance.pk:
            for name in ("organisation", "participants"):
                del self.fields[name]
        self._layout(
            *(["organisation"] if "organisation" in self.fields else []),
            Row(Column("date"), Column("start_time"), Column("duration_minutes")),
            Row(Column("method"), Column("method_other"), Column("facilitator")),
            *(["participants"] if "participants" in self.fields else []),
            Row(Column("case_owner"), Column("reflection_dimension")),
            "question",
            "agreements",
        )


class SeriesForm(_Crispy, forms.ModelForm):
    submit_label = _("Plan series")
    participants = ParticipantsField(label=_("Participants"), queryset=Employee.objects.none())

    class Meta:
        model = IntervisionSeries
        fields = [
            "organisation",
            "title",
            "method",
            "facilitator",
            "first_date",
            "start_time",
            "duration_minutes",
            "interval_weeks",
            "count",
            "participants",
        ]
        widgets = {"first_date": DateInput(), "start_time": forms.TimeInput(attrs={"type": "time"})}
        field_classes = {"facilitator": EmployeeChoiceField}

    def __init__(self, *args, org_ids=(), organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = _org_people(org_ids)
        self.fields["participants"].queryset = people
        self.fields["facilitator"].queryset = people
        self.fields["organisation"].queryset = organisations
        self.fields["method"].choices = [c for c in IntervisionMethod.choices if c[0] != "other"]
        self._layout(
            Row(Column("organisation"), Column("title")),
            Row(Column("method"), Column("facilitator")),
            Row(Column("first_date"), Column("start_time"), Column("duration_minutes")),
            Row(Column("interval_weeks"), Column("count")),
            "participants",
        )


class PulseForm(_Crispy, forms.Form):
    submit_label = _("Send")
    SCORES = [(i, str(i)) for i in range(1, 6)]
    energy = forms.TypedChoiceField(
        label=_("Energy (1 = empty, 5 = full)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    time_pressure = forms.TypedChoiceField(
        label=_("Time pressure (1 = none, 5 = very high)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    still_willing = forms.TypedChoiceField(
        label=_("Do you still want to mentor?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._layout(
            Row(Column("energy"), Column("time_pressure"), Column("still_willing")), "comment"
        )
