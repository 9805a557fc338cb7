"""Every role's home page and every app's main pages, opened in Chromium by the role
that uses them: they render, run without JavaScript errors and pass axe-core (no
serious or critical violations). One logged-in browser per role keeps this quick.
The step-by-step flows per role live in test_role_flows.py."""

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


# username -> (text on the home page or None, [(path, screenshot name or None)])
ROLES = {
    "hr": (
        "Nieuwste zij-instromers",
        [
            (lambda: reverse("intake:campaign_list"), "intake-campaigns"),
            (lambda: reverse("intake:board", args=[_campaign().pk]), "intake-board"),
            (lambda: reverse("intake:application_list", args=[_campaign().pk]), None),
            (lambda: reverse("intake:funnel", args=[_campaign().pk]), "intake-funnel"),
            (lambda: reverse("training:track_list"), "training-tracks"),
        ],
    ),
    "supervisor": (
        "Zij-instromers op weg naar SKJ-registratie",
        [(lambda: reverse("mentoring:pool"), "mentoring-pool")],
    ),
    "mentor": (
        "Mijn werk",
        [
            (lambda: reverse("mentoring:my_mentees"), "mentoring-mentees"),
            (lambda: reverse("mentoring:session_list"), None),
        ],
    ),
    "manager": (
        "formatie en boven-formatieve pool",
        [(lambda: reverse("support:figures"), None)],
    ),
    "support": (
        "Coördinator begeleiding",
        [
            (lambda: reverse("support:request_inbox"), None),
            (lambda: reverse("support:trajectory_list"), "support-trajectories"),
        ],
    ),
    "sideentrant": (
        "Mijn instroom",
        [
            (lambda: reverse("mentoring:my_checkins"), None),
            (lambda: reverse("training:my"), "training-my-development"),
            (lambda: reverse("support:pyramid"), "support-pyramid"),
        ],
    ),
    "trainee": ("Mijn instroom", [(lambda: reverse("traineeship:programme_list"), None)]),
    "coordinator": (
        None,
        [
            (lambda: reverse("traineeship:programme_list"), None),
            (
                lambda: reverse("traineeship:cohort_detail", args=[_cohort().pk]),
                "traineeship-cohort",
            ),
        ],
    ),
    "admin": ("Functioneel beheerder", []),
}


@pytest.mark.parametrize("username", list(ROLES))
def test_role_home_and_main_pages_render_accessibly(page, username):
    home_text, pages = ROLES[username]
    login(page, username)
    if home_text:
        expect(page.locator("main").get_by_text(home_text).first).to_be_visible()
        check_accessibility(page)
        screenshot(page, f"home-{username}")
    for path, shot in pages:
        url = path()
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        expect(page.locator("main h1").first).to_be_visible()
        check_accessibility(page)
        if shot:
            screenshot(page, shot)
    assert not page.js_errors, page.js_errors
