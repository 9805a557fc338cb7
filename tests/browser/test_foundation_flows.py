"""What a new user does first, in a real browser: log in, find people, place a side-entrant."""

import re

import pytest
from playwright.sync_api import expect

from organisations.models import Employee, Placement

from .conftest import check_accessibility, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_dutch_and_language_switches(page):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Inloggen bij Instroom")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "login")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.get_by_role("heading", name="Log in to Instroom")).to_be_visible()
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="Inloggen bij Instroom")).to_be_visible()


@pytest.mark.parametrize(
    "username,text",
    [
        ("hr", "Nieuwste zij-instromers"),
        ("supervisor", "Zij-instromers op weg naar SKJ-registratie"),
        ("mentor", "Mijn werk"),
        ("manager", "formatie en boven-formatieve pool"),
        ("support", "Coördinator begeleiding"),
        ("sideentrant", "Mijn instroom"),
        ("trainee", "Mijn instroom"),
        ("admin", "Functioneel beheerder"),
    ],
)
def test_every_role_lands_on_its_home_page(page, username, text):
    login(page, username)
    expect(page.locator("main").get_by_text(text).first).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"home-{username}")
    assert not page.js_errors


def test_hr_registers_a_side_entrant_and_places_them_on_top_of_formation(page):
    login(page, "hr")
    page.get_by_role("link", name="Medewerkers").first.click()
    expect(page.get_by_role("heading", name="Medewerkers")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Nieuwe medewerker").click()
    page.get_by_label("Voornaam").fill("Ærø")
    page.get_by_label("Achternaam").fill("van 't Hek")
    page.get_by_label("E-mail").fill("aero.vanthek@example.org")
    page.get_by_role("textbox", name=re.compile(r"^Functie")).fill("Jeugdbeschermer in opleiding")
    page.get_by_label("Organisatie").select_option(label="Jeugdbescherming Noord")
    page.get_by_label("Team").select_option(label="Jeugdbescherming Stad (Jeugdbescherming Noord)")
    page.get_by_label("FTE").fill("1,5")
    page.get_by_label("Datum in dienst").fill("2026-11-01")
    page.get_by_label("Zij-instromer").check()
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    # Bad input first: a clear Dutch message and nothing saved.
    expect(page.get_by_text("FTE kan maximaal 1,2 zijn")).to_be_visible()
    assert not Employee.objects.filter(email="aero.vanthek@example.org").exists()
    page.get_by_label("FTE").fill("0,89")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Ærø van 't Hek")).to_be_visible()

    page.get_by_role("link", name="Nieuwe plaatsing").click()
    page.get_by_label("Team").select_option(label="Jeugdbescherming Stad (Jeugdbescherming Noord)")
    page.get_by_label("Startdatum").fill("2026-11-01")
    page.get_by_label("FTE").fill("0,89")
    page.get_by_label("Formatie").select_option(label="Boven formatief")
    page.get_by_label("Financieringsbron").select_option(label="SectorplanPlus")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Plaatsing toegevoegd.")).to_be_visible()
    screenshot(page, "employee-detail")
    placement = Placement.objects.get(employee__email="aero.vanthek@example.org")
    assert placement.formation_kind == "supernumerary"

    page.get_by_role("link", name="Jeugdbescherming Stad").first.click()
    expect(page.get_by_role("cell", name=re.compile("Ærø van 't Hek"))).to_be_visible()
    check_accessibility(page)


def test_mentor_cannot_open_the_employee_list(page):
    login(page, "mentor")
    response = page.goto("/organisations/employees/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()


def test_manager_reads_the_capacity_dashboard(page):
    login(page, "manager")
    page.get_by_role("link", name="Capaciteit").click()
    expect(
        page.get_by_role("heading", name="Capaciteit: formatie en boven-formatieve pool")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Jeugdbescherming Noord")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "capacity")
    page.get_by_role("link", name="Jeugdbescherming Stad").click()
    expect(page.get_by_role("cell", name="Sanne Mulder")).to_be_visible()


def test_manager_reads_the_forecast_chart_and_table(page):
    login(page, "manager")
    page.get_by_role("link", name="Prognose").click()
    expect(
        page.get_by_role(
            "heading", name="Prognose: de boven-formatieve pool stroomt de formatie in"
        )
    ).to_be_visible()
    expect(page.locator("#forecast-chart")).to_be_visible()
    # The chart library drew on the canvas (no inline script needed).
    # Wait for the load event: the heading is visible while the scripts at the
    # end of the body are still loading.
    page.wait_for_function(
        "() => window.Chart !== undefined && Chart.getChart('forecast-chart') !== undefined"
    )
    expect(page.get_by_role("columnheader", name="Vacatures in formatie")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "forecast")
    assert not page.js_errors
