"""A mail backend for child processes: one file per message, optionally slow."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class FileMailBackend(BaseEmailBackend):
    """Writes each message to INSTROOM_MAIL_DIR/<uuid>.eml.

    INSTROOM_MAIL_DELAY seconds of sleep simulate a slow mail server, so a test can
    kill the worker at a chosen moment (INSTROOM_MAIL_DELAY_WHEN); the file "sending"
    appears when the sleep starts:

    - "before": the message is handed over, the server has not accepted it yet;
    - "during": the server accepted (the file is written) but has not answered yet;
    - "after": the server accepted and answered; the connection is being closed (QUIT),
      so the sender has recorded the message as sent but the task has not finished.
    """

    def send_messages(self, email_messages):
        directory = self._directory()
        when = settings.INSTROOM_MAIL_DELAY_WHEN
        for message in email_messages:
            if when == "before":
                self._pause(directory, message.subject)
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
            if when == "during":
                self._pause(directory, message.subject)
            self.sent = True
        return len(email_messages)

    def close(self):
        if getattr(self, "sent", False) and settings.INSTROOM_MAIL_DELAY_WHEN == "after":
            self._pause(self._directory(), "quit")

    def _directory(self) -> Path:
        directory = Path(settings.INSTROOM_MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        return directory

    def _pause(self, directory: Path, text: str) -> None:
        (directory / "sending").write_text(text)
        time.sleep(settings.INSTROOM_MAIL_DELAY)


def sent_message_ids(directory) -> list[str]:
    """The Message-ID headers of every message written to `directory`."""
    from email import message_from_bytes

    return [
        message_from_bytes(path.read_bytes())["Message-ID"]
        for path in sorted(Path(directory).glob("*.eml"))
    ]


def sent_subjects(directory) -> list[str]:
    """The subjects of every message written to `directory`."""
    from email import message_from_bytes
    from email.header import decode_header, make_header

    subjects = []
    for path in sorted(Path(directory).glob("*.eml")):
        subject = message_from_bytes(path.read_bytes())["Subject"]
        subjects.append(str(make_header(decode_header(subject))))
    return subjects
