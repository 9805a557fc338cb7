"""The one way to write a spreadsheet export (CSV or XLSX) as an HTTP response.

Every export describes its columns (`Column`: a translated header and a function from a
row to a value) and hands over its rows; this module decides how each value is written:

- numbers stay numbers: a decimal comma in a Dutch CSV, a numeric cell in XLSX;
- dates stay dates: dd-mm-jjjj in a Dutch CSV, a date cell with a date format in XLSX;
- True/False become the translated "yes"/"no";
- anything else (choice labels, "<5", names) is text via `str()`, and text that a
  spreadsheet could read as a formula is defused (CSV/formula injection, OWASP);
- CSV starts with a UTF-8 byte order mark, or Excel reads it as Windows-1252 and
  garbles every "ë";
- CSV is streamed row batch by row batch (pass `queryset.iterator(chunk_size=...)`), XLSX
  is built by openpyxl's write-only mode in a temporary file: memory stays flat however
  long the list is.

Views keep their own permission checks; they call `export_response` last.
"""

import csv
import datetime
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

CSV = "csv"
XLSX = "xlsx"
KINDS = (CSV, XLSX)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP "CSV
# injection"): = + - @, and TAB / CR, which some of them skip before looking for one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Rows per CSV chunk: one network write per batch rather than per row.
CSV_BATCH_ROWS = 200

YES = _("yes")
NO = _("no")


@dataclass(frozen=True)
class Column:
    """One column: a header (a gettext_lazy msgid, or a plain string such as a month) and
    how to get the cell value from a row. `decimals` fixes the decimals of a number;
    `month` writes a date as month and year only (mm-jjjj)."""

    header: Any
    value: Callable[[Any], Any]
    decimals: int | None = None
    month: bool = False


@dataclass(frozen=True)
class _Style:
    """How the current language writes numbers and dates."""

    separator: str
    decimal: str
    date: str
    datetime: str
    month: str
    xlsx_date: str
    xlsx_datetime: str
    xlsx_month: str


# Dutch Excel takes its list separator from the regional settings, where the comma is the
# decimal sign: it splits a CSV on ";" and reads "1234,50" as a number. A comma-separated
# file opens as one column there. English Excel expects "," and "1234.50", so the
# separator follows the decimal sign of the user's language.
_DUTCH = _Style(
    separator=";",
    decimal=",",
    date="%d-%m-%Y",
    datetime="%d-%m-%Y %H:%M",
    month="%m-%Y",
    xlsx_date="dd-mm-yyyy",
    xlsx_datetime="dd-mm-yyyy hh:mm",
    xlsx_month="mm-yyyy",
)
_OTHER = _Style(
    separator=",",
    decimal=".",
    date="%Y-%m-%d",
    datetime="%Y-%m-%d %H:%M",
    month="%Y-%m",
    xlsx_date="yyyy-mm-dd",
    xlsx_datetime="yyyy-mm-dd hh:mm",
    xlsx_month="yyyy-mm",
)


def _style() -> _Style:
    return _DUTCH if (translation.get_language() or "nl").startswith("nl") else _OTHER


def defuse(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe.

    Also in XLSX, where a text cell is never a formula: a file saved as CSV again and
    reopened would run it, and both formats then show the same text.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number(value) -> bool:
    # bool is an int, but means yes/no; NaN and infinity are no number a sheet can hold.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    return math.isfinite(value)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _number_text(value, decimals: int | None, decimal_sign: str) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if decimals is not None:
        number = round(number, decimals)
    # "f" never writes an exponent ("1E+2"), which a spreadsheet would read as text.
    text = format(number, "f")
    return text.replace(".", decimal_sign)


def _text(value) -> str:
    # NUL cannot be stored in either format and no user means it.
    return defuse(str(value).replace("\x00", ""))


def csv_cell(value, column: Column | None = None, style: _Style | None = None) -> str:
    """The CSV text of one value (see the module docstring)."""
    style = style or _style()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(YES if value else NO)
    if _is_number(value):
        return _number_text(value, column.decimals if column else None, style.decimal)
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(style.datetime)
    if isinstance(value, datetime.date):
        return value.strftime(style.month if column and column.month else style.date)
    return _text(value)


class _Echo:
    """A file that hands back what is written: csv.writer then returns each line."""

    def write(self, value):
        return value


def csv_chunks(columns: list[Column], rows: Iterable) -> Iterator[bytes]:
    """The CSV file as UTF-8 byte chunks, reading `rows` lazily: one batch per chunk.

    The language and time zone of the request are taken now, because a streaming
    response is consumed after the view has returned.
    """
    language = translation.get_language()
    zone = timezone.get_current_timezone()

    def chunks():
        rows_left = iter(rows)
        with translation.override(language), timezone.override(zone):
            style = _style()
            writer = csv.writer(_Echo(), delimiter=style.separator)
            head = "\ufeff" + writer.writerow([_text(column.header) for column in columns])
        yield head.encode("utf-8")
        while True:
            # Rows are read and written under the request's language; the yield itself
            # happens outside it so no override stays active while the server sends.
            with translation.override(language), timezone.override(zone):
                batch = list(islice(rows_left, CSV_BATCH_ROWS))
                text = "".join(
                    writer.writerow([csv_cell(c.value(row), c, style) for c in columns])
                    for row in batch
                )
            if not batch:
                return
            yield text.encode("utf-8")

    return chunks()


def _xlsx_cell(sheet, value, column: Column, style: _Style):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    number_format = None
    if value is None:
        pass
    elif isinstance(value, bool):
        value = str(YES if value else NO)
    elif _is_number(value):
        if column.decimals is not None:
            number_format = "0" if column.decimals == 0 else "0." + "0" * column.decimals
    elif isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time.
        value = _local(value).replace(tzinfo=None)
        number_format = style.xlsx_datetime
    elif isinstance(value, datetime.date):
        number_format = style.xlsx_month if column.month else style.xlsx_date
    else:
        # openpyxl refuses control characters XML cannot hold (it would raise a 500).
        value = _text(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


def xlsx_file(columns: list[Column], rows: Iterable, *, title: str = "") -> IO[bytes]:
    """The workbook in a temporary file (rewound), written row by row (write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    style = _style()
    workbook = Workbook(write_only=True)
    # Sheet titles: at most 31 characters, none of []:*?/\ .
    safe_title = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Sheet1"
    sheet = workbook.create_sheet(safe_title)
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _xlsx_cell(sheet, str(column.header), column, style)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c.value(row), c, style) for c in columns])
    # Closed by FileResponse once sent (or here, when saving fails).
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        workbook.save(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


def export_response(
    *, columns: list[Column], rows: Iterable, filename: str, kind: str = CSV, title: str = ""
):
    """The rows as a downloadable CSV (streamed) or XLSX file named `filename`.`kind`.

    `rows` may be any iterable; pass `queryset.iterator(chunk_size=...)` for long lists.
    `title` names the XLSX sheet.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    name = f"{filename}.{kind}"
    if kind == CSV:
        response = StreamingHttpResponse(
            csv_chunks(columns, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            xlsx_file(columns, rows, title=title),
            as_attachment=True,
            filename=name,
            content_type=XLSX_CONTENT_TYPE,
        )
    # Exports hold personal and financial data: no shared or browser cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
