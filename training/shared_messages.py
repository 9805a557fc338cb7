"""Dutch for shared messages that training pages show but the project catalogue lacks.

The upload validation in organisations.uploads is not in locale/nl yet (see the
training report); marking the same msgids here puts them in this app's catalogue,
which Django merges, so evidence uploads are explained in Dutch.
"""

from django.utils.translation import gettext_noop

UPLOAD_MESSAGES = [
    gettext_noop("The file is too large (%(size)s MB); the maximum is 10 MB."),
    gettext_noop("The file is empty."),
    gettext_noop("Only PDF and Word (.docx) files are accepted."),
    gettext_noop("The file's content is not a real %(type)s document."),
    gettext_noop("PDF or Word (.docx), at most 10 MB."),
]
