"""What HR does first, in a real browser: register a side-entrant and place them on top of
the formation. Home pages per role: test_app_pages.py; the flows per role: test_role_flows.py."""

import re

import pytest
from playwright.sync_api import expect

from organisations.models import Employee, Placement

from .conftest import check_accessibility, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


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
