"""Interviews: planning, moving, cancelling, the calendar invitations and reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_create, reminder_claim

from ..models import (
    CLOSED_STAGES,
    Application,
    Interview,
    InterviewNote,
)
from ._common import _save, application_ref


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    starts_at: datetime.datetime,
    duration_minutes: int,
    panel,
    location: str = "",
    video_url: str = "",
    created_by=None,
    send_invitations: bool = True,
    invite_candidate: bool = False,
) -> Interview:
    """Plan an interview and mail the panel (and, if asked, the candidate) an .ics invitation.

    The mails go after commit.
    """
    if application.is_erased or application.stage in CLOSED_STAGES:
        raise ValidationError(_("This application is closed."))
    panel = list(panel)
    if not panel:
        raise ValidationError({"panel": _("Choose at least one panel member.")})
    interview = _save(
        Interview(
            application=application,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            location=location,
            video_url=video_url,
            created_by=created_by,
            candidate_invited=bool(invite_candidate and application.candidate_id),
        )
    )
    interview.panel.set(panel)
    if send_invitations:
        _mail_interview(interview, panel=panel)
    return interview


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    starts_at: datetime.datetime,
    duration_minutes: int,
    panel,
    location: str = "",
    video_url: str = "",
    invite_candidate: bool = False,
    by=None,
) -> Interview:
    """Move or change a planned interview; everyone gets the updated invitation.

    Calendars replace the event because the .ics keeps its UID and raises its SEQUENCE.
    Panel members taken off the panel get a cancellation instead.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    application = interview.application
    if interview.cancelled_at:
        raise ValidationError(_("This interview has been cancelled."))
    if application.is_erased or application.stage in CLOSED_STAGES:
        raise ValidationError(_("This application is closed."))
    panel = list(panel)
    if not panel:
        raise ValidationError({"panel": _("Choose at least one panel member.")})
    removed = [m for m in interview.panel.all() if m not in panel]
    interview.starts_at = starts_at
    interview.duration_minutes = duration_minutes
    interview.location = location
    interview.video_url = video_url
    interview.candidate_invited = interview.candidate_invited or bool(
        invite_candidate and application.candidate_id
    )
    interview.sequence += 1
    _save(interview)
    interview.panel.set(panel)
    _mail_interview(interview, panel=panel, updated=True)
    _mail_interview(interview, panel=removed, cancelled=True, candidate=False)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, reason: str, by=None) -> Interview:
    """Cancel a planned interview: the panel and an invited candidate get a cancellation."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.cancelled_at:
        return interview
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    interview.cancelled_at = timezone.now()
    interview.cancel_reason = reason
    interview.sequence += 1
    _save(interview)
    _mail_interview(interview, panel=list(interview.panel.all()), cancelled=True)
    return interview


def _mail_interview(interview, *, panel, updated=False, cancelled=False, candidate=True) -> None:
    """Queue the invitation, update or cancellation for the panel and invited candidate.

    Each panel member reads it in their own language, the candidate in the language
    they applied in; the .ics goes with the outbox row, so the worker sends it later.
    """
    for member in panel:
        if member.email:
            _invitation(interview, member, updated=updated, cancelled=cancelled)
    application = interview.application
    if candidate and interview.candidate_invited and application.candidate_id:
        _invitation(interview, None, updated=updated, cancelled=cancelled, for_candidate=True)


def interview_ics(interview: Interview, *, cancelled: bool = False) -> bytes:
    """The interview as an iCalendar event (a cancellation when `cancelled`)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Instroom//intake//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"intake-interview-{interview.pk}@instroom")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.starts_at + datetime.timedelta(minutes=interview.duration_minutes))
    if cancelled:
        event.add("status", "CANCELLED")
    event.add(
        "summary",
        _("Interview %(candidate)s – %(campaign)s")
        % {
            "candidate": interview.application.display_name,
            "campaign": interview.application.campaign.title,
        },
    )
    event.add("location", interview.location or interview.video_url)
    if interview.video_url:
        event.add("url", interview.video_url)
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation(
    interview: Interview, member, *, updated=False, cancelled=False, for_candidate=False
):
    from notifications.outbox import email_queue

    application = interview.application
    method = "CANCEL" if cancelled else "REQUEST"
    name = "interview_candidate" if for_candidate else "interview_invitation"
    return email_queue(
        to=application.candidate.email if for_candidate else member,
        language=application.language,  # used for the candidate; a member has their own
        kind=f"intake.{name}",
        template=f"intake/email/{name}",
        context={
            "interview": interview,
            "application": application,
            "member": member,
            "candidate": application.candidate,
            "campaign": application.campaign,
            "updated": updated,
            "cancelled": cancelled,
        },
        # Built in the recipient's language: the event's title is translated too.
        attachments=lambda: [
            (
                "afzegging.ics" if cancelled else "uitnodiging.ics",
                interview_ics(interview, cancelled=cancelled),
                f"text/calendar; method={method}",
            )
        ],
        ref=application_ref(application.pk),
    )


@transaction.atomic
def interview_note_set(*, interview: Interview, author, text: str) -> InterviewNote:
    """An interviewer's own notes on an interview (one per interviewer, replaced on save)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    note = InterviewNote.objects.filter(interview=interview, author=author).first()
    note = note or InterviewNote(interview=interview, author=author)
    note.text = text
    return _save(note)


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each panel member the day before an interview; once per member and interview."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    interviews = (
        Interview.objects.filter(
            starts_at__date=tomorrow,
            application__erased_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .exclude(application__stage__in=CLOSED_STAGES)
        .select_related("application__candidate", "application__campaign")
        .prefetch_related("panel")
    )
    sent = 0
    for interview in interviews:
        for member in interview.panel.all():
            key = f"intake-interview-{interview.pk}-{interview.starts_at:%Y%m%d%H%M}-{member.pk}"
            with transaction.atomic():
                if not reminder_claim(key=key):
                    continue
                notification_create(
                    recipient=member,
                    kind="intake.interview_reminder",
                    template="intake/email/interview_reminder",
                    context={"interview": interview, "application": interview.application},
                    url=interview.application.get_absolute_url(),
                )
                sent += 1
    return sent
