"""The personal ICS feed: check-ins and intervision sessions, for Outlook and other calendars."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import selectors

DEFAULT_START = datetime.time(9, 0)


def _at(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    return datetime.datetime.combine(
        day, time or DEFAULT_START, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def feed(*, employee, since: datetime.date, language: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Instroom//mentoring//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Instroom")
    if employee is None:
        return cal.to_ical()
    items = selectors.calendar_items(employee=employee, since=since)
    with translation.override(language or settings.LANGUAGE_CODE):
        for checkin in items["checkins"]:
            assignment = checkin.assignment
            other = assignment.mentee if assignment.mentor_id == employee.pk else assignment.mentor
            event = Event()
            event.add("uid", f"checkin-{checkin.pk}@instroom")
            event.add("summary", _("Check-in with %(name)s") % {"name": other.full_name})
            day = checkin.held_on or checkin.planned_date
            event.add("dtstart", day)
            event.add("dtend", day + datetime.timedelta(days=1))
            event.add("dtstamp", _at(day, None))
            cal.add_component(event)
        for session in items["sessions"]:
            event = Event()
            event.add("uid", f"intervision-{session.pk}@instroom")
            event.add(
                "summary", _("Intervision: %(method)s") % {"method": session.get_method_display()}
            )
            start = _at(session.date, session.start_time)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=session.duration_minutes))
            event.add("dtstamp", start)
            event.add("location", session.organisation.name)
            cal.add_component(event)
    return cal.to_ical()
