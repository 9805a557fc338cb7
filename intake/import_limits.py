"""Limits on an imported CSV/XLSX file, checked before it is parsed.

One HR user's upload must not keep the import worker busy for minutes or fill its
memory: an 800 KB XLSX can unpack to millions of empty rows. An XLSX is a zip whose
central directory declares every member's uncompressed size; `zipfile` never inflates a
member beyond that size (a lie ends in a CRC error), so the declared sizes bound the
work and can be checked without inflating anything. The row count is checked where it
is declared (the sheet's `<dimension>`) and again while reading (intake/imports.py).
"""

import zipfile

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Why an import failed (ImportJob.failure); the message is rendered in the reader's
# language by failure_message(), not frozen in the worker's.
UNREADABLE = "unreadable"
TOO_LARGE = "too_large"
TOO_MANY_ROWS = "too_many_rows"
TIMED_OUT = "timed_out"
GAVE_UP = "gave_up"

# Members smaller than this are never a bomb, whatever their ratio (tiny XML parts
# compress very well).
_RATIO_FLOOR = 1024 * 1024

# A job claimed this often without finishing keeps killing its worker (or running into
# the task's time limit): the sweep fails it instead of resuming it again.
MAX_ATTEMPTS = 3


class ImportLimitError(Exception):
    """The file breaks a limit; `code` says which (one of the constants above)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return failure_message(self.code)


def failure_message(code: str) -> str:
    """The reason an import was refused or failed, in the active language."""
    messages = {
        UNREADABLE: _("The file could not be read as CSV or XLSX."),
        TOO_LARGE: _(
            "The file is too large: at most %(megabytes)s MB, and an XLSX file may unpack to "
            "at most %(unpacked)s MB. Split it into smaller files."
        ),
        TOO_MANY_ROWS: _(
            "The file has more than %(rows)s rows; at most %(rows)s rows can be imported at "
            "once. Delete empty rows below the list or split the file. Nothing was imported."
        ),
        TIMED_OUT: _("The import took too long and was stopped. Split the file and try again."),
        GAVE_UP: _("The import was stopped after several failed attempts. Try again later."),
    }
    text = messages.get(code, messages[UNREADABLE])
    return text % {
        "megabytes": settings.IMPORT_MAX_FILE_BYTES // (1024 * 1024),
        "unpacked": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024),
        "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
    }


def check_file(handle, name: str) -> None:
    """Raise ImportLimitError when the file is too large to parse; leaves `handle` at 0.

    `handle` is any seekable binary file (an upload or the stored file). For CSV the
    file's size is its data; for XLSX the zip's declared sizes, their compression ratio
    and the first sheet's declared number of rows. A file that is not a zip at all is
    left for the parser to report as unreadable.
    """
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    if size > settings.IMPORT_MAX_FILE_BYTES:
        raise ImportLimitError(TOO_LARGE)
    if not name.lower().endswith(".xlsx"):
        return
    try:
        archive = zipfile.ZipFile(handle)
    except Exception:  # not a zip (or a broken one): the parser reports it as unreadable
        handle.seek(0)
        return
    try:
        _check_archive(archive)
        rows = _declared_rows(handle)
    finally:
        archive.close()
        handle.seek(0)
    if rows is not None and rows - 1 > settings.IMPORT_MAX_ROWS:  # the first row is the header
        raise ImportLimitError(TOO_MANY_ROWS)


def _check_archive(archive: zipfile.ZipFile) -> None:
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    unpacked = 0
    for member in archive.infolist():
        unpacked += member.file_size
        if member.file_size > _RATIO_FLOOR and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ImportLimitError(TOO_LARGE)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise ImportLimitError(TOO_LARGE)


def _declared_rows(handle) -> int | None:
    """The last row of the first worksheet's `<dimension>`, or None if it declares none."""
    try:
        reader, path = first_sheet(handle)
        with reader.archive.open(path) as source:
            return sheet_dimension_rows(source)
    except Exception:  # a broken package: the parser reports it as unreadable
        return None


def first_sheet(handle):
    """(openpyxl ExcelReader with manifest and workbook read, path of the first worksheet).

    Reads only the package manifest and workbook.xml, and finds the sheet the way
    openpyxl's `workbook.worksheets[0]` does.
    """
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(handle, read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader, rel.target
    raise ValueError("the workbook has no worksheet")


def sheet_dimension_rows(source) -> int | None:
    """The last row number in the sheet's `<dimension ref="A1:M40">`, reading only up to
    `<sheetData>` (openpyxl's own check reads the whole sheet when there is none)."""
    # The parser openpyxl uses for the sheet itself (defusedxml when installed).
    from openpyxl.xml.functions import iterparse

    for _event, element in iterparse(source, events=("start",)):
        tag = element.tag.rpartition("}")[2]
        if tag == "dimension":
            last = (element.get("ref") or "").rpartition(":")[2]
            digits = "".join(c for c in last if c.isdigit())
            return int(digits) if digits else None
        if tag == "sheetData":
            return None
    return None
