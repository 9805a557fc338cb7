"""Demo: a pilot programme of Jeugdbescherming Noord with a financial plan and subsidies.

Idempotent: the programme is looked up by organisation and name (the programmes demo may
have created it already), every line and application by its description or reference.
"""

import datetime
from decimal import Decimal

from .finance import services
from .models import FinanceLine, FinancePlan, Programme, SubsidyApplication, SubsidyDeadline
from .programmes.services import programme_create

ORGANISATION = "Jeugdbescherming Noord"
PROGRAMME = "Pilot zij-instroom 2026"
D = Decimal

ASSUMPTIONS = {
    "hourly_wage_cost": D("38.50"),
    "hours_per_fte_per_week": D("36"),
    "training_cost_per_person": D("6500"),
    "mentor_hourly_cost": D("52"),
    "mentor_hours_per_month": D("6"),
    "alternative_cost_per_fte_month": D("11500"),
    "horizon_months": 48,
}
LINES = [
    ("recruitment", "Wervingscampagne 'Switch naar de jeugdbescherming'", "7500", (2026, 1), 1),
    ("recruitment", "Selectiedagen en assessments", "3200", (2026, 3), 1),
    ("own_budget", "Eigen opleidings- en ontwikkelbudget", "48000", (2026, 1), 24),
    ("municipal", "Bijdrage gemeente Groningen (arbeidsmarktregio)", "20000", (2026, 4), 12),
]


def _applications(today: datetime.date) -> list[tuple[dict, list[tuple[int, str]]]]:
    """(application fields, [(days from today, what is due)])."""
    return [
        (
            {
                "scheme": "sectorplanplus",
                "reference": "SPP-2026-0417",
                "status": SubsidyApplication.Status.GRANTED,
                "amount_requested": D("60000"),
                "amount_granted": D("54000"),
                "period_start": datetime.date(2026, 1, 1),
                "period_end": datetime.date(2027, 6, 30),
                "notes": "Zes zij-instromers, loonkosten tijdens het leren boven formatief.",
            },
            [
                (12, "Tussentijdse voortgangsrapportage"),
                (300, "Eindverantwoording en verzoek tot vaststelling"),
            ],
        ),
        (
            {
                "scheme": "praktijkleren",
                "reference": "PL-2026-1183",
                "status": SubsidyApplication.Status.SUBMITTED,
                "amount_requested": D("16200"),
                "amount_granted": None,
                "period_start": datetime.date(2026, 8, 1),
                "period_end": datetime.date(2027, 7, 31),
                "notes": "Zes praktijkleerplaatsen x EUR 2.700.",
            },
            [(25, "Aanvullende gegevens praktijkleerplaatsen aanleveren")],
        ),
        (
            {
                "scheme": "evc_subsidy",
                "reference": "",
                "status": SubsidyApplication.Status.PLANNED,
                "amount_requested": D("9000"),
                "amount_granted": None,
                "period_start": datetime.date(2027, 1, 1),
                "period_end": datetime.date(2027, 12, 31),
                "notes": "EVC-trajecten voor drie zij-instromers met een verwante opleiding.",
            },
            [(-4, "Kopie EVC-trajectovereenkomsten verzamelen"), (40, "Aanvraag indienen")],
        ),
    ]


def seed(ctx) -> None:
    organisation = ctx.organisations.get(ORGANISATION)
    if organisation is None:
        return
    programme = Programme.objects.filter(organisation=organisation, name=PROGRAMME).first()
    if programme is None:
        programme = programme_create(
            organisation=organisation,
            name=PROGRAMME,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            status=Programme.Status.RUNNING,
            description="Kleinschalige pilot: zes zij-instromers boven formatief, "
            "binnen een jaar in de formatie.",
        )
    if not FinancePlan.objects.filter(programme=programme).exists():
        services.finance_plan_update(programme=programme, **ASSUMPTIONS)
    for kind, description, amount, (year, month), months in LINES:
        if FinanceLine.objects.filter(programme=programme, description=description).exists():
            continue
        services.finance_line_create(
            programme=programme,
            kind=kind,
            description=description,
            amount=D(amount),
            starts_on=datetime.date(year, month, 1),
            months=months,
        )
    for fields, deadlines in _applications(ctx.today):
        application = SubsidyApplication.objects.filter(
            programme=programme, scheme=fields["scheme"]
        ).first()
        if application is None:
            application = services.subsidy_application_create(programme=programme, **fields)
        for days, description in deadlines:
            if SubsidyDeadline.objects.filter(
                application=application, description=description
            ).exists():
                continue
            services.subsidy_deadline_create(
                application=application,
                due_on=ctx.today + datetime.timedelta(days=days),
                description=description,
            )
