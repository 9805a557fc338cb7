"""Demo data for seed 02: the IJsselland traineeship of three trainees, 3 x 8 months.

Creates the extra demo user `coordinator` (HR advisor in the three partner
organisations), the programme, one cohort (1 September 2026) with the `trainee`
demo user Daan Postma and two more trainees, the generated plan with contracts
and host mentors, funders (municipalities of IJsselland), shared guidelines,
absences and reviews. Idempotent: everything is looked up before it is created.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from organisations import services as org_services
from organisations.models import Employee
from organisations.roles import Role

from . import services
from .models import (
    Absence,
    Cohort,
    Funder,
    Guideline,
    Partner,
    Programme,
    Review,
    Rotation,
    Trainee,
)

User = get_user_model()

PROGRAMME = "Traineeship Jeugdzorg IJsselland"
PARTNERS = [
    "Veilig Thuis IJsselland",
    "Jeugdbescherming Overijssel",
    "Raad voor de Kinderbescherming",
]
HOURLY = {
    "Veilig Thuis IJsselland": Decimal("31.50"),
    "Jeugdbescherming Overijssel": Decimal("32.75"),
    "Raad voor de Kinderbescherming": Decimal("34.10"),
}
COORDINATOR = ("Ingrid", "Kamphuis", "Jeugdbescherming Overijssel")
HR_CONTACTS = {
    "Veilig Thuis IJsselland": ("Wendy", "Oosterhof"),
    "Raad voor de Kinderbescherming": ("Marco", "Scholten"),
}
NEW_TRAINEES = [
    ("Noor", "El Amrani", "Veilig Thuis IJsselland", "Onderzoek en Voorwaarden"),
    ("Sem", "Brinkman", "Raad voor de Kinderbescherming", "Regio IJsselland Onderzoek"),
]
FUNDERS = [
    # name, share % or None, amount or None, covers
    ("Gemeente Zwolle", Decimal("25"), None, Funder.Covers.WAGES_AND_CHARGES),
    ("Gemeente Deventer", Decimal("18"), None, Funder.Covers.WAGES_AND_CHARGES),
    ("Gemeente Kampen", Decimal("7"), None, Funder.Covers.WAGES_AND_CHARGES),
    ("Gemeente Hardenberg", Decimal("7"), None, Funder.Covers.WAGES_AND_CHARGES),
    ("Gemeente Raalte", None, Decimal("12500.00"), Funder.Covers.CHARGES),
    ("Gemeente Dalfsen", None, Decimal("8000.00"), Funder.Covers.CHARGES),
    ("Gemeente Olst-Wijhe", None, Decimal("6000.00"), Funder.Covers.WAGES),
]
GUIDELINES = [
    (
        Guideline.Topic.LEAVE,
        "Verlof tijdens het traineeship",
        "Verlof vraag je aan bij de organisatie waar je op dat moment werkt. Opgebouwd verlof "
        "gaat mee naar de volgende rotatie; de coördinatoren stemmen het saldo af bij de "
        "overgang.",
        datetime.date(2026, 6, 15),
    ),
    (
        Guideline.Topic.SICK_LEAVE,
        "Ziekmelding en verzuim",
        "Meld je ziek bij je mentor en de hr-contactpersoon van de organisatie waar je werkt. "
        "We leggen alleen de datum en de verwachte duur vast, nooit de oorzaak.",
        datetime.date(2026, 6, 15),
    ),
    (
        Guideline.Topic.SICK_LEAVE,
        "Ziekmelding en verzuim",
        "Meld je vóór 9.00 uur ziek bij je mentor en de hr-contactpersoon van de organisatie "
        "waar je werkt. Verzuim loopt door bij een wissel van rotatie; de bedrijfsarts van de "
        "organisatie van je eerste ziektedag blijft betrokken. We leggen alleen de datum en de "
        "verwachte duur vast, nooit de oorzaak.",
        datetime.date(2026, 10, 1),
    ),
    (
        Guideline.Topic.REVIEWS,
        "Voortgangsgesprekken",
        "Halverwege en aan het eind van elke rotatie voeren mentor en coördinator een "
        "voortgangsgesprek over enthousiasme, energie, leergierigheid, een realistisch beeld "
        "van het gedwongen kader en zelfvertrouwen (schaal 1-5). De trainee beoordeelt de "
        "organisatie.",
        datetime.date(2026, 7, 1),
    ),
]


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    if not all(name in ctx.organisations for name in PARTNERS):
        return
    coordinator = _coordinator(ctx)
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        programme = services.programme_create(
            organisations=[ctx.organisations[name] for name in PARTNERS],
            name=PROGRAMME,
            region="IJsselland",
            total_months=24,
            rotation_months=8,
            entry_requirements="Jonge jeugdprofessionals met een SKJ-registratie (hbo).",
            requires_skj=True,
            onboarding="Het inwerkprogramma voor alle nieuwe medewerkers van elke organisatie.",
            regular_training="De reguliere scholingen van de organisatie waar je werkt.",
            activities=(
                "Meelopen met onderzoeken, mediatraining, bijeenkomsten en conferenties, "
                "afstemming met de toegangsteams van de gemeenten."
            ),
        )
        for partner in programme.partners.select_related("organisation"):
            name = partner.organisation.name
            contact = coordinator if name == COORDINATOR[2] else _hr_contact(ctx, name)
            services.partner_update(partner=partner, coordinator=contact, hourly_cost=HOURLY[name])
    cohort = Cohort.objects.filter(programme=programme, name="Cohort 2026").first()
    if cohort is None:
        cohort = services.cohort_create(
            programme=programme, name="Cohort 2026", start_date=datetime.date(2026, 9, 1)
        )
    trainees = [ctx.employees["trainee"], *[_new_trainee(ctx, *row) for row in NEW_TRAINEES]]
    for employee in trainees:
        if not Trainee.objects.filter(cohort=cohort, employee=employee).exists():
            services.trainee_add(cohort=cohort, employee=employee)
    if not Rotation.objects.filter(trainee__cohort=cohort).exists():
        services.schedule_generate(cohort=cohort)
        _assign_mentors(cohort)
    _funders(programme)
    _guidelines(programme)
    _absences(cohort)
    _reviews(cohort, ctx.users["coordinator"])
    ctx.write(
        f"traineeship: {PROGRAMME}, {cohort.trainees.count()} trainees, "
        f"{Rotation.objects.filter(trainee__cohort=cohort).count()} rotations"
    )


def _coordinator(ctx) -> Employee:
    first, last, org_name = COORDINATOR
    organisation = ctx.organisations[org_name]
    user = User.objects.filter(username="coordinator").first()
    if user is None:
        user = User.objects.create_user(
            username="coordinator",
            first_name=first,
            last_name=last,
            email="ingrid.kamphuis@jeugdbeschermingoverijssel.example",
        )
    user.set_password(ctx.password)
    user.save()
    ctx.users["coordinator"] = user
    for name in PARTNERS:
        org_services.membership_grant(
            user=user, organisation=ctx.organisations[name], role=Role.HR_ADVISOR
        )
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        employee = org_services.employee_create(
            organisation=organisation,
            user=user,
            first_name=first,
            last_name=last,
            email=user.email,
            job_function="HR-adviseur, coördinator traineeship",
            employment_start=datetime.date(2019, 3, 1),
        )
    ctx.employees["coordinator"] = employee
    return employee


def _hr_contact(ctx, org_name) -> Employee:
    first, last = HR_CONTACTS[org_name]
    organisation = ctx.organisations[org_name]
    employee = Employee.objects.filter(
        organisation=organisation, first_name=first, last_name=last
    ).first()
    return employee or org_services.employee_create(
        organisation=organisation,
        first_name=first,
        last_name=last,
        email=f"{first}.{last}@{org_name.lower().replace(' ', '')[:24]}.example".lower(),
        job_function="HR-adviseur",
        employment_start=datetime.date(2017, 1, 9),
    )


def _new_trainee(ctx, first, last, org_name, team_name) -> Employee:
    organisation = ctx.organisations[org_name]
    employee = Employee.objects.filter(
        organisation=organisation, first_name=first, last_name=last
    ).first()
    if employee is not None:
        return employee
    local = f"{first}.{last}".lower().replace(" ", "")
    return org_services.employee_create(
        organisation=organisation,
        team=ctx.teams[(org_name, team_name)],
        first_name=first,
        last_name=last,
        email=f"{local}@{org_name.lower().replace(' ', '')[:24]}.example",
        job_function="Trainee jeugdprofessional",
        employment_start=datetime.date(2026, 9, 1),
        skj_number=f"12{len(last):02d}56789",
        skj_registration_date=datetime.date(2026, 7, 1),
        vog_date=datetime.date(2026, 8, 10),
    )


def _assign_mentors(cohort) -> None:
    """Give every rotation a registered, experienced host mentor (different per trainee)."""
    used: dict[int, int] = {}
    for trainee in cohort.trainees.order_by("pk"):
        rotations = list(
            trainee.rotations.select_related("partner__organisation", "team", "mentor")
        )
        changes = []
        for rotation in rotations:
            org = rotation.partner.organisation
            candidates, _from_pool = services.mentor_candidates(organisation=org)
            candidates = list(
                candidates.filter(skj_registration_date__isnull=False, is_side_entrant=False)
                .exclude(pk__in=Trainee.objects.values("employee_id"))
                .exclude(user__isnull=False)
                .order_by("last_name", "first_name")[:6]
            )
            if not candidates:
                continue
            index = used.get(org.pk, 0)
            used[org.pk] = index + 1
            changes.append(
                services.RotationChange(
                    rotation=rotation,
                    partner=rotation.partner,
                    team=rotation.team,
                    mentor=candidates[index % len(candidates)],
                    start_date=rotation.start_date,
                    end_date=rotation.end_date,
                )
            )
        if changes:
            services.schedule_update(trainee=trainee, changes=changes)


def _funders(programme) -> None:
    start, end = datetime.date(2026, 9, 1), datetime.date(2028, 8, 31)
    for name, share, amount, covers in FUNDERS:
        if Funder.objects.filter(programme=programme, name=name).exists():
            continue
        funder = services.funder_create(
            programme=programme,
            name=name,
            is_municipality=True,
            share_pct=share,
            amount=amount,
            covers=covers,
            start_date=start,
            end_date=end,
        )
        if name in {"Gemeente Zwolle", "Gemeente Raalte"}:
            services.payment_record(
                funder=funder,
                received_on=datetime.date(2026, 10, 15),
                amount=Decimal("9500.00") if name == "Gemeente Zwolle" else Decimal("6250.00"),
                reference=f"FAC-2026-{funder.pk:03d}",
            )


def _guidelines(programme) -> None:
    if Guideline.objects.filter(programme=programme).exists():
        return
    partners = list(Partner.objects.filter(programme=programme))
    for topic, title, text, agreed_on in GUIDELINES:
        services.guideline_publish(
            programme=programme,
            topic=topic,
            title=title,
            text=text,
            agreed_on=agreed_on,
            agreed_by=partners,
        )


def _absences(cohort) -> None:
    trainees = {t.employee.last_name: t for t in cohort.trainees.select_related("employee")}
    if Absence.objects.filter(trainee__cohort=cohort).exists():
        return
    if "El Amrani" in trainees:
        services.absence_record(
            trainee=trainees["El Amrani"],
            kind=Absence.Kind.SICK,
            start_date=datetime.date(2026, 10, 12),
            end_date=datetime.date(2026, 10, 14),
            expected_days=3,
        )
    if "Postma" in trainees:
        services.absence_record(
            trainee=trainees["Postma"],
            kind=Absence.Kind.LEAVE,
            start_date=datetime.date(2026, 12, 24),
            end_date=datetime.date(2027, 1, 1),
            expected_days=6,
        )


SCORES = {
    "mentor": {"enthusiasm": 5, "energy": 4, "eagerness": 5, "realism": 3, "confidence": 3},
    "coordinator": {"enthusiasm": 4, "energy": 4, "eagerness": 4, "realism": 3, "confidence": 3},
}


def _reviews(cohort, coordinator_user) -> None:
    """An early check-in-style mid-point review of the first rotation of every trainee."""
    if Review.objects.filter(rotation__trainee__cohort=cohort).exists():
        return
    for offset, trainee in enumerate(cohort.trainees.order_by("pk")):
        first = trainee.rotations.order_by("start_date").first()
        if first is None:
            continue
        for by, day, author in (
            (Review.By.MENTOR, datetime.date(2026, 11, 16), None),
            (Review.By.COORDINATOR, datetime.date(2026, 11, 18), coordinator_user),
        ):
            scores = {
                k: max(1, min(5, v - (offset == 2 and k == "confidence")))
                for k, v in SCORES[by].items()
            }
            services.review_record(
                rotation=first,
                moment=Review.Moment.MID,
                by=by,
                author=author,
                held_on=day,
                notes="Goede start; leert snel de werkwijze van het gedwongen kader kennen.",
                **scores,
            )
