"""Subsidy deadline reminders: 14 and 3 days before, once each, to managers and HR only."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine

from dashboards import tasks
from dashboards.finance import services
from notifications.models import Notification
from organisations.roles import Role
from tests.dashboards.factories import make_programme

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 6, 30)


def _application(organisation, **fields):
    return services.subsidy_application_create(
        programme=make_programme(organisation),
        scheme="sectorplanplus",
        reference="SPP-26",
        status=fields.pop("status", "granted"),
        amount_requested=D("30000"),
        amount_granted=D("30000"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


def _run_on(day: datetime.date) -> int:
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 7, 20), tick=False):
        return tasks.send_subsidy_deadline_reminders()


def _recipients():
    return sorted(Notification.objects.values_list("recipient__username", flat=True))


def test_reminders_on_the_right_days_exactly_once(world):
    deadline = services.subsidy_deadline_create(
        application=_application(world.a.organisation),
        due_on=DUE,
        description="Tussenrapportage SectorplanPlus",
    )
    services.subsidy_deadline_create(
        application=_application(world.b.organisation),
        due_on=DUE + datetime.timedelta(days=30),
        description="Rapportage B",
    )
    a_staff = sorted([world.a.user(Role.MANAGER).username, world.a.user(Role.HR_ADVISOR).username])
    assert _run_on(DUE - datetime.timedelta(days=15)) == 0
    assert Notification.objects.count() == 0

    assert _run_on(DUE - datetime.timedelta(days=14)) == 1
    assert _recipients() == a_staff  # not B, not mentors or side-entrants
    notification = Notification.objects.filter(recipient=world.a.user(Role.MANAGER)).get()
    assert notification.kind == "subsidy_deadline"
    assert "Tussenrapportage SectorplanPlus" in notification.title
    assert "14 dagen" in notification.title
    assert "30-06-2026" in notification.body

    # The next days and a second run on the same day send nothing new.
    assert _run_on(DUE - datetime.timedelta(days=14)) == 0
    for days in (13, 10, 4):
        assert _run_on(DUE - datetime.timedelta(days=days)) == 0
    assert Notification.objects.count() == 2

    assert _run_on(DUE - datetime.timedelta(days=3)) == 1
    assert Notification.objects.count() == 4
    for days in (2, 1, 0, -1, -5):
        assert _run_on(DUE - datetime.timedelta(days=days)) == 0
    assert Notification.objects.count() == 4
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_a_missed_day_still_sends_the_step_once(world):
    services.subsidy_deadline_create(
        application=_application(world.a.organisation), due_on=DUE, description="Eindrapport"
    )
    assert _run_on(DUE - datetime.timedelta(days=12)) == 1  # the 14-day run was missed
    assert _run_on(DUE - datetime.timedelta(days=2)) == 1
    assert _run_on(DUE - datetime.timedelta(days=1)) == 0
    assert Notification.objects.count() == 4


def test_no_reminders_for_done_rejected_or_other_organisations_deadlines(world):
    done = services.subsidy_deadline_create(
        application=_application(world.a.organisation), due_on=DUE, description="Klaar"
    )
    services.subsidy_deadline_mark_done(deadline=done)
    rejected = _application(world.b.organisation, status="rejected")
    services.subsidy_deadline_create(application=rejected, due_on=DUE, description="Afgewezen")
    assert _run_on(DUE - datetime.timedelta(days=14)) == 0
    assert _run_on(DUE - datetime.timedelta(days=3)) == 0
    assert Notification.objects.count() == 0


def test_the_task_is_scheduled_daily():
    from config.schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["dashboards-subsidy-deadline-reminders"]
    assert entry["task"] == "dashboards.tasks.send_subsidy_deadline_reminders"
