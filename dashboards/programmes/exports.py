"""The evaluation as a CSV file and a PDF report."""

import csv
import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from organisations.pdf import FONT, pdf_document

from ..models import Programme


def _number(value) -> str:
    return "" if value is None else formats.number_format(value, use_l10n=True)


def _period(programme: Programme) -> str:
    start = formats.date_format(programme.starts_on, "d-m-Y")
    end = formats.date_format(programme.ends_on, "d-m-Y") if programme.ends_on else _("open")
    return f"{start} – {end}"


def evaluation_csv(programme: Programme, data: dict) -> str:
    """One line per KPI: target, actual, status, basis and the monthly trend."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    month_labels = [day.strftime("%Y-%m") for day in data["trend_days"]]
    writer.writerow(
        [
            _("KPI"),
            _("Comparison"),
            _("Target"),
            _("Actual"),
            _("Status"),
            _("Based on"),
            *month_labels,
        ]
    )
    for row in data["rows"]:
        writer.writerow(
            [
                row.label,
                row.comparison if row.target is not None else "",
                _number(row.target),
                _number(row.actual) if row.actual is not None else _("no data yet"),
                str(row.light_label) if row.target is not None else _("no goal"),
                row.basis_display,
                *[_number(value) for _day, value in row.trend],
            ]
        )
    return out.getvalue()


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
        actual = _number(row.actual) if row.actual is not None else _("no data yet")
        status = str(row.light_label) if row.target is not None else _("no goal")
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
            "target; red = missed by more; grey = no data yet. Counts under 5 show as <5."
        ),
    )
    return bytes(pdf.output())
