"""Demo programme for Jeugdbescherming Noord: goals, a stappenplan, and live evaluation.

Idempotent: the programme is looked up by organisation and name (the financial plan's
demo may create it first); goals and steps are only added when it has none yet.
"""

import datetime
from decimal import Decimal

from .models import Programme
from .models.programmes import Kpi
from .programmes import services

ORGANISATION = "Jeugdbescherming Noord"
NAME = "Pilot zij-instroom 2026"

GOALS = [
    (Kpi.HIRED, "8", "Acht zij-instromers boven formatief in de pilot."),
    (Kpi.DROPOUT_6, "10", ""),
    (Kpi.DROPOUT_12, "15", "Sectorgemiddelde is ongeveer 20%."),
    (Kpi.REGISTRATION_MONTHS, "18", "Binnen anderhalf jaar SKJ-geregistreerd."),
    (Kpi.CHECKIN_SCORE, "3.5", ""),
    (Kpi.MENTOR_ENERGY, "4", "Mentoren houden het vol naast hun eigen caseload."),
    (Kpi.TRAINEESHIP_SUCCESS, "60", ""),
    (Kpi.COST_PER_REGISTERED, "60000", "Inclusief loonkosten boven formatief."),
]

STEPS = [
    (
        "campaign_setup",
        "Wervingscampagne met open avond",
        "Vacaturetekst met een eerlijk beeld van het werk; open avond met ervaren collega's.",
        {"channels": ["website", "LinkedIn", "open avond"]},
    ),
    (
        "criteria",
        "Selectie op motivatie en levenservaring",
        "Selectiegesprek met praktijkbegeleider en teammanager; realistische verwachtingen.",
        {},
    ),
    (
        "mentor_briefing",
        "Verwachtingengesprek met de mentoren",
        "Hoofd- en subbegeleiders weten vooraf wat er van hen gevraagd wordt en hoeveel tijd.",
        {"weeks_before_start": 2},
    ),
    (
        "onboarding_choice",
        "Inwerken met meeloopweken",
        "Eerst meelopen met de hoofdbegeleider, daarna een kleine eigen caseload.",
        {"shadow_weeks": 4},
    ),
    (
        "checkin_cadence",
        "Terugkommomenten",
        "Eerst elke twee weken, na drie maanden elke vier weken.",
        {"cadence_weeks": 2, "later_cadence_weeks": 4, "switch_after_months": 3},
    ),
    (
        "training_route",
        "Opleiding naar SKJ-registratie",
        "Post-hbo-route naast het werk; studiedagen staan in de planning van het team.",
        {"months": 18},
    ),
    (
        "evaluation_moment",
        "Evaluatie na zes en twaalf maanden",
        "De evaluatiepagina met de teammanagers en HR bespreken; het stappenplan bijstellen.",
        {"months": [6, 12]},
    ),
]


def seed(ctx) -> None:
    organisation = ctx.organisations.get(ORGANISATION)
    if organisation is None:
        return
    programme = Programme.objects.filter(organisation=organisation, name=NAME).first()
    if programme is None:
        programme = services.programme_create(
            organisation=organisation,
            name=NAME,
            starts_on=datetime.date(ctx.today.year - 1, 1, 1),
            description=(
                "Zij-instromers boven formatief aannemen, begeleiden met vaste mentoren en "
                "binnen anderhalf jaar naar SKJ-registratie brengen."
            ),
        )
    if not programme.goals.exists() and programme.status == Programme.Status.DRAFT:
        for kpi, target, note in GOALS:
            services.goal_create(programme=programme, kpi=kpi, target=Decimal(target), note=note)
    if not programme.steps.exists():
        for order, (kind, title, description, settings) in enumerate(STEPS, start=1):
            services.step_create(
                programme=programme,
                order=order,
                kind=kind,
                title=title,
                description=description,
                settings=settings,
            )
    if programme.status == Programme.Status.DRAFT and programme.goals.exists():
        services.programme_update(programme=programme, status=Programme.Status.RUNNING)
