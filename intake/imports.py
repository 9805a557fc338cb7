"""Reading CSV/XLSX files of applications row by row (used by the import task)."""

import csv
import datetime
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Employee

from .models import Application

COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "education_level",
    "education_field",
    "diploma",
    "previous_sector",
    "previous_role",
    "years_experience",
    "years_relevant_hbo_work",
    "motivation",
    "submitted_at",
]


class ImportRowForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    education_level = forms.ChoiceField(
        label=_("Highest education"),
        choices=[("", ""), *Application.EducationLevel.choices],
        required=False,
    )
    education_field = forms.ChoiceField(
        label=_("Field of study"),
        choices=[("", ""), *Application.EducationField.choices],
        required=False,
    )
    diploma = forms.CharField(label=_("Diploma"), max_length=200, required=False)
    previous_sector = forms.CharField(label=_("Previous sector"), max_length=150, required=False)
    previous_role = forms.CharField(label=_("Previous role"), max_length=150, required=False)
    previous_seniority = forms.ChoiceField(
        choices=[("", ""), *Employee.Seniority.choices], required=False
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=60, required=False
    )
    years_relevant_hbo_work = forms.IntegerField(
        label=_("Years in a relevant job at HBO level"), min_value=0, max_value=60, required=False
    )
    motivation = forms.CharField(label=_("Motivation"), max_length=6000, required=False)
    submitted_at = forms.DateField(
        label=_("Applied on"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        required=False,
    )

    def clean_submitted_at(self):
        value = self.cleaned_data.get("submitted_at")
        if value and not datetime.date(2000, 1, 1) <= value <= timezone.localdate():
            raise forms.ValidationError(_("The date must lie between 2000 and today."))
        return value

    def application_fields(self) -> dict:
        data = dict(self.cleaned_data)
        day = data.pop("submitted_at", None)
        for name in ("years_experience", "years_relevant_hbo_work"):
            data[name] = data.get(name) or 0
        data["diploma_obtained"] = bool(data.get("diploma"))
        if day:
            data["submitted_at"] = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(12, 0))
            )
        return data


def read_rows(content: bytes, name: str):
    """Yield (row number in the file, {column: text}) from a CSV (; or ,) or XLSX file."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, [])]
        for number, values in enumerate(rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            yield (
                number,
                {
                    header[i]: _text(v)
                    for i, v in enumerate(values)
                    if i < len(header) and header[i]
                },
            )
        workbook.close()
        return
    text = content.decode("utf-8-sig", errors="replace")
    dialect = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield (
            reader.line_num,
            {k: (v or "").strip() for k, v in row.items() if k and isinstance(v, str)},
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
