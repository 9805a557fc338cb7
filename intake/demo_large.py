"""The benchmark scale of intake (`seed_demo --scale large`): bulk inserts, deterministic.

Tops up to 40 campaigns, 20,000 candidates and 40,000 applications. One campaign of
Jeugdbescherming Noord gets 5,000 applications (the board and list budgets of issue 3
are for that size); the rest spread over the other new campaigns. Every new candidate
applies twice, to two different campaigns. Bulk inserts bypass the services (and their
history rows) for speed; the database constraints still apply.
"""

import datetime

from django.utils import timezone

from organisations.models import Organisation

from .models import (
    DEFAULT_STAGES,
    Application,
    Campaign,
    Candidate,
    RejectionReason,
    SelectionCriterion,
    Stage,
)

TARGET_CAMPAIGNS = 40
TARGET_CANDIDATES = 20_000
TARGET_APPLICATIONS = 40_000
BIG_CAMPAIGN_APPLICATIONS = 5_000
BIG_CAMPAIGN_SLUG = "bench-zij-instromers-groot"
BIG_CAMPAIGN_ORGANISATION = "Jeugdbescherming Noord"
BATCH = 2000
# stage, weight (per 100 applications)
STAGE_MIX = [
    (Stage.APPLIED, 40),
    (Stage.SCREENING, 20),
    (Stage.INTERVIEW, 10),
    (Stage.OFFER, 3),
    (Stage.REJECTED, 22),
    (Stage.WITHDRAWN, 5),
]
CRITERIA = [
    ("Aanverwant hbo-diploma", SelectionCriterion.Kind.HARD, 1),
    ("Motivatie en realistisch beeld van het werk", SelectionCriterion.Kind.SOFT, 3),
    ("Levenservaring", SelectionCriterion.Kind.SOFT, 2),
]
FIRST = ["Anouk", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Imane", "Joost"]
LAST = ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Jong", "Öztürk"]


def seed_large(ctx) -> None:
    if Campaign.objects.filter(slug=BIG_CAMPAIGN_SLUG).exists():
        return  # already at the large scale
    rng = ctx.rng
    today = ctx.today
    now = timezone.now()
    organisations = list(Organisation.objects.order_by("pk"))
    big_org = Organisation.objects.get(name=BIG_CAMPAIGN_ORGANISATION)
    missing = max(1, TARGET_CAMPAIGNS - Campaign.objects.count())
    campaigns = []
    for i in range(missing):
        organisation = big_org if i == 0 else organisations[i % len(organisations)]
        opens = today - datetime.timedelta(days=rng.randint(20, 300))
        campaigns.append(
            Campaign(
                organisation=organisation,
                title=(
                    "Zij-instromers jeugdbeschermer (groot)"
                    if i == 0
                    else f"Zij-instromers {organisation.city or 'regio'} {i:02d}"
                ),
                slug=BIG_CAMPAIGN_SLUG if i == 0 else f"bench-campagne-{i:02d}",
                role_profile=Campaign.RoleProfile.YOUTH_PROTECTOR,
                target_group=Campaign.TargetGroup.CAREER_SWITCHERS,
                description="Campagne voor de benchmark.",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=rng.randint(30, 120)),
                places=rng.randint(4, 12),
                is_published=True,
                stages=[str(stage) for stage in DEFAULT_STAGES],
            )
        )
    Campaign.objects.bulk_create(campaigns)
    campaigns = list(Campaign.objects.filter(slug__startswith="bench-").order_by("pk"))
    SelectionCriterion.objects.bulk_create(
        [
            SelectionCriterion(campaign=c, name=name, kind=kind, weight=weight, order=n)
            for c in campaigns
            for n, (name, kind, weight) in enumerate(CRITERIA)
        ],
        batch_size=BATCH,
    )
    reason = RejectionReason.objects.filter(organisation__isnull=True).order_by("pk").first()
    if reason is None:
        reason = RejectionReason.objects.create(label="Andere kandidaten passen beter")

    missing_candidates = max(0, TARGET_CANDIDATES - Candidate.objects.count())
    Candidate.objects.bulk_create(
        [
            Candidate(
                first_name=FIRST[i % len(FIRST)],
                last_name=f"{LAST[(i // len(FIRST)) % len(LAST)]} {i:05d}",
                email=f"kandidaat{i:05d}@bench.example",
                phone=f"06{10000000 + i}",
            )
            for i in range(missing_candidates)
        ],
        batch_size=BATCH,
    )
    candidate_ids = list(
        Candidate.objects.filter(email__endswith="@bench.example")
        .order_by("pk")
        .values_list("pk", flat=True)
    )

    # One slot per application: the big campaign first, the rest round robin.
    total = max(0, TARGET_APPLICATIONS - Application.objects.count())
    big = min(BIG_CAMPAIGN_APPLICATIONS, total)
    others = campaigns[1:] or campaigns
    slots = [campaigns[0]] * big + [others[k % len(others)] for k in range(total - big)]
    slots.sort(key=lambda c: c.pk)
    stages = [stage for stage, weight in STAGE_MIX for _ in range(weight)]
    batch = []
    for k, campaign in enumerate(slots):
        # Candidate k and k + n apply to two different campaigns (no campaign has n slots).
        candidate_id = candidate_ids[k % len(candidate_ids)]
        stage = stages[rng.randrange(len(stages))]
        submitted = now - datetime.timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 999))
        ended = stage in (Stage.REJECTED, Stage.WITHDRAWN)
        consent = rng.random() < 0.3
        batch.append(
            Application(
                campaign=campaign,
                candidate_id=candidate_id,
                stage=stage,
                source=rng.choice(["website", "job_board", "referral", "social_media", "uwv"]),
                submitted_at=submitted,
                stage_changed_at=submitted,
                consent_to_keep=consent,
                consent_at=submitted if consent else None,
                education_level="hbo",
                education_field=rng.choice(["sw_youth", "sw_other", "related", "psychology"]),
                diploma="Social Work",
                diploma_obtained=True,
                previous_sector=rng.choice(["Onderwijs", "Kinderopvang", "Politie", "Horeca"]),
                previous_role="Medewerker",
                years_experience=rng.randint(2, 25),
                years_relevant_hbo_work=rng.randint(0, 6),
                motivation="Ik wil bijdragen aan de veiligheid van kinderen.",
                rejection_reason=reason if stage == Stage.REJECTED else None,
                weighted_total=round(rng.uniform(1, 5), 2),
                # Ended recently: the daily retention run keeps nothing past its term.
                ended_at=(
                    max(submitted, now - datetime.timedelta(days=rng.randint(1, 27)))
                    if ended
                    else None
                ),
            )
        )
        if len(batch) >= BATCH:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    ctx.write(
        f"intake (large): {Campaign.objects.count()} campaigns, "
        f"{Candidate.objects.count()} candidates, {Application.objects.count()} applications"
    )
