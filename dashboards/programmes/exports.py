"""The evaluation as a spreadsheet (organisations.spreadsheets) and a PDF report."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from fpdf.enums import XPos, YPos

from organisations.pdf import FONT, pdf_document
from organisations.spreadsheets import Column

from ..models import Programme


def _number(value) -> str:
    return "" if value is None else formats.number_format(value, use_l10n=True)


def _figure(figure) -> str:
    """A KPI value as a manager may see it: the number, "<5", or "" without data."""
    return _number(figure.value) if figure.shown else str(figure)


def _cell(figure):
    """A KPI value for the spreadsheet: the number when a manager may see it, else "<5" or ""."""
    return figure.value if figure.shown else str(figure)


def _period(programme: Programme) -> str:
    start = formats.date_format(programme.starts_on, "d-m-Y")
    end = formats.date_format(programme.ends_on, "d-m-Y") if programme.ends_on else _("open")
    return f"{start} – {end}"


def evaluation_columns(data: dict) -> list[Column]:
    """One line per KPI: target, actual, status, basis and the monthly trend."""

    def trend(index):
        return lambda row: _cell(row.trend_cells[index][1])

    return [
        Column(_lazy("KPI"), lambda row: row.label),
        Column(_lazy("Comparison"), lambda row: row.comparison if row.target is not None else ""),
        Column(_lazy("Target"), lambda row: row.target),
        Column(
            _lazy("Actual"),
            lambda row: _cell(row.actual_figure) if row.actual is not None else _("no data yet"),
        ),
        Column(
            _lazy("Status"),
            lambda row: row.light_shown_label if row.target is not None else _("no goal"),
        ),
        Column(_lazy("Based on"), lambda row: row.basis_display),
        *[
            Column(day.strftime("%Y-%m"), trend(index))
            for index, day in enumerate(data["trend_days"])
        ],
    ]


def evaluation_pdf(programme: Programme, data: dict, *, compress: bool = True) -> bytes:
    """A titled report: programme, period, the KPI table (target, actual, status), date."""
    title = _("Evaluation of %(name)s") % {"name": programme.name}
    pdf = pdf_document(orientation="L", compress=compress, title=title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(
        0,
        10,
        title,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FONT, "", 10)
    lines = [
        _("Organisation: %(name)s") % {"name": programme.organisation.name},
        _("Period: %(period)s") % {"period": _period(programme)},
        _("Status: %(status)s") % {"status": programme.get_status_display()},
        _("Generated on %(date)s") % {"date": formats.date_format(timezone.localdate(), "d-m-Y")},
    ]
    for line in lines:
        pdf.cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    widths = [95, 25, 30, 30, 50, 30]
    headers = [_("KPI"), _("Target"), _("Actual"), _("Based on"), _("Status"), _("Trend")]
    pdf.set_font(FONT, "B", 10)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 8, header, border=1)
    pdf.ln()
    pdf.set_font(FONT, "", 10)
    arrows = {"up": _("rising"), "down": _("falling"), "flat": _("equal"), "": ""}
    for row in data["rows"]:
        target = f"{row.comparison} {_number(row.target)}" if row.target is not None else "-"
        actual = _figure(row.actual_figure) if row.actual is not None else _("no data yet")
        status = str(row.light_shown_label) if row.target is not None else _("no goal")
        cells = [row.label, target, actual, row.basis_display, status, arrows[row.direction]]
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, str(text)[:60], border=1)
        pdf.ln()
    pdf.ln(4)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(
        0,
        4,
        _(
            "Traffic light: green = target met; orange = missed by at most 10 percent of the "
            "target; red = missed by more; grey = no data yet. Counts under 5, and figures "
            "resting on fewer than 5 people, show as <5."
        ),
    )
    return bytes(pdf.output())
