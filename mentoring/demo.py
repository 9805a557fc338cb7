"""Demo data: the Jeugdbescherming Noord mentor pool, check-ins, intervision and pulses.

Jeroen Visser (`mentor`) is the main mentor of Sanne Mulder (`sideentrant`); colleagues
mentor the other side-entrants; one side-entrant is left unmatched so the practice
supervisor (`supervisor`) can try the matching. Idempotent: nothing is created twice.
"""

import datetime
from decimal import Decimal

from organisations.models import Employee

from . import selectors, services
from .models import IntervisionMethod, MentorAssignment, MentorProfile, MentorPulse

ORG = "Jeugdbescherming Noord"

# role, main capacity, sub capacity, hours, expertise, older colleague
POOL = [
    ("main", 2, 1, "4.0", ["jeugdbescherming", "aggression"], False),
    ("main", 1, 2, "3.0", ["jeugdbescherming", "children"], True),
    ("sub", 0, 2, "2.0", ["jeugdreclassering", "jeugdbescherming"], False),
    ("main", 2, 2, "5.0", ["jeugdbescherming", "veilig_thuis"], False),
    ("main", 2, 1, "4.0", ["jeugdreclassering", "jeugdbescherming"], False),
]

CHECKIN_NOTES = [
    (4, 3, 50, "Meer meelopen bij huisbezoeken", "Volgende week samen naar een zitting"),
    (3, 4, 30, "Hulp bij rapportages schrijven", "Sjabloon raadsrapport samen doornemen"),
    (
        4,
        3,
        55,
        "Eigen casus onder begeleiding",
        "Eerste eigen casus in overleg met gedragswetenschapper",
    ),
    (5, 2, 60, "Feedback op gespreksvoering", "Opname gesprek bespreken in intervisie"),
]


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    organisation = ctx.organisations.get(ORG)
    jeroen = ctx.employees.get("mentor")
    sanne = ctx.employees.get("sideentrant")
    if organisation is None or jeroen is None or sanne is None:
        return
    if MentorProfile.objects.filter(employee=jeroen).exists():
        ctx.write("mentoring: demo data already present")
        return
    today = ctx.today
    services.settings_update(
        organisation=organisation, reminder_days_ahead=2, escalate_after_days=7
    )

    jeroen_profile = services.mentor_profile_create(
        employee=jeroen,
        role=MentorProfile.Role.MAIN,
        max_main_mentees=1,
        max_sub_mentees=1,
        hours_per_week=Decimal("3.0"),
        expertise=["jeugdbescherming", "children", "aggression"],
        briefing_date=today - datetime.timedelta(days=120),
        notes="Heeft zelf ooit als zij-instromer bij de kinderopvang gewerkt.",
    )
    colleagues = list(
        Employee.objects.filter(
            organisation=organisation,
            is_side_entrant=False,
            skj_registration_date__isnull=False,
            user__isnull=True,
            team__isnull=False,
        ).order_by("team__name", "last_name", "pk")[: len(POOL)]
    )
    profiles = [jeroen_profile]
    for employee, (role, main, sub, hours, expertise, older) in zip(colleagues, POOL, strict=False):
        profiles.append(
            services.mentor_profile_create(
                employee=employee,
                role=role,
                max_main_mentees=main,
                max_sub_mentees=sub,
                hours_per_week=Decimal(hours),
                expertise=expertise,
                briefing_date=today - datetime.timedelta(days=90) if not older else None,
                is_older_colleague=older,
            )
        )

    # Sanne: Jeroen as main mentor from her first day, a colleague as sub-mentor.
    start = max(sanne.employment_start, today - datetime.timedelta(days=300))
    sanne_main = services.mentor_assign(
        mentee=sanne,
        mentor=jeroen,
        kind=MentorAssignment.Kind.MAIN,
        start_date=start,
        by=ctx.users.get("supervisor"),
        notify_people=False,
    )
    sub_profile = next((p for p in profiles[1:] if p.max_sub_mentees), None)
    if sub_profile is not None:
        sanne_sub = services.mentor_assign(
            mentee=sanne,
            mentor=sub_profile.employee,
            kind=MentorAssignment.Kind.SUB,
            start_date=start + datetime.timedelta(days=14),
            by=ctx.users.get("supervisor"),
            notify_people=False,
        )
        _log_checkins(ctx, sanne_sub, leave_overdue=False)
    _log_checkins(ctx, sanne_main, leave_overdue=True)

    # The other side-entrants: all but one get a main mentor.
    others = list(
        Employee.objects.filter(organisation=organisation, is_side_entrant=True)
        .exclude(pk=sanne.pk)
        .order_by("employment_start", "pk")
    )
    for mentee in others[:-1]:
        suggestions = selectors.mentor_suggestions(mentee=mentee, kind="main")
        if not suggestions:
            continue
        assignment = services.mentor_assign(
            mentee=mentee,
            mentor=suggestions[0].profile.employee,
            kind=MentorAssignment.Kind.MAIN,
            start_date=max(mentee.employment_start, today - datetime.timedelta(days=200)),
            by=ctx.users.get("supervisor"),
            notify_people=False,
        )
        _log_checkins(ctx, assignment, leave_overdue=False)

    _seed_intervision(ctx, organisation, jeroen, sanne, profiles)
    _seed_pulses(ctx, profiles)
    ctx.write(
        f"mentoring: {len(profiles)} mentors, "
        f"{MentorAssignment.objects.filter(mentee__organisation=organisation).count()} assignments"
    )


def _log_checkins(ctx, assignment, *, leave_overdue: bool) -> None:
    past = list(assignment.checkins.filter(planned_date__lt=ctx.today).order_by("planned_date"))
    if leave_overdue and past:
        past = past[:-1]  # the latest one stays open: it shows as overdue
    mentor_user = assignment.mentor.user
    for index, checkin in enumerate(past):
        how, workload, casework, needs, agreements = CHECKIN_NOTES[index % len(CHECKIN_NOTES)]
        services.checkin_log(
            checkin=checkin,
            held_on=checkin.planned_date,
            how_it_goes=how,
            workload=workload,
            casework_percent=casework,
            needs=needs,
            agreements=agreements,
            by=mentor_user,
        )
    if leave_overdue and past:
        services.checkin_reflect(
            checkin=past[-1],
            reflection="Fijn dat ik mee mocht naar de zitting; rapportages vind ik nog lastig.",
            by=assignment.mentee.user,
        )


def _seed_intervision(ctx, organisation, jeroen, sanne, profiles) -> None:
    supervisor = ctx.employees.get("supervisor")
    mentors = [p.employee for p in profiles]
    today = ctx.today
    cases = [
        (
            IntervisionMethod.INCIDENT,
            "personal",
            "Hoe blijf ik rustig als een ouder dreigend wordt aan de telefoon?",
        ),
        (
            IntervisionMethod.BALINT,
            "normative",
            "Wanneer vraag ik een spoedmachtiging aan en wanneer niet?",
        ),
        (
            IntervisionMethod.GOSSIP,
            "technical",
            "Hoe schrijf ik een helder raadsrapport zonder jargon?",
        ),
    ]
    for weeks_ago, (method, dimension, question) in zip((10, 6, 2), cases, strict=True):
        participants = [*mentors[:4], sanne]
        session = services.intervision_session_create(
            organisation=organisation,
            date=today - datetime.timedelta(weeks=weeks_ago),
            start_time=datetime.time(14, 0),
            duration_minutes=90,
            facilitator=supervisor,
            method=method,
            participants=participants,
            case_owner=participants[weeks_ago % len(participants)],
            question=question,
            reflection_dimension=dimension,
            agreements="Casuseigenaar koppelt de volgende keer terug wat ze heeft gedaan.",
            by=ctx.users.get("supervisor"),
        )
        for participant in session.participants.all():
            services.participant_sign_off(participant=participant, by=ctx.users.get("supervisor"))
    services.intervision_series_create(
        organisation=organisation,
        title="Intervisie zij-instromers Stad",
        method=IntervisionMethod.INCIDENT,
        first_date=today + datetime.timedelta(days=7),
        interval_weeks=4,
        count=6,
        participants=[jeroen, sanne, *mentors[1:3]],
        duration_minutes=90,
        start_time=datetime.time(14, 0),
        facilitator=supervisor,
        by=ctx.users.get("supervisor"),
    )


def _seed_pulses(ctx, profiles) -> None:
    conf = services.settings_for(profiles[0].employee.organisation)
    interval = conf.pulse_interval_weeks
    current = services.pulse_round_start(ctx.today, interval)
    for index, profile in enumerate(profiles):
        for rounds_ago in (2, 1):
            period = current - datetime.timedelta(weeks=interval * rounds_ago)
            pulse, _ = MentorPulse.objects.get_or_create(profile=profile, period_start=period)
            # The second colleague is running on empty: low energy twice in a row.
            at_risk = index == 2
            services.pulse_answer(
                pulse=pulse,
                energy=2 if at_risk else 4 - rounds_ago % 2,
                time_pressure=4 if at_risk else 3,
                still_willing=True,
                comment="Zwaar met mijn eigen caseload erbij." if at_risk else "",
            )
        # This round is open for everyone; Jeroen has not answered yet.
        MentorPulse.objects.get_or_create(profile=profile, period_start=current)
