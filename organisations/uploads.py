"""Uploaded documents (CVs, evidence): checked by content, stored privately, served safely.

Every app that accepts a file uses `DocumentField`/`validate_document` and serves
it through `document_response` from a view that has already checked permission.
Files live under MEDIA_ROOT (outside the web root) with random names.
"""

import os
import uuid

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# extension -> the MIME type the file's own bytes must show
ALLOWED_DOCUMENTS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def validate_document(uploaded) -> None:
    """Reject anything but a real PDF or DOCX of at most 10 MB (by content, not by name)."""
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the maximum is 10 MB.")
            % {"size": round(uploaded.size / 1024 / 1024, 1)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    if extension not in ALLOWED_DOCUMENTS:
        raise ValidationError(_("Only PDF and Word (.docx) files are accepted."), code="type")
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime != ALLOWED_DOCUMENTS[extension]:
        raise ValidationError(
            _("The file's content is not a real %(type)s document.") % {"type": extension.upper()},
            code="content",
        )


@deconstructible
class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT, never served directly by the web server."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return settings.MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()


def random_upload_path(folder: str):
    """upload_to callable: `<folder>/<uuid>.<ext>` so names reveal nothing and never clash."""

    def upload_to(instance, filename):
        extension = os.path.splitext(filename)[1].lower()[:6]
        return f"{folder}/{uuid.uuid4().hex}{extension}"

    upload_to.__name__ = f"upload_to_{folder}"
    upload_to.__qualname__ = upload_to.__name__
    return upload_to


class DocumentField(forms.FileField):
    """A form field that accepts only PDF/DOCX documents of at most 10 MB."""

    default_validators = [validate_document]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF or Word (.docx), at most 10 MB."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.docx")


def document_response(field_file, download_name: str) -> FileResponse:
    """Serve a stored document as a download; call only after checking permission."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = os.path.splitext(field_file.name)[1].lower()
    name = get_valid_filename(download_name) + extension
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
