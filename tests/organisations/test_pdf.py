"""PDFs draw every character the product writes: the font travels with the repository."""

import io

from fpdf.enums import XPos, YPos
from pypdf import PdfReader

from organisations.pdf import FONT, FONT_DIR, pdf_document


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


def test_euro_and_comparison_signs_survive_into_the_pdf():
    pdf = pdf_document(title="Begroting € 1.234,50")
    pdf.add_page()
    pdf.cell(0, 6, "Subsidie € 1.234,50", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Doel ≥ 80% – bereikt ≤ 5", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    data = bytes(pdf.output())

    text = _text(data)
    assert "€ 1.234,50" in text
    assert "≥ 80%" in text
    assert "≤ 5" in text and "–" in text
    assert "EUR" not in text and ">=" not in text  # no ASCII stand-ins any more
    assert PdfReader(io.BytesIO(data)).metadata.title == "Begroting € 1.234,50"
    # Both weights embedded as subsets (fpdf2 prefixes the name with six letters).
    fonts = _fonts(data)
    assert len(fonts) == 2
    assert all(name.split("+", 1)[1].startswith("DejaVuSans") for name in fonts)


def test_the_fonts_ship_with_their_licence():
    assert (FONT_DIR / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE").read_text()
