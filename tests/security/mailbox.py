"""A mail backend for child processes: one file per message, optionally slow."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class FileMailBackend(BaseEmailBackend):
    """Writes each message to INSTROOM_MAIL_DIR/<uuid>.eml.

    INSTROOM_MAIL_DELAY seconds of sleep "before" or "after" writing simulate a slow
    mail server, so a test can kill the worker in the middle of sending.
    """

    def send_messages(self, email_messages):
        directory = Path(settings.INSTROOM_MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            marker = directory / "sending"
            marker.write_text(message.subject)
            if settings.INSTROOM_MAIL_DELAY_WHEN == "before":
                time.sleep(settings.INSTROOM_MAIL_DELAY)
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
            if settings.INSTROOM_MAIL_DELAY_WHEN == "after":
                time.sleep(settings.INSTROOM_MAIL_DELAY)
        return len(email_messages)


def sent_subjects(directory) -> list[str]:
    """The subjects of every message written to `directory`."""
    from email import message_from_bytes
    from email.header import decode_header, make_header

    subjects = []
    for path in sorted(Path(directory).glob("*.eml")):
        subject = message_from_bytes(path.read_bytes())["Subject"]
        subjects.append(str(make_header(decode_header(subject))))
    return subjects
