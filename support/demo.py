"""Demo data of the support pyramid (seed 05: Jeugdbescherming west), idempotent.

The `support` user coordinates Jeugdbescherming Noord and west and sees the requests,
trajectories (one escalated) and the supervisor roster; `sideentrant` has asked for
support; the `manager` sees only figures, with "<5" where groups are small.
"""

import datetime

from organisations.models import Employee

from . import services
from .models import (
    AbsenceRecord,
    DevelopmentSupervisor,
    Intervention,
    Level,
    OnboardingChoice,
    SupportRequest,
    TargetGroup,
    Trajectory,
)

ORGANISATIONS = ["Jeugdbescherming Noord", "Jeugdbescherming west"]

V, P, H = Level.VERSTERKEN, Level.VOORKOMEN, Level.HERSTEL
CATALOGUE = [
    # level, name, providers, themes, target group
    (
        V,
        "Begeleider persoonlijke ontwikkeling",
        "Begeleiders persoonlijke ontwikkeling",
        "Stimuleren van het reflectief leren\nVergroten van steun en herkenning\n"
        "Inzicht in eigen kwaliteiten en valkuilen, patronen, triggers en thema's\nLeefstijl",
        TargetGroup.NEW,
    ),
    (
        V,
        "Intervisie coaching",
        "Intervisiecoaches",
        "Reflectief leren in de groep\nSteun en herkenning bij collega's",
        TargetGroup.NEW,
    ),
    (
        V,
        "Vitaliteitsspreekuur",
        "Vitaliteitsfunctionarissen",
        "Versterken van lichamelijke en mentale fitheid\nLeefstijl",
        TargetGroup.BOTH,
    ),
    (
        V,
        "Interne coaching",
        "Interne coaches",
        "Reflectief leren\nInzicht in eigen kwaliteiten en valkuilen",
        TargetGroup.CURRENT,
    ),
    (
        P,
        "Traject arbeidspsycholoog of interne coaching",
        "Arbeidspsycholoog en/of interne coaching",
        "Vitaliteit (energiebalans, disbalans, omgaan met werkdruk)\n"
        "Persoonlijke effectiviteit (stagnatie in ontwikkeling of functioneren, "
        "verantwoordelijkheid, verwachtingen, positionering, herhaalde valkuilen)\n"
        "Talent en loopbaanontwikkeling\nDrijfveren en waarden",
        TargetGroup.BOTH,
    ),
    (
        H,
        "Traject arbeidspsycholoog",
        "Arbeidspsycholoog",
        "Herstel na een ingrijpende gebeurtenis in het werk",
        TargetGroup.BOTH,
    ),
    (
        H,
        "Begeleiding bedrijfsarts",
        "Bedrijfsarts",
        "Herstel en terugkeer naar werk",
        TargetGroup.BOTH,
    ),
    (
        H,
        "Bedrijfsopvangteam (BOT)",
        "Bedrijfsopvangteam",
        "Opvang na agressie of een incident",
        TargetGroup.BOTH,
    ),
]

NOTES = "Afspraken: wekelijks kort contact, evaluatie na zes weken."


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    organisations = [ctx.organisations[name] for name in ORGANISATIONS if name in ctx.organisations]
    for organisation in organisations:
        _seed_catalogue(organisation)
    coordinator = ctx.users.get("support")
    for organisation in organisations:
        if not Trajectory.objects.filter(organisation=organisation).exists():
            _seed_trajectories(ctx, organisation, coordinator)
        if not DevelopmentSupervisor.objects.filter(organisation=organisation).exists():
            _seed_roster(ctx, organisation)
        if not OnboardingChoice.objects.filter(employee__organisation=organisation).exists():
            _seed_onboarding(ctx, organisation, ctx.users.get("hr") or coordinator)
        if not AbsenceRecord.objects.filter(organisation=organisation).exists():
            _seed_absence(ctx, organisation)
    sideentrant = ctx.employees.get("sideentrant")
    if sideentrant is not None and not SupportRequest.objects.filter(employee=sideentrant).exists():
        services.support_request_create(
            employee=sideentrant,
            requested_by=ctx.users["sideentrant"],
            source=SupportRequest.Source.SELF,
            preferred_level=Level.VERSTERKEN,
        )
    ctx.write(
        f"support: {Intervention.objects.count()} interventions, "
        f"{Trajectory.objects.count()} trajectories, {SupportRequest.objects.count()} requests"
    )


def _seed_catalogue(organisation) -> None:
    existing = set(
        Intervention.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    for level, name, providers, themes, group in CATALOGUE:
        if name not in existing:
            services.intervention_create(
                organisation=organisation,
                level=level,
                name=name,
                providers=providers,
                themes=themes,
                target_group=group,
            )


def _staff(organisation, exclude_users=True):
    qs = Employee.objects.filter(organisation=organisation, employment_end__isnull=True)
    if exclude_users:
        qs = qs.filter(user__isnull=True)
    return list(qs.order_by("pk"))


def _catalogue(organisation) -> dict[str, Intervention]:
    return {i.name: i for i in Intervention.objects.filter(organisation=organisation)}


def _seed_trajectories(ctx, organisation, coordinator) -> None:
    """Noord: six 'versterken' trajectories this quarter (shown as a number to the manager),
    a few higher up (shown as "<5"), one escalated; west: a handful, one escalated."""
    today = ctx.today
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    items = _catalogue(organisation)
    staff = _staff(organisation)
    is_noord = organisation.name == "Jeugdbescherming Noord"
    # (level, intervention, days after quarter start, weeks, trigger, availability)
    plan = []
    if is_noord:
        plan += [(V, "Vitaliteitsspreekuur", 3 + 7 * i, 8, "", "full") for i in range(6)]
        plan += [
            (P, "Traject arbeidspsycholoog of interne coaching", 10, 12, "", "full"),
            (P, "Traject arbeidspsycholoog of interne coaching", 24, 10, "", "partial"),
            (H, "Bedrijfsopvangteam (BOT)", 30, 6, "aggression", "partial"),
        ]
    else:
        plan += [
            (V, "Interne coaching", 5, 10, "", "full"),
            (P, "Traject arbeidspsycholoog of interne coaching", 12, 12, "", "full"),
            (H, "Traject arbeidspsycholoog", 20, 16, "incident", "none"),
        ]
    created = []
    for (level, name, offset, weeks, trigger, availability), employee in zip(
        plan, staff, strict=False
    ):
        start = quarter_start + datetime.timedelta(days=offset)
        start = min(start, today)
        created.append(
            services.trajectory_create(
                employee=employee,
                created_by=coordinator,
                level=level,
                intervention=items.get(name),
                provider=items[name].providers if name in items else "Interne coaching",
                start_date=start,
                planned_end_date=start + datetime.timedelta(weeks=weeks),
                status=Trajectory.Status.ACTIVE,
                expected_duration_weeks=weeks,
                availability=availability,
                advised_adjustments="Tijdelijk minder zaken; geen nachtdiensten."
                if level == H
                else "",
                trigger_category=trigger,
                notes=NOTES if level != V else "",
            )
        )
    # One escalated trajectory per organisation: from 'voorkomen' up to 'herstel'.
    to_escalate = next((t for t in created if t.level == P), None)
    if to_escalate is not None:
        services.trajectory_escalate(
            trajectory=to_escalate,
            up=True,
            date=min(to_escalate.start_date + datetime.timedelta(days=14), today),
            reason="Werkdruk en een ingrijpende zitting; opschalen naar de arbeidspsycholoog.",
            decided_by=coordinator,
            intervention=items.get("Traject arbeidspsycholoog"),
            provider="Arbeidspsycholoog",
        )
    # A finished trajectory from last quarter, for the average duration.
    if len(staff) > len(plan):
        employee = staff[len(plan)]
        start = quarter_start - datetime.timedelta(days=80)
        services.trajectory_create(
            employee=employee,
            created_by=coordinator,
            level=V,
            intervention=items.get("Interne coaching"),
            provider="Interne coaches",
            start_date=start,
            planned_end_date=start + datetime.timedelta(weeks=8),
            ended_on=start + datetime.timedelta(weeks=7),
            status=Trajectory.Status.COMPLETED,
            expected_duration_weeks=8,
        )


def _seed_roster(ctx, organisation) -> None:
    """The first group ends its term soon; a new group is planned with a training date."""
    staff = _staff(organisation)[-6:]
    if len(staff) < 4:
        return
    today = ctx.today
    services.supervisor_group_plan(
        organisation=organisation,
        employees=staff[:3],
        term_start=today - datetime.timedelta(days=700),
        term_end=today + datetime.timedelta(days=45),
        training_date=today - datetime.timedelta(days=730),
    )
    services.supervisor_group_plan(
        organisation=organisation,
        employees=staff[3:],
        term_start=today + datetime.timedelta(days=46),
        term_end=today + datetime.timedelta(days=46 + 730),
        training_date=today + datetime.timedelta(days=20),
    )


def _seed_onboarding(ctx, organisation, recorded_by) -> None:
    since = ctx.today - datetime.timedelta(days=365)
    new = Employee.objects.filter(organisation=organisation, employment_start__gte=since).order_by(
        "pk"
    )
    for index, employee in enumerate(new):
        if index % 3 == 2:
            continue  # a few are still to be recorded, so the coordinator has work to do
        supporting = index % 2 == 1
        services.onboarding_record(
            employee=employee,
            start_mode=OnboardingChoice.StartMode.SUPPORTING
            if supporting
            else OnboardingChoice.StartMode.DIRECT,
            supporting_role_until=employee.employment_start + datetime.timedelta(days=180)
            if supporting
            else None,
            intake_date=employee.employment_start + datetime.timedelta(days=14),
            recorded_by=recorded_by,
        )


def _seed_absence(ctx, organisation) -> None:
    """Sick-leave periods (dates only) so the manager sees an absence rate."""
    staff = _staff(organisation, exclude_users=False)
    rng = ctx.rng
    for n, employee in enumerate(staff[: max(3, len(staff) // 4)]):
        start = ctx.today - datetime.timedelta(days=rng.randint(5, 80))
        length = rng.randint(1, 12)
        percentage = rng.choice([50, 100, 100])
        if n == 0:  # one colleague is still off sick: HR enters the recovery later
            start, length = ctx.today - datetime.timedelta(days=4), None
        services.absence_record_create(
            employee=employee,
            start_date=start,
            end_date=start + datetime.timedelta(days=length) if length else None,
            percentage=percentage,
        )
