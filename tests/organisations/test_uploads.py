import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.uploads import MAX_DOCUMENT_BYTES, validate_document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name,content", [("cv.pdf", PDF), ("CV Özdemir.DOCX", make_docx())])
def test_real_documents_pass(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "content"),  # a renamed .exe
        ("cv.docx", PDF, "content"),  # a PDF pretending to be Word
        ("cv.exe", PDF, "type"),
        ("cv.txt", b"hello", "type"),
        ("cv.pdf", b"", "empty"),
        ("cv.pdf", PDF + b"0" * MAX_DOCUMENT_BYTES, "too_large"),
    ],
)
def test_anything_else_is_refused(name, content, code):
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile(name, content))
    assert exc.value.code == code
