"""Demo campaigns from seeds 01, 03 and 04: criteria, ~45 applications, scores, one hire."""

import datetime
from decimal import Decimal

from django.utils import timezone

from organisations.demo import FIRST_NAMES, LAST_NAMES

from . import services
from .models import Application, Campaign, RejectionReason, Stage

REASONS = [
    "Geen aanverwant hbo-diploma",
    "SKJ-registratie niet binnen een jaar haalbaar",
    "Onvoldoende beeld van het werk",
    "Andere kandidaten passen beter",
    "Kandidaat trekt zich terug uit de procedure",
]

SECTORS = [
    ("Kinderopvang", "Pedagogisch medewerker", "senior"),
    ("Onderwijs", "Leerkracht basisonderwijs", "senior"),
    ("Politie", "Wijkagent", "medior"),
    ("Gehandicaptenzorg", "Persoonlijk begeleider", "medior"),
    ("Schuldhulpverlening", "Consulent", "medior"),
    ("Horeca", "Bedrijfsleider", "management"),
    ("Defensie", "Officier", "management"),
    ("Maatschappelijke opvang", "Ambulant begeleider", "medior"),
]
EDUCATION = [
    ("hbo", "sw_youth", "Social Work, profiel Jeugd"),
    ("hbo", "sw_other", "Social Work, profiel Welzijn & Samenleving"),
    ("hbo", "related", "Pedagogiek"),
    ("hbo", "related", "Toegepaste Psychologie"),
    ("wo_master", "psychology", "Master Orthopedagogiek"),
    ("hbo", "other", "Bedrijfskunde"),
    ("mbo", "other", "Pedagogisch werk niveau 4"),
]
MOTIVATIONS = [
    "Ik heb twaalf jaar in de kinderopvang gewerkt en zie hoe kwetsbaar sommige gezinnen zijn. "
    "Ik weet dat het werk zwaar is: gedwongen kader, weerstand van ouders, veel verslaglegging.",
    "Ik heb gesprekken gevoerd met twee jeugdbeschermers en een dag meegelopen. Ik wil bijdragen "
    "aan veiligheid van kinderen en ben me bewust van de emotionele belasting.",
    "Na jaren in het onderwijs wil ik dichter bij gezinnen werken. Ik kan goed met kinderen "
    "communiceren en heb een netwerk in de wijk.",
    "Als wijkagent werkte ik veel met Veilig Thuis samen; ik ken de ketenpartners en wil nu "
    "zelf onderzoek doen naar huiselijk geweld.",
]

CAMPAIGNS = [
    {
        "slug": "zij-instromers-jeugdbeschermer-2026",
        "organisation": "Jeugdbescherming Noord",
        "title": "Zij-instromers jeugdbeschermer 2026",
        "role_profile": Campaign.RoleProfile.YOUTH_PROTECTOR,
        "target_group": Campaign.TargetGroup.CAREER_SWITCHERS,
        "description": (
            "Heb je een aanverwant hbo-diploma en levenservaring, en wil je jeugdbeschermer "
            "worden? Je werkt boven formatief in een team, met een hoofd- en subbegeleider, en "
            "haalt binnen een jaar je SKJ-registratie (45 EC-traject of EVC). Wij betalen de "
            "opleiding."
        ),
        "opens": -30,
        "closes": 30,
        "places": 6,
        "cap": 100,
        "count": 26,
        "hard": [
            "Aanverwant hbo-diploma",
            "SKJ-registratie binnen een jaar haalbaar",
            "VOG kan worden aangevraagd",
        ],
        "soft": [
            ("Levenservaring", 2),
            ("Communicatie met kinderen", 2),
            ("Motivatie en realistisch beeld van het werk", 3),
            ("Netwerk en ervaring met ketenpartners", 1),
            ("Veerkracht", 2),
        ],
        "hire": ("Jeugdbescherming Stad",),
    },
    {
        "slug": "maatschappelijk-werker-veilig-thuis-2026",
        "organisation": "Veilig Thuis Groningen",
        "title": "Zij-instromers maatschappelijk werker Veilig Thuis 2026",
        "role_profile": Campaign.RoleProfile.VEILIG_THUIS_WORKER,
        "target_group": Campaign.TargetGroup.CAREER_SWITCHERS,
        "description": (
            "Veilig Thuis Groningen zoekt zij-instromers voor het team Onderzoek. Ervaring in "
            "het sociaal domein en een aanverwante hbo-opleiding zijn een pré."
        ),
        "opens": -20,
        "closes": 40,
        "places": 3,
        "cap": 12,
        "count": 14,
        "hard": ["Aanverwant hbo-diploma", "VOG kan worden aangevraagd"],
        "soft": [
            ("Levenservaring", 2),
            ("Motivatie en realistisch beeld van het werk", 3),
            ("Veerkracht", 2),
        ],
        "hire": None,
        "team": "Onderzoek",
    },
    {
        "slug": "opbouwwerkers-zij-instroom-wijkkracht",
        "organisation": "Sociaal Werk Wijkkracht",
        "title": "Pilot zij-instromers opbouwwerk",
        "role_profile": Campaign.RoleProfile.COMMUNITY_WORKER,
        "target_group": Campaign.TargetGroup.CAREER_SWITCHERS,
        "description": (
            "Word opbouwwerker in Arnhem: de oren en ogen van de wijk. Je werk- en "
            "levenservaring telt; een ervaren opbouwwerker coacht je."
        ),
        "opens": -10,
        "closes": 50,
        "places": 2,
        "cap": None,
        "count": 6,
        "hard": [],
        "soft": [
            ("Netwerk en ervaring met ketenpartners", 3),
            ("Softskills", 2),
            ("Levenservaring", 2),
        ],
        "hire": None,
    },
]

# stage of the n-th application (cycled); the first two of the main campaign get an offer
STAGE_PLAN = [
    Stage.OFFER,
    Stage.OFFER,
    Stage.INTERVIEW,
    Stage.INTERVIEW,
    Stage.SCREENING,
    Stage.SCREENING,
    Stage.SCREENING,
    Stage.APPLIED,
    Stage.APPLIED,
    Stage.APPLIED,
    Stage.REJECTED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
]
ORDER = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER]


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    reasons = []
    for index, label in enumerate(REASONS):
        reason = RejectionReason.objects.filter(organisation=None, label=label).first()
        reasons.append(
            reason or RejectionReason.objects.create(organisation=None, label=label, order=index)
        )
    created = 0
    for spec in CAMPAIGNS:
        if Campaign.objects.filter(slug=spec["slug"]).exists():
            continue
        _seed_campaign(ctx, spec, reasons)
        created += 1
    ctx.write(
        f"intake: {Campaign.objects.count()} campaigns ({created} new), "
        f"{Application.objects.count()} applications"
    )


def _seed_campaign(ctx, spec, reasons) -> None:
    rng = ctx.rng
    hr, supervisor = ctx.users["hr"], ctx.users["supervisor"]
    organisation = ctx.organisations[spec["organisation"]]
    team_name = spec.get("team") or (spec["hire"] or (None,))[0]
    campaign = services.campaign_create(
        organisation=organisation,
        team=ctx.teams.get((organisation.name, team_name)),
        created_by=hr,
        slug=spec["slug"],
        title=spec["title"],
        role_profile=spec["role_profile"],
        target_group=spec["target_group"],
        description=spec["description"],
        opens_on=ctx.today + datetime.timedelta(days=spec["opens"]),
        closes_on=ctx.today + datetime.timedelta(days=spec["closes"]),
        places=spec["places"],
        application_cap=spec["cap"],
        waiting_list=True,
        is_published=True,
    )
    criteria = []
    for order, name in enumerate(spec["hard"]):
        criteria.append(
            services.criterion_create(campaign=campaign, name=name, kind="hard", order=order)
        )
    for order, (name, weight) in enumerate(spec["soft"]):
        criteria.append(
            services.criterion_create(
                campaign=campaign, name=name, kind="soft", weight=weight, order=order
            )
        )
    assessors = [u for u in (hr, supervisor) if organisation.memberships.filter(user=u).exists()]
    now = timezone.now()
    hired_done = False
    for index in range(spec["count"]):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = (
            f"{first}.{last}".lower().replace(" ", "").replace("'", "").replace("ö", "o")
            + f".{campaign.pk}{index}@voorbeeld.nl"
        )
        if spec["slug"].startswith("maatschappelijk") and index == 0:
            # One person who also applied to the jeugdbescherming campaign: HR sees the link.
            other = Application.objects.filter(
                campaign__slug=CAMPAIGNS[0]["slug"], candidate__isnull=False
            ).first()
            if other is not None:
                first, last, email = (
                    other.candidate.first_name,
                    other.candidate.last_name,
                    other.candidate.email,
                )
        level, field, diploma = rng.choice(EDUCATION)
        sector, role, seniority = rng.choice(SECTORS)
        submitted = now - datetime.timedelta(
            days=rng.randint(1, max(1, -spec["opens"])), hours=rng.randint(0, 10)
        )
        application = services.application_submit(
            campaign=campaign,
            first_name=first,
            last_name=last,
            email=email,
            phone=f"06-{rng.randint(10000000, 99999999)}",
            consent_to_keep=rng.random() < 0.5,
            source=rng.choice(
                [
                    Application.Source.WEBSITE,
                    Application.Source.WEBSITE,
                    Application.Source.JOB_BOARD,
                    Application.Source.REFERRAL,
                    Application.Source.SOCIAL_MEDIA,
                    Application.Source.UWV_MUNICIPALITY,
                ]
            ),
            check_open=False,
            submitted_at=submitted,
            education_level=level,
            education_field=field,
            diploma=diploma,
            diploma_obtained=True,
            previous_sector=sector,
            previous_role=role,
            previous_seniority=seniority,
            years_experience=rng.randint(3, 25),
            years_relevant_hbo_work=rng.choice([0, 0, 1, 2, 4]),
            life_experience="Mantelzorger voor een familielid; vrijwilliger bij de voetbalclub.",
            motivation=rng.choice(MOTIVATIONS),
        )
        target = STAGE_PLAN[index % len(STAGE_PLAN)]
        if application.on_waiting_list:
            continue
        _score(
            application, criteria, assessors, rng, strong=target in {Stage.OFFER, Stage.INTERVIEW}
        )
        _walk(application, target, hr, reasons, rng)
        if spec["hire"] and target == Stage.OFFER and not hired_done:
            team = ctx.teams[(organisation.name, spec["hire"][0])]
            services.application_hire(
                application=application,
                team=team,
                start_date=ctx.today + datetime.timedelta(days=14),
                fte=Decimal("1.00"),
                job_function="Jeugdbeschermer in opleiding",
                by=hr,
            )
            hired_done = True
        if target == Stage.INTERVIEW and assessors and not application.interviews.exists():
            start = timezone.make_aware(
                datetime.datetime.combine(
                    ctx.today + datetime.timedelta(days=1 + index % 5),
                    datetime.time(10 + index % 5),
                )
            )
            services.interview_schedule(
                application=application,
                starts_at=start,
                duration_minutes=60,
                panel=assessors,
                location=f"{organisation.name}, {organisation.city}",
                created_by=hr,
                send_invitations=False,
            )


def _score(application, criteria, assessors, rng, *, strong: bool) -> None:
    for assessor in assessors:
        for criterion in criteria:
            if criterion.is_hard:
                passed = strong or rng.random() < 0.85
                services.score_set(
                    application=application, criterion=criterion, assessor=assessor, passed=passed
                )
            else:
                low = 3 if strong else 1
                services.score_set(
                    application=application,
                    criterion=criterion,
                    assessor=assessor,
                    value=rng.randint(low, 5),
                )


def _walk(application, target, hr, reasons, rng) -> None:
    if target in {Stage.REJECTED, Stage.WITHDRAWN}:
        path = [Stage.SCREENING, target]
    else:
        path = ORDER[1 : ORDER.index(target) + 1]
    for stage in path:
        reason = None
        why = ""
        if stage == Stage.REJECTED:
            reason = rng.choice(reasons[:4])
            why = "Besproken in het selectieoverleg."
        if stage == Stage.OFFER and services.fails_hard_criterion(application):
            services.application_override_hard(
                application=application,
                by=hr,
                reason="Ruime ervaring als pedagogisch medewerker compenseert; EVC-route haalbaar.",
            )
        services.application_move(
            application=application, to_stage=stage, by=hr, reason=why, rejection_reason=reason
        )
