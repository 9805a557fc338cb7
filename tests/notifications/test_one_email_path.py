"""Nothing but the notifications outbox talks to the mail server."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Delivery itself; everything else queues through notifications.outbox.email_queue.
ALLOWED = {Path("notifications/outbox.py")}
SKIP = {".venv", "tests", "node_modules", ".git", "static", "media"}
DIRECT_MAIL = re.compile(
    r"from django\.core\.mail import|import django\.core\.mail|from django\.core import mail\b"
    r"|\bsend_mail\(|\bsend_mass_mail\(|\bmail_admins\(|\bmail_managers\("
    r"|\bEmailMessage\b|\bEmailMultiAlternatives\b|\bget_connection\(|\bsmtplib\b"
)


def _sources():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if not SKIP.intersection(relative.parts):
            yield relative


def test_no_mail_is_sent_outside_the_notifications_outbox():
    offenders = [
        f"{path}:{number}: {line.strip()}"
        for path in _sources()
        if path not in ALLOWED
        for number, line in enumerate((ROOT / path).read_text().splitlines(), 1)
        if DIRECT_MAIL.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == [], "send mail through notifications.outbox.email_queue:\n" + "\n".join(
        offenders
    )


def test_the_scan_sees_the_delivery_code():
    # Guards the scan itself: if it found no sources it would pass for nothing.
    assert Path("notifications/outbox.py") in set(_sources())
    assert DIRECT_MAIL.search((ROOT / "notifications/outbox.py").read_text())
