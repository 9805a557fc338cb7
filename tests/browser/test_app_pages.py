"""Every app's main pages, opened in Chromium by the role that uses them: they render,
run without JavaScript errors and pass axe-core (no serious or critical violations).
The step-by-step flows per role live in test_foundation_flows.py."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _campaign():
    from intake.models import Campaign

    return Campaign.objects.get(title__startswith="Zij-instromers jeugdbeschermer")


def _cohort():
    from traineeship.models import Cohort

    return Cohort.objects.order_by("pk").first()


PAGES = [
    ("hr", lambda: reverse("intake:campaign_list"), "intake-campaigns"),
    ("hr", lambda: reverse("intake:board", args=[_campaign().pk]), "intake-board"),
    ("hr", lambda: reverse("intake:application_list", args=[_campaign().pk]), None),
    ("hr", lambda: reverse("intake:funnel", args=[_campaign().pk]), "intake-funnel"),
    ("supervisor", lambda: reverse("mentoring:pool"), "mentoring-pool"),
    ("mentor", lambda: reverse("mentoring:my_mentees"), "mentoring-mentees"),
    ("mentor", lambda: reverse("mentoring:session_list"), None),
    ("sideentrant", lambda: reverse("mentoring:my_checkins"), None),
    ("hr", lambda: reverse("training:track_list"), "training-tracks"),
    ("sideentrant", lambda: reverse("training:my"), "training-my-development"),
    ("support", lambda: reverse("support:request_inbox"), None),
    ("support", lambda: reverse("support:trajectory_list"), "support-trajectories"),
    ("sideentrant", lambda: reverse("support:pyramid"), "support-pyramid"),
    ("manager", lambda: reverse("support:figures"), None),
    ("coordinator", lambda: reverse("traineeship:programme_list"), None),
    (
        "coordinator",
        lambda: reverse("traineeship:cohort_detail", args=[_cohort().pk]),
        "traineeship-cohort",
    ),
    ("trainee", lambda: reverse("traineeship:programme_list"), None),
]


@pytest.mark.parametrize(
    "username,path,shot", PAGES, ids=[f"{p[0]}-{p[2] or i}" for i, p in enumerate(PAGES)]
)
def test_page_renders_accessibly(page, username, path, shot):
    login(page, username)
    response = page.goto(path())
    assert response.status == 200, response.status
    expect(page.locator("main h1").first).to_be_visible()
    check_accessibility(page)
    if shot:
        screenshot(page, shot)
    assert not page.js_errors, page.js_errors
