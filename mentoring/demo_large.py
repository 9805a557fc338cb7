"""The benchmark scale of mentoring (`seed_demo --scale large`): bulk inserts, deterministic.

Tops up to 500 mentors (each with a login, so the reminder task has someone to mail),
2,000 assignments (a main and a sub-mentor from the same organisation for side-entrants
without one; at most one open assignment of each kind per side-entrant), 50,000
check-ins (25 per new assignment: 20 held, 5 still open of which most overdue, so the
reminder task has 10,000 due check-ins) and 5,000 intervision sessions with four
participants each. Bulk inserts bypass the services (and their history rows).
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from organisations.models import Employee, Membership, Organisation
from organisations.roles import Role

from .models import (
    CheckIn,
    Expertise,
    IntervisionMethod,
    IntervisionParticipant,
    IntervisionSession,
    MentorAssignment,
    MentorProfile,
    ReflectionDimension,
)

TARGET_MENTORS = 500
TARGET_ASSIGNMENTS = 2_000
TARGET_CHECKINS = 50_000
TARGET_SESSIONS = 5_000
CHECKINS_HELD = 20
# Open check-ins, days from today: overdue (some past the escalation term) and due soon.
CHECKINS_OPEN = [-35, -21, -10, -3, 2]
PARTICIPANTS = 4
BATCH = 2000
USER_PREFIX = "bench-mentor-"


def seed_large(ctx) -> None:
    User = get_user_model()
    if User.objects.filter(username__startswith=USER_PREFIX).exists():
        return  # already at the large scale
    rng = ctx.rng
    today = ctx.today
    now = timezone.now()
    organisations = list(Organisation.objects.order_by("pk"))

    # Mentors: registered colleagues without a profile, spread over the organisations.
    missing = max(0, TARGET_MENTORS - MentorProfile.objects.count())
    per_org = -(-missing // len(organisations))
    candidates = defaultdict(list)
    for employee in (
        Employee.objects.filter(
            is_side_entrant=False,
            user__isnull=True,
            mentor_profile__isnull=True,
            skj_registration_date__isnull=False,
        )
        .order_by("pk")
        .only("pk", "organisation_id", "email", "first_name", "last_name")
    ):
        if len(candidates[employee.organisation_id]) < per_org:
            candidates[employee.organisation_id].append(employee)
    chosen = [e for org in organisations for e in candidates[org.pk]][:missing]
    expertise = [str(choice) for choice in Expertise]
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                employee_id=e.pk,
                role=MentorProfile.Role.MAIN if n % 4 else MentorProfile.Role.SUB,
                max_main_mentees=4,
                max_sub_mentees=4,
                expertise=rng.sample(expertise, 2),
                briefing_date=today - datetime.timedelta(days=rng.randint(30, 700)),
                is_older_colleague=n % 5 == 0,
            )
            for n, e in enumerate(chosen)
        ],
        batch_size=BATCH,
    )
    password = make_password(ctx.password)  # hashed once, shared by every bench mentor
    User.objects.bulk_create(
        [
            User(
                username=f"{USER_PREFIX}{e.pk}",
                email=e.email,
                first_name=e.first_name,
                last_name=e.last_name,
                password=password,
            )
            for e in chosen
        ],
        batch_size=BATCH,
    )
    users = {u.username: u.pk for u in User.objects.filter(username__startswith=USER_PREFIX)}
    for e in chosen:
        e.user_id = users[f"{USER_PREFIX}{e.pk}"]
    Employee.objects.bulk_update(chosen, ["user"], batch_size=BATCH)
    Membership.objects.bulk_create(
        [
            Membership(user_id=e.user_id, organisation_id=e.organisation_id, role=Role.MENTOR)
            for e in chosen
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )

    # Assignments: a main, then a sub-mentor, for side-entrants without one.
    mentors = defaultdict(list)
    for pk, org_id in (
        MentorProfile.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("employee_id", "employee__organisation_id")
    ):
        mentors[org_id].append(pk)
    open_main = set(
        MentorAssignment.objects.filter(kind="main", end_date__isnull=True).values_list(
            "mentee_id", flat=True
        )
    )
    open_sub = set(
        MentorAssignment.objects.filter(kind="sub", end_date__isnull=True).values_list(
            "mentee_id", flat=True
        )
    )
    mentees = list(
        Employee.objects.filter(is_side_entrant=True, employment_end__isnull=True)
        .filter(organisation_id__in=list(mentors))
        .order_by("pk")
        .values_list("pk", "organisation_id", "employment_start")
    )
    missing = max(0, TARGET_ASSIGNMENTS - MentorAssignment.objects.count())
    assignments = []
    turn = defaultdict(int)
    for kind, taken in (("main", open_main), ("sub", open_sub)):
        for mentee_id, org_id, _start in mentees:
            if len(assignments) >= missing or mentee_id in taken:
                continue
            pool = mentors[org_id]
            mentor_id = pool[turn[org_id] % len(pool)]
            turn[org_id] += 1
            if mentor_id == mentee_id:
                continue
            assignments.append(
                MentorAssignment(
                    mentee_id=mentee_id,
                    mentor_id=mentor_id,
                    kind=kind,
                    start_date=today - datetime.timedelta(days=420),
                )
            )
    MentorAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    new = list(
        MentorAssignment.objects.filter(
            Q(mentee_id__in=[a.mentee_id for a in assignments]), end_date__isnull=True
        )
        .exclude(checkins__isnull=False)
        .order_by("pk")
        .values_list("pk", "start_date", "mentor__user_id")
    )

    # Check-ins: 20 held every two weeks up to six weeks ago, 5 open around today.
    missing = max(0, TARGET_CHECKINS - CheckIn.objects.count())
    checkins = []
    for assignment_id, _start, mentor_user in new:
        if len(checkins) >= missing:
            break
        for n in range(CHECKINS_HELD):
            day = today - datetime.timedelta(days=42 + 14 * (CHECKINS_HELD - n))
            checkins.append(
                CheckIn(
                    assignment_id=assignment_id,
                    planned_date=day,
                    held_on=day,
                    how_it_goes=rng.randint(2, 5),
                    workload=rng.randint(1, 5),
                    casework_percent=rng.choice([40, 50, 60, 70]),
                    needs="Meer tijd voor verslaglegging.",
                    agreements="Volgende keer casus bespreken.",
                    logged_by_id=mentor_user,
                    logged_at=now,
                )
            )
        for offset in CHECKINS_OPEN:
            checkins.append(
                CheckIn(
                    assignment_id=assignment_id,
                    planned_date=today + datetime.timedelta(days=offset),
                )
            )
    # Keep the open check-ins (the reminder input) when trimming to the target.
    CheckIn.objects.bulk_create(
        checkins[len(checkins) - missing :] if missing else [], batch_size=BATCH
    )

    # Intervision: sessions over the last two years, four side-entrants each.
    side = defaultdict(list)
    for pk, org_id, _start in mentees:
        side[org_id].append(pk)
    orgs = [org_id for org_id in mentors if side.get(org_id)]
    missing = max(0, TARGET_SESSIONS - IntervisionSession.objects.count())
    methods = [m for m in IntervisionMethod if m != IntervisionMethod.OTHER]
    sessions = []
    for n in range(missing):
        org_id = orgs[n % len(orgs)]
        sessions.append(
            IntervisionSession(
                organisation_id=org_id,
                date=today - datetime.timedelta(days=rng.randint(1, 730)),
                duration_minutes=90,
                facilitator_id=mentors[org_id][n % len(mentors[org_id])],
                method=methods[n % len(methods)],
                question="Hoe houd ik grip op een gezin dat contact afhoudt?",
                reflection_dimension=rng.choice(list(ReflectionDimension)),
            )
        )
    created = IntervisionSession.objects.bulk_create(sessions, batch_size=BATCH)
    participants = []
    for session in created:
        pool = side[session.organisation_id]
        for employee_id in rng.sample(pool, min(PARTICIPANTS, len(pool))):
            participants.append(
                IntervisionParticipant(
                    session_id=session.pk,
                    employee_id=employee_id,
                    signed_off_at=now if rng.random() < 0.8 else None,
                )
            )
    IntervisionParticipant.objects.bulk_create(participants, batch_size=BATCH)
    ctx.write(
        f"mentoring (large): {MentorProfile.objects.count()} mentors, "
        f"{MentorAssignment.objects.count()} assignments, {CheckIn.objects.count()} check-ins, "
        f"{IntervisionSession.objects.count()} intervision sessions"
    )
