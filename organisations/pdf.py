"""The one way a PDF is started: fpdf2 with DejaVu Sans embedded.

The core PDF fonts (Helvetica and friends) know Latin-1 only, so "€", "≥" and
"–" could not be drawn. DejaVu Sans covers them; fpdf2 embeds only the glyphs a
document uses, so a report stays small. The fonts ship in the repository
(organisations/fonts/, with their licence) and never depend on the host.
"""

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"


def pdf_document(*, orientation: str = "P", compress: bool = True, title: str = "") -> FPDF:
    """An A4 document with FONT registered (regular and bold) and selected at 10 pt."""
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_compression(compress)
    if title:
        pdf.set_title(title)
    pdf.set_font(FONT, "", 10)
    return pdf
