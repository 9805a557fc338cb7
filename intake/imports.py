"""Reading CSV/XLSX files of applications row by row (used by the import task)."""

import csv
import datetime
import io

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Employee

from . import import_limits
from .import_limits import ImportLimitError
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
    """Yield (line number, {column: text}, None) or (line number, None, reason) per row.

    CSV (; or ,) or XLSX. A line that cannot be read (a stray carriage return, a broken
    quote, text that is not UTF-8) is yielded with its reason instead of ending the file.
    Raises ImportLimitError once there are more than IMPORT_MAX_ROWS data rows, or as many
    empty ones (a sheet of a million empty rows is tiny when zipped but slow to read): the
    work is bounded by the limit, not by what the file claims.
    """
    rows = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    limit = settings.IMPORT_MAX_ROWS
    data = empty = 0
    try:
        for row in rows:
            if row is None:
                empty += 1
                if empty > limit:
                    raise ImportLimitError(import_limits.TOO_MANY_ROWS)
                continue
            data += 1
            if data > limit:
                raise ImportLimitError(import_limits.TOO_MANY_ROWS)
            yield row
    finally:
        rows.close()


def _xlsx_rows(content: bytes):
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self):
            # openpyxl reads the whole sheet looking for a <dimension> when there is none;
            # it was checked before (import_limits), and a wrong one must not cut the list
            # short: the rows are read as they are and read_rows bounds them.
            pass

    # load_workbook(read_only=True) without reading every sheet: the reader's own steps
    # up to the stylesheet (dates need its number formats), then only the first sheet.
    reader, path = import_limits.first_sheet(io.BytesIO(content))
    try:
        reader.read_strings()
        apply_stylesheet(reader.archive, reader.wb)
        sheet = Sheet(reader.wb, "import", path, reader.shared_strings)
        header_row = next(sheet.iter_rows(max_row=1, values_only=True), None) or ()
        header = [str(h or "").strip().lower() for h in header_row]
        values_rows = sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
        for number, values in enumerate(values_rows, start=2):
            if not values or all(v is None or v == "" for v in values):
                yield None  # counted by read_rows
                continue
            yield (
                number,
                {
                    header[i]: _text(v)
                    for i, v in enumerate(values)
                    if i < len(header) and header[i]
                },
                None,
            )
    finally:
        reader.archive.close()


def _csv_rows(content: bytes):
    lines, undecodable = _decoded_lines(content)
    first = next(lines, "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # The reader starts afresh on the next line; only this one is lost.
            yield (
                reader.line_num + 1,
                None,
                _(
                    "This line could not be read: it contains a "
                    "line break or a quotation mark in the wrong place."
                ),
            )
            continue
        number = reader.line_num + 1  # the header was line 1
        if number in undecodable:
            yield (
                number,
                None,
                _('This line is not UTF-8 text. Save the file as "CSV UTF-8" and import it again.'),
            )
            continue
        if not any(v.strip() for v in values):
            yield None  # counted by read_rows
            continue
        yield (
            number,
            {h: v.strip() for h, v in zip(header, values, strict=False) if h},
            None,
        )


def _decoded_lines(content: bytes):
    """The file's lines as text, and the numbers of lines that are not valid text.

    UTF-8 (with or without BOM) unless no line needs it and some line is not UTF-8:
    then it is Windows-1252, what Excel saves as "CSV" in the Netherlands. Lines split
    on newline only, so a stray carriage return stays inside its line for csv to report.
    """
    raw = content.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    encoding = "utf-8"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        if not any(_is_utf8(line) and not line.isascii() for line in raw):
            encoding = "cp1252"
    undecodable: set[int] = set()

    def lines():
        for number, line in enumerate(raw, start=1):
            try:
                yield line.decode(encoding) + "\n"
            except UnicodeDecodeError:
                undecodable.add(number)
                yield "\n"

    return lines(), undecodable


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
