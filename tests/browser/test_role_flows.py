"""One flow per role, as a new user walks through it in Chromium: log in through the
login page, click through the menus, fill in the forms, and read what the page says.
Every page on the way passes axe-core; the pipeline move and the check-in form are
done with the keyboard only. Screenshots go to docs/screenshots/ with SCREENSHOTS=1."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def _today() -> datetime.date:
    return timezone.localdate()


def _cv_pdf(tmp_path):
    """A small, valid one-page PDF, as an applicant would upload."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Curriculum vitae - Lotte Verbeek, politieagent, 12 jaar ervaring")
    path = tmp_path / "cv-lotte-verbeek.pdf"
    pdf.output(str(path))
    return path


def _main(page):
    return page.locator("main")


# --- 1. HR advisor ---------------------------------------------------------------------


def test_hr_recruits_a_side_entrant_from_campaign_to_hire(page, new_page, tmp_path):
    from intake.models import Application
    from organisations.models import Placement

    today = _today()
    login(page, "hr")
    page.get_by_role("link", name="Werving").first.click()
    expect(page.locator("main h1")).to_contain_text("campagnes")
    check_accessibility(page)
    page.get_by_role("link", name="Nieuwe campagne").click()
    page.get_by_label("Organisatie").select_option(label="Jeugdbescherming Noord")
    page.get_by_label("Titel").fill("Zij-instromers jeugdreclassering voorjaar")
    page.get_by_label("Functieprofiel").select_option(label="Jeugdbeschermer")
    page.get_by_label("Doelgroep").select_option(
        label="Zij-instromers met een aanverwant hbo-diploma"
    )
    page.get_by_label("Campagnetekst").fill(
        "Werk je bij de politie of in het onderwijs en wil je jeugdreclasseerder worden?"
    )
    page.get_by_label("Opent op").fill(today.isoformat())
    page.get_by_label("Sluit op").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Te vervullen plaatsen").fill("2")
    page.get_by_label("Gepubliceerd").check()
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main h1")).to_have_text("Zij-instromers jeugdreclassering voorjaar")

    # One hard (knock-out) and one soft (weighted) criterion.
    page.get_by_role("textbox", name="Criterium").fill("Aanverwant hbo-diploma")
    page.get_by_label("Soort").select_option(label="Hard (knock-out ja/nee)")
    page.get_by_role("button", name="Criterium toevoegen").click()
    expect(page.get_by_role("cell", name="Aanverwant hbo-diploma").first).to_be_visible()
    page.get_by_role("textbox", name="Criterium").fill(
        "Ervaring met jongeren in het gedwongen kader"
    )
    page.get_by_label("Soort").select_option(label="Zacht (score 1-5)")
    page.get_by_label("Gewicht").fill("3")
    page.get_by_role("button", name="Criterium toevoegen").click()
    expect(
        page.get_by_role("cell", name="Ervaring met jongeren in het gedwongen kader").first
    ).to_be_visible()
    check_accessibility(page)
    screenshot(page, "flow-hr-campaign", full_page=False)
    public_url = page.locator("main a[href*='/intake/apply/']").get_attribute("href")

    # The applicant has no account and uses a browser of their own.
    applicant = new_page()
    applicant.goto(public_url)
    expect(applicant.locator("main h1")).to_have_text("Zij-instromers jeugdreclassering voorjaar")
    check_accessibility(applicant)
    applicant.get_by_label("Voornaam").fill("Lotte")
    applicant.get_by_label("Achternaam").fill("Verbeek")
    applicant.get_by_label("E-mail").fill("lotte.verbeek@voorbeeld.nl")
    applicant.get_by_label("Hoogste opleiding").select_option(label="hbo (bachelor)")
    applicant.get_by_label("Studierichting").select_option(
        label="Aanverwant (pedagogiek, toegepaste psychologie, SPH, MWD, CMV)"
    )
    applicant.get_by_label("Diploma (naam van de opleiding)").fill("Toegepaste psychologie")
    applicant.get_by_label("Ik heb dit diploma behaald").check()
    applicant.get_by_label("Huidige of vorige sector").fill("Politie")
    applicant.get_by_label("Huidige of vorige functie").fill("Wijkagent")
    applicant.get_by_label("Jaren werkervaring").fill("12")
    applicant.get_by_label("Jaren in een relevante functie op hbo-niveau").fill("2")
    applicant.get_by_label("Motivatie: welk beeld heb je van het werk?").fill(
        "Ik zie als wijkagent veel jongeren vastlopen en wil ze langer begeleiden."
    )
    applicant.get_by_label("Cv").set_input_files(_cv_pdf(tmp_path))
    applicant.get_by_label("Jullie mogen mijn gegevens na deze procedure 1 jaar bewaren").check()
    applicant.get_by_role("button", name="Sollicitatie versturen").click()
    expect(applicant.locator("main")).to_contain_text("Bedankt")
    check_accessibility(applicant)
    screenshot(applicant, "flow-applicant-thanks", full_page=False)
    application = Application.objects.get(candidate__email="lotte.verbeek@voorbeeld.nl")
    assert application.cv

    # Back to HR: the new application waits on the board; move it on with the keyboard.
    page.get_by_role("link", name="Pijplijn").click()
    applied = page.locator("section", has=page.get_by_role("heading", name="Gesolliciteerd"))
    expect(applied.get_by_role("link", name="Lotte Verbeek")).to_be_visible()
    check_accessibility(page)
    tab_to(page, f"#to-{application.pk}")
    expect(page.locator(f"#to-{application.pk}")).to_have_value("screening")
    page.keyboard.press("Tab")  # the rejection reason stays empty
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    screening = page.locator("section", has=page.get_by_role("heading", name="Screening"))
    expect(screening.get_by_role("link", name="Lotte Verbeek")).to_be_visible()
    screenshot(page, "flow-hr-board", full_page=False)

    screening.get_by_role("link", name="Lotte Verbeek").click()
    expect(page.locator("main h1")).to_contain_text("Lotte Verbeek")
    expect(page.get_by_role("link", name="Cv downloaden")).to_be_visible()
    page.get_by_label("Aanverwant hbo-diploma").select_option(label="Ja, voldoet")
    page.get_by_label("Ervaring met jongeren in het gedwongen kader (×3)").select_option("4")
    page.get_by_role("button", name="Mijn scores opslaan").click()
    expect(_main(page)).to_contain_text("Gewogen totaal: 4,00")
    check_accessibility(page)

    page.get_by_label("Verplaatsen naar").select_option(label="Gesprek")
    page.get_by_role("button", name="Verplaatsen").click()
    expect(_main(page)).to_contain_text("Screening → Gesprek")
    page.get_by_role("link", name="Gesprek inplannen").click()
    interview_day = today + datetime.timedelta(days=7)
    page.get_by_label("Datum en tijd").fill(f"{interview_day.isoformat()}T10:00")
    page.get_by_label("Plaats").fill("Kantoor Groningen, Oosterstraat 12")
    page.get_by_label("Marieke Bakker").check()
    check_accessibility(page)
    page.get_by_role("button", name="Inplannen en uitnodigen").click()
    expect(_main(page)).to_contain_text(interview_day.strftime("%d-%m-%Y"))
    expect(_main(page)).to_contain_text("Kantoor Groningen")

    page.get_by_label("Verplaatsen naar").select_option(label="Aanbod")
    page.get_by_role("button", name="Verplaatsen").click()
    expect(_main(page)).to_contain_text("Gesprek → Aanbod")
    page.get_by_role("link", name="Aannemen").click()
    expect(page.locator("main h1")).to_have_text("Lotte Verbeek aannemen")
    page.get_by_label("Team").select_option(label="Jeugdreclassering (Jeugdbescherming Noord)")
    page.locator("#id_job_function").fill("Jeugdreclasseerder in opleiding")
    page.get_by_label("Financieringsbron").select_option(label="SectorplanPlus")
    check_accessibility(page)
    page.get_by_role("button", name="Aannemen").click()
    expect(_main(page)).to_contain_text("boven formatief")
    check_accessibility(page)
    screenshot(page, "flow-hr-hired", full_page=False)
    placement = Placement.objects.get(employee__email="lotte.verbeek@voorbeeld.nl")
    assert placement.formation_kind == "supernumerary"
    assert placement.team.name == "Jeugdreclassering"
    assert not page.js_errors, page.js_errors


# --- 2. Practice supervisor -----------------------------------------------------------


def test_supervisor_adds_a_mentor_matches_a_side_entrant_and_plans_intervision(page):
    from mentoring.models import IntervisionSession, MentorAssignment

    today = _today()
    login(page, "supervisor")
    page.get_by_role("link", name="Begeleiderspool").first.click()
    expect(page.locator("main h1")).to_have_text("Begeleiderspool")
    check_accessibility(page)
    page.get_by_role("link", name="Begeleider toevoegen").click()
    page.get_by_label("Medewerker").select_option(label="Ilse Brouwer – Jeugdbescherming Stad")
    page.get_by_label("Rol als begeleider").select_option(label="Hoofdbegeleider")
    page.get_by_label("Capaciteit als hoofdbegeleider").fill("2")
    page.get_by_label("Beschikbare uren per week").fill("3")
    page.get_by_label("Jeugdbescherming", exact=True).check()
    page.get_by_label("Verwachtingengesprek gevoerd op").fill(today.isoformat())
    page.get_by_label("Actief in de pool").check()
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("link", name="Ilse Brouwer")).to_be_visible()

    # The new side-entrant has no main mentor yet; the new pool member is suggested.
    page.get_by_role("link", name="Anouk Hendriks").click()
    expect(page.locator("main h1")).to_have_text("Begeleider voor Anouk Hendriks")
    suggestions = page.get_by_role("table", name="Suggesties").first
    expect(suggestions.get_by_role("cell", name="Ilse Brouwer")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "flow-supervisor-match", full_page=False)
    page.get_by_role("combobox", name="Mentor").select_option(
        label="Ilse Brouwer – Jeugdbescherming Stad"
    )
    page.get_by_label("Soort").select_option(label="Hoofdbegeleider")
    page.get_by_role("button", name="Koppelen").click()
    expect(_main(page)).to_contain_text("Anouk Hendriks")
    expect(_main(page)).to_contain_text("Ilse Brouwer")
    check_accessibility(page)
    assert MentorAssignment.objects.filter(
        mentee__first_name="Anouk",
        mentee__last_name="Hendriks",
        mentor__first_name="Ilse",
    ).exists()

    page.get_by_role("link", name="Intervisie").first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Vaste intervisiemomenten plannen").click()
    page.get_by_label("Organisatie").select_option(label="Jeugdbescherming Noord")
    page.get_by_label("Titel").fill("Intervisie zij-instromers Stad")
    page.get_by_label("Methode").select_option(label="Incidentmethode")
    page.get_by_label("Gespreksleider").select_option(label="Jeroen Visser – Jeugdbescherming Stad")
    first = today + datetime.timedelta(days=14)
    page.get_by_label("Eerste bijeenkomst").fill(first.isoformat())
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Aantal bijeenkomsten").fill("4")
    page.get_by_label("Deelnemers").select_option(
        label=["Sanne Mulder", "Anouk Hendriks", "Esther van Dijk", "Jeroen Visser"]
    )
    check_accessibility(page)
    page.get_by_role("button", name="Reeks plannen").click()
    expect(page.get_by_role("link", name=first.strftime("%d-%m-%Y"))).to_be_visible()
    last = first + datetime.timedelta(weeks=12)
    expect(page.get_by_role("link", name=last.strftime("%d-%m-%Y"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "flow-supervisor-intervision", full_page=False)
    assert IntervisionSession.objects.filter(date__gte=first).count() >= 4
    assert not page.js_errors, page.js_errors


# --- 3. Mentor (the check-in with the keyboard only) -----------------------------------


def test_mentor_sees_only_own_mentee_logs_a_checkin_by_keyboard_and_intervision(page):
    from mentoring.models import CheckIn, MentorAssignment

    today = _today()
    other = MentorAssignment.objects.get(
        mentee__first_name="Iris", mentee__last_name="Postma", end_date__isnull=True
    )
    login(page, "mentor")
    page.get_by_role("link", name="Mijn begeleidingen").first.click()
    expect(page.get_by_role("link", name="Sanne Mulder")).to_be_visible()
    expect(_main(page)).not_to_contain_text("Iris Postma")
    check_accessibility(page)
    response = page.goto(f"/mentoring/assignments/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    check_accessibility(page)
    response = page.goto("/organisations/employees/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    page.goto("/mentoring/my-mentees/")

    page.get_by_role("link", name="Sanne Mulder").click()
    expect(page.locator("main h1")).to_have_text("Sanne Mulder")
    check_accessibility(page)
    due = (
        CheckIn.objects.filter(assignment__mentee__first_name="Sanne", held_on__isnull=True)
        .order_by("planned_date")
        .first()
    )
    # Keyboard only: Tab to the check-in, Enter opens the form above the table.
    tab_to(page, f"a[href='/mentoring/checkins/{due.pk}/log/']")
    page.keyboard.press("Enter")
    expect(page.locator("#checkin-panel form")).to_be_visible()
    # Back up to the link above the form; the next Tab lands on the date's first part.
    tab_to(page, "a[href$='/checkins/new/']", backwards=True)
    page.keyboard.press("Tab")
    expect(page.locator("#checkin-panel [name=held_on]")).to_be_focused()
    # Headless Chromium shows date fields as mm/dd/yyyy whatever the locale.
    page.keyboard.type(today.strftime("%m%d%Y"))
    expect(page.locator("#checkin-panel [name=held_on]")).to_have_value(today.isoformat())
    tab_to(page, "#checkin-panel [name=how_it_goes]")
    page.keyboard.press("4")
    tab_to(page, "#checkin-panel [name=workload]")
    page.keyboard.press("3")
    tab_to(page, "#checkin-panel [name=casework_percent]")
    page.keyboard.type("65")
    tab_to(page, "#checkin-panel [name=agreements]")
    page.keyboard.type("Volgende week samen op huisbezoek")
    check_accessibility(page)
    screenshot(page, "flow-mentor-checkin", full_page=False)
    tab_to(page, "#checkin-panel [type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("cell", name="65% / 35%")).to_be_visible()
    expect(page.get_by_role("cell", name="Volgende week samen op huisbezoek")).to_be_visible()
    check_accessibility(page)
    due.refresh_from_db()
    assert due.held_on == today and due.casework_percent == 65

    page.get_by_role("link", name="Intervisie").first.click()
    page.get_by_role("link", name="Bijeenkomst vastleggen").click()
    page.get_by_label("Organisatie").select_option(label="Jeugdbescherming Noord")
    page.get_by_label("Datum").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("combobox", name="Methode").select_option(label="Balintmethode")
    page.get_by_label("Gespreksleider").select_option(label="Jeroen Visser – Jeugdbescherming Stad")
    page.get_by_label("Deelnemers").select_option(label=["Jeroen Visser", "Sanne Mulder"])
    page.get_by_label("Casuseigenaar").select_option(label="Sanne Mulder – Jeugdbescherming Stad")
    page.get_by_label("Reflectiedimensie").select_option(label="Normatief")
    page.get_by_label("Casusvraag").fill(
        "Hoe blijf ik naast ouders staan als ik een maatregel uitvoer?"
    )
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(_main(page)).to_contain_text("Hoe blijf ik naast ouders staan")
    expect(_main(page)).to_contain_text("Balintmethode")
    check_accessibility(page)
    assert not page.js_errors, page.js_errors


# --- 4. Side-entrant ---------------------------------------------------------------------


def test_side_entrant_reads_own_plan_milestones_and_tasks_and_asks_for_support(page):
    from support.models import SupportRequest

    login(page, "sideentrant")
    page.get_by_role("link", name="Mijn ontwikkeling").first.click()
    expect(_main(page)).to_contain_text("45 EC-traject (aanvullende opleiding)")
    expect(_main(page)).to_contain_text("3 van 8 mijlpalen afgerond")
    check_accessibility(page)
    page.get_by_role("link", name="45 EC-traject (aanvullende opleiding)").click()
    milestones = page.get_by_role("table", name="Mijlpalen")
    expect(milestones.get_by_role("row", name="Intake en advies")).to_contain_text("✓")
    expect(milestones.get_by_role("row", name="Start opleiding")).to_be_visible()
    expect(_main(page)).to_contain_text("10 / 45 EC")
    check_accessibility(page)
    page.go_back()
    page.get_by_role("link", name="Taken").click()
    expect(_main(page)).to_contain_text("Mag nu zelfstandig")
    expect(_main(page)).to_contain_text("Contact met school")
    expect(_main(page)).to_contain_text("Nog niet (alleen geregistreerd)")
    check_accessibility(page)
    page.get_by_role("link", name="Leerplan").click()
    expect(_main(page)).to_contain_text("Op de werkvloer (70)")
    check_accessibility(page)

    page.get_by_role("link", name="Ondersteuning", exact=True).first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Ondersteuning vragen").click()
    expect(_main(page)).to_contain_text("we vragen nooit naar de aard of oorzaak")
    page.get_by_label("Welke ondersteuning zou je willen?").select_option(label="Versterken")
    check_accessibility(page)
    page.get_by_role("button", name="Ondersteuning vragen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "flow-sideentrant-support", full_page=False)
    assert SupportRequest.objects.filter(employee__first_name="Sanne").exists()
    assert not page.js_errors, page.js_errors


# --- 5. Support coordinator, then a manager ---------------------------------------------


def test_support_opens_and_escalates_a_trajectory_the_manager_cannot_open_it(page, new_page):
    today = _today()
    login(page, "support")
    page.get_by_role("link", name="Begeleidingstrajecten").first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Nieuw traject").click()
    page.get_by_label("Medewerker").select_option(label="Sanne Mulder (Jeugdbescherming Noord)")
    page.get_by_label("Niveau").select_option(label="Versterken")
    page.get_by_label("Uitvoerder").fill("Vitaliteitsfunctionarissen")
    page.get_by_label("Status").select_option(label="Lopend")
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("Geplande einddatum").fill((today + datetime.timedelta(weeks=8)).isoformat())
    page.get_by_label("Inzetbaarheid").select_option(label="Volledig inzetbaar")
    page.get_by_label("Aanleiding").select_option(label="Incident")
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main h1")).to_have_text("Begeleidingstraject van Sanne Mulder")
    expect(_main(page)).to_contain_text("Incident")
    detail_url = page.url

    page.get_by_role("link", name="Op- of afschalen").click()
    page.get_by_label("Opschalen: één niveau omhoog").check()
    page.get_by_label("Reden").fill("Na het incident meer nodig dan het spreekuur.")
    check_accessibility(page)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.locator("main dl, main table").first).to_contain_text("Voorkomen")
    expect(_main(page)).to_contain_text("Na het incident meer nodig dan het spreekuur.")
    check_accessibility(page)
    screenshot(page, "flow-support-trajectory", full_page=False)

    # The team manager sees counts, never this trajectory.
    manager = new_page()
    login(manager, "manager")
    response = manager.goto(detail_url)
    assert response.status == 404
    expect(manager.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    expect(manager.locator("main")).not_to_contain_text("Sanne Mulder")
    check_accessibility(manager)
    assert not page.js_errors, page.js_errors


# --- 6. Manager ------------------------------------------------------------------------------


def _stat(page, caption: str) -> str:
    card = page.locator(".card-body", has_text=caption).first
    return card.locator(".stat").inner_text().strip()


def test_manager_sees_headroom_go_down_after_a_hire(page):
    from decimal import Decimal

    from dashboards.models import CapacitySettings
    from intake import services as intake_services
    from intake.models import Application
    from mentoring import services as mentoring_services
    from organisations.models import Employee, Organisation, Team

    noord = Organisation.objects.get(name="Jeugdbescherming Noord")
    stad = Team.objects.get(organisation=noord, name="Jeugdbescherming Stad")
    # Enough free main mentors that the supernumerary budget is what limits intake.
    mentoring_services.mentor_profile_create(
        employee=Employee.objects.get(organisation=noord, first_name="Olaf", last_name="Bakker"),
        role="main",
        max_main_mentees=10,
        max_sub_mentees=0,
        hours_per_week=Decimal("10"),
    )
    fte = CapacitySettings.objects.get(organisation=noord).fte_per_side_entrant

    login(page, "manager")
    page.get_by_role("link", name="Capaciteit").first.click()
    page.get_by_label("Organisatie").select_option(label="Jeugdbescherming Noord")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", name="Jeugdbescherming Noord")).to_be_visible()
    expect(page.get_by_role("heading", name="Veilig Thuis Groningen")).to_have_count(0)
    check_accessibility(page)
    can_take = int(_stat(page, "zij-instromers nu nog mogelijk"))
    budget = Decimal(_stat(page, "resterend budget boven formatie").replace(",", "."))
    assert can_take >= 1, "the demo leaves room for at least one side-entrant"

    # HR hires one side-entrant at the standard FTE while the manager looks away.
    offer = Application.objects.filter(campaign__organisation=noord, stage="offer").first()
    intake_services.application_hire(
        application=offer,
        team=stad,
        start_date=_today(),
        fte=fte,
        job_function="Jeugdbeschermer in opleiding",
        by=offer.campaign.created_by,
        funding_source="sectorplanplus",
    )
    page.reload()
    expect(
        page.locator(".card-body", has_text="zij-instromers nu nog mogelijk").first.locator(".stat")
    ).to_have_text(str(can_take - 1))
    assert Decimal(_stat(page, "resterend budget boven formatie").replace(",", ".")) == (
        budget - fte
    ).quantize(Decimal("0.1"))

    screenshot(page, "capacity")
    page.get_by_role("link", name="Jeugdbescherming Stad").click()
    expect(page.get_by_role("cell", name="Sanne Mulder")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Prognose").first.click()
    expect(
        page.get_by_role(
            "heading", name="Prognose: de boven-formatieve pool stroomt de formatie in"
        )
    ).to_be_visible()
    # The heading shows while the scripts at the end of the body still load.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => window.Chart !== undefined && Chart.getChart('forecast-chart') !== undefined"
    )
    expect(page.get_by_role("columnheader", name="Vacatures in formatie")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "forecast")
    assert not page.js_errors, page.js_errors


# --- 7. Traineeship coordinator -------------------------------------------------------------


def test_coordinator_generates_the_three_by_three_rotation_plan(page):
    from traineeship.models import Rotation

    login(page, "coordinator")
    page.get_by_role("link", name="Traineeships").first.click()
    page.get_by_role("link", name="Traineeship Jeugdzorg IJsselland").first.click()
    expect(_main(page)).to_contain_text("24 maanden, rotaties van 8 maanden")
    check_accessibility(page)
    # The next cohort starts when the 2026 cohort has left the three partners.
    page.get_by_label("naam").fill("Cohort 2028")
    page.get_by_label("startdatum").fill("2028-09-01")
    page.get_by_role("button", name="Cohort aanmaken").click()
    expect(page.locator("main h1")).to_contain_text("Cohort 2028")
    for trainee in (
        "Sem Hoekstra (Jeugdbescherming Overijssel)",
        "Maaike Meijer (Veilig Thuis IJsselland)",
        "Bram Meijer (Raad voor de Kinderbescherming)",
    ):
        # The cohort page searches the partners' employees as you type (htmx).
        name = trainee.split(" (")[0]
        page.wait_for_load_state("load")  # htmx listens from then on; typing earlier is lost
        page.locator("#candidate-q").fill(name)
        choice = page.locator("#candidate-results").get_by_role("radio", name=name)
        expect(choice).to_be_visible()
        choice.check()
        page.locator("#candidate-results").get_by_role("button", name="Trainee toevoegen").click()
        expect(page.get_by_role("link", name=name)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Planning genereren").click()
    expect(page.get_by_text("Planning gegenereerd: 9 rotaties.")).to_be_visible()
    per_partner = page.get_by_role("table", name="Trainees per partner per periode")
    for partner in (
        "Jeugdbescherming Overijssel",
        "Raad voor de Kinderbescherming",
        "Veilig Thuis IJsselland",
    ):
        row = per_partner.get_by_role("row", name=re.compile(partner))
        expect(row.get_by_role("cell")).to_have_text(["1", "1", "1", "1"])
    check_accessibility(page)
    screenshot(page, "flow-coordinator-rotations", full_page=False)
    rotations = list(
        Rotation.objects.filter(trainee__cohort__name="Cohort 2028").values_list(
            "trainee_id", "partner_id"
        )
    )
    assert len(rotations) == 9
    for trainee in {t for t, _ in rotations}:
        assert len({p for t, p in rotations if t == trainee}) == 3
    assert not page.js_errors, page.js_errors


# --- 8. Language --------------------------------------------------------------------------


def test_language_is_dutch_by_default_and_switches_to_english_and_back(page):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Inloggen bij Instroom")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    check_accessibility(page)
    screenshot(page, "login")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.get_by_role("heading", name="Log in to Instroom")).to_be_visible()
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="Inloggen bij Instroom")).to_be_visible()

    # Logged in, the choice follows the user through the app.
    login(page, "hr")
    expect(page.get_by_role("link", name="Werving").first).to_be_visible()
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.get_by_role("link", name="Recruitment").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)
    page.get_by_role("link", name="Recruitment").first.click()
    expect(page.locator("main h1")).to_have_text("Recruitment campaigns")
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("main h1")).to_have_text("Wervingscampagnes")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert not page.js_errors, page.js_errors
