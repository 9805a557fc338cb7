"""The one spreadsheet exporter: how each kind of value is written in CSV and XLSX."""

import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from organisations import spreadsheets
from organisations.spreadsheets import Column

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _csv(columns, rows) -> bytes:
    return b"".join(spreadsheets.csv_chunks(columns, rows))


def _csv_rows(columns, rows, delimiter=";"):
    text = _csv(columns, rows).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(columns, rows):
    handle = spreadsheets.xlsx_file(columns, rows, title="Test")
    sheet = load_workbook(handle).active
    return [list(row) for row in sheet.iter_rows()]


def _one(header="Value", **options):
    return [Column(header, lambda row: row, **options)]


# --- CSV ----------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_uses_semicolons_in_dutch():
    body = _csv([Column("A", lambda r: r[0]), Column("B", lambda r: r[1])], [("x", "y")])
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").splitlines() == ["A;B", "x;y"]


def test_csv_in_english_uses_commas_and_decimal_points():
    with translation.override("en"):
        rows = _csv_rows(_one(decimals=2), [Decimal("1234.5")], delimiter=",")
    assert rows == [["Value"], ["1234.50"]]


def test_numbers_get_a_decimal_comma_in_dutch_and_no_thousands_separator():
    rows = _csv_rows(_one(), [Decimal("1234.5"), 3, 2.25, Decimal("1E+2"), 0])
    assert [r[0] for r in rows[1:]] == ["1234,5", "3", "2,25", "100", "0"]
    rows = _csv_rows(_one(decimals=2), [Decimal("1234.5"), 2.675, 7])
    assert [r[0] for r in rows[1:]] == ["1234,50", "2,68", "7,00"]


def test_negative_numbers_stay_numbers():
    rows = _csv_rows(_one(decimals=2), [Decimal("-1234.5"), -1])
    assert [r[0] for r in rows[1:]] == ["-1234,50", "-1,00"]
    cells = _xlsx_rows(_one(decimals=2), [Decimal("-1234.5"), -1])
    assert [c[0].value for c in cells[1:]] == [-1234.5, -1]
    assert all(c[0].data_type == "n" for c in cells[1:])


def test_dates_are_dd_mm_yyyy_in_dutch_and_iso_in_english():
    day = datetime.date(2026, 3, 7)
    assert _csv_rows(_one(), [day])[1] == ["07-03-2026"]
    assert _csv_rows(_one(month=True), [day])[1] == ["03-2026"]
    with translation.override("en"):
        assert _csv_rows(_one(), [day], delimiter=",")[1] == ["2026-03-07"]


def test_aware_datetimes_are_written_in_local_time():
    moment = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)
    with timezone.override(AMSTERDAM):
        assert _csv_rows(_one(), [moment])[1] == ["02-07-2026 00:30"]
        cell = _xlsx_rows(_one(), [moment])[1][0]
    assert cell.value == datetime.datetime(2026, 7, 2, 0, 30)
    assert cell.number_format == "dd-mm-yyyy hh:mm"


def test_yes_and_no_are_translated():
    assert _csv_rows(_one(), [True, False])[1:] == [["ja"], ["nee"]]
    with translation.override("en"):
        assert _csv_rows(_one(), [True, False], delimiter=",")[1:] == [["yes"], ["no"]]
    assert [r[0].value for r in _xlsx_rows(_one(), [True, False])[1:]] == ["ja", "nee"]


def test_headers_and_labels_are_translated_when_written():
    columns = [Column(gettext_lazy("Stage"), lambda row: gettext_lazy("Applied"))]
    assert _csv_rows(columns, [1]) == [["Fase"], ["Gesolliciteerd"]]
    with translation.override("en"):
        assert _csv_rows(columns, [1], delimiter=",") == [["Stage"], ["Applied"]]


def test_the_route_is_written_as_its_label_not_its_code():
    from intake.exports import APPLICATION_COLUMNS

    route = next(c for c in APPLICATION_COLUMNS if str(c.header) == "Geadviseerde route")

    class Application:
        route_code = "45ec"

    assert (
        spreadsheets.csv_cell(route.value(Application()), route)
        == "45 EC-traject (verkort traject)"
    )


def test_plain_strings_such_as_small_figures_are_text():
    assert _csv_rows(_one(), ["<5", None, ""])[1:] == [["<5"], [""], [""]]
    cells = _xlsx_rows(_one(), ["<5"])
    assert cells[1][0].value == "<5" and cells[1][0].data_type == "s"


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_start_is_defused_in_csv(value):
    cell = _csv_rows(_one(), [value])[1][0]
    assert cell == "'" + value


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_start_is_defused_in_xlsx(value):
    cell = _xlsx_rows(_one(), [value])[1][0]
    assert cell.data_type == "s"  # openpyxl would store "=..." as a formula
    # XML reads a stored CR back as LF; the apostrophe is what counts.
    assert cell.value.replace("\n", "\r") == "'" + value


def test_headers_are_defused_too():
    assert _csv_rows(_one(header="=1+1"), [])[0] == ["'=1+1"]


def test_control_characters_do_not_break_either_format():
    assert _csv_rows(_one(), ["a\x00b"])[1] == ["ab"]
    assert _xlsx_rows(_one(), ["a\x01b\x00"])[1][0].value == "ab"


def test_xlsx_writes_real_numbers_and_dates_with_formats():
    columns = [
        Column("Day", lambda r: r[0]),
        Column("Month", lambda r: r[0], month=True),
        Column("Amount", lambda r: r[1], decimals=2),
        Column("Count", lambda r: r[2]),
    ]
    header, row = _xlsx_rows(columns, [(datetime.date(2026, 3, 7), Decimal("12.5"), 4)])
    assert [c.value for c in header] == ["Day", "Month", "Amount", "Count"]
    assert header[0].font.b
    assert row[0].value == datetime.datetime(2026, 3, 7) and row[0].number_format == "dd-mm-yyyy"
    assert row[1].number_format == "mm-yyyy"
    assert row[2].value == 12.5 and row[2].data_type == "n" and row[2].number_format == "0.00"
    assert row[3].value == 4 and row[3].data_type == "n"


def test_csv_reads_rows_lazily_batch_by_batch():
    consumed = []

    def rows():
        for i in range(spreadsheets.CSV_BATCH_ROWS * 3):
            consumed.append(i)
            yield i

    chunks = spreadsheets.csv_chunks(_one(), rows())
    assert consumed == []  # nothing read before the response is sent
    next(chunks)  # the header
    assert consumed == []
    next(chunks)
    assert len(consumed) == spreadsheets.CSV_BATCH_ROWS
    rest = b"".join(chunks).decode()
    assert len(consumed) == spreadsheets.CSV_BATCH_ROWS * 3
    assert rest.count("\n") == spreadsheets.CSV_BATCH_ROWS * 2


def test_a_streamed_csv_keeps_the_language_of_the_request():
    with translation.override("en"):
        chunks = spreadsheets.csv_chunks(_one(gettext_lazy("Stage")), [True])
    # The server consumes the stream after the view returned, in whatever language.
    with translation.override("nl"):
        text = b"".join(chunks).decode("utf-8-sig")
    assert text.splitlines() == ["Stage", "yes"]


def test_response_headers():
    response = spreadsheets.export_response(columns=_one(), rows=["x"], filename="lijst")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lijst.csv"'
    assert response["Cache-Control"] == "private, no-store"
    response = spreadsheets.export_response(
        columns=_one(), rows=["x"], filename="lijst", kind="xlsx", title="Lijst: [x]"
    )
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="lijst.xlsx"'
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Lijst x"]
    with pytest.raises(ValueError):
        spreadsheets.export_response(columns=_one(), rows=[], filename="x", kind="pdf")
