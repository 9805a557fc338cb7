"""The benchmark scale of seed_demo (`--scale large`): bulk inserts, deterministic.

Adds organisations, teams and employees on top of the demo data until there are
20 organisations, 200 teams and 5,000 employees of whom 1,000 side-entrants, each
with one placement. The demo users who look across organisations (HR, supervisor,
manager, support coordinator, admin) get their role in every benchmark organisation,
so their pages show the large scale: the worst case. Bulk inserts bypass the services
(and their history rows) for speed; the database constraints still apply.
"""

import datetime
from decimal import Decimal

from .models import Employee, Membership, Organisation, Placement, Team
from .roles import Role

TARGET_ORGANISATIONS = 20
TARGET_TEAMS = 200
TARGET_EMPLOYEES = 5000
TARGET_SIDE_ENTRANTS = 1000
KINDS = [
    Organisation.Kind.YOUTH_PROTECTION,
    Organisation.Kind.VEILIG_THUIS,
    Organisation.Kind.SOCIAL_WORK,
    Organisation.Kind.CARE_AND_WELFARE,
]
CITIES = [
    "Assen",
    "Leeuwarden",
    "Zwolle",
    "Arnhem",
    "Utrecht",
    "Haarlem",
    "Breda",
    "Tilburg",
    "Maastricht",
    "Middelburg",
    "Lelystad",
    "Enschede",
]


def seed_large(ctx) -> None:
    rng = ctx.rng
    existing = Organisation.objects.count()
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Jeugdzorg Regio {CITIES[i % len(CITIES)]} {i + 1:02d}",
                kind=KINDS[i % len(KINDS)],
                city=CITIES[i % len(CITIES)],
                cao_name="cao Jeugdzorg",
                is_mandated_care=i % 2 == 0,
            )
            for i in range(existing, TARGET_ORGANISATIONS)
        ]
    )
    organisations = list(Organisation.objects.order_by("pk"))
    team_count = Team.objects.count()
    new_teams = []
    for i in range(team_count, TARGET_TEAMS):
        organisation = organisations[i % len(organisations)]
        new_teams.append(
            Team(
                organisation=organisation,
                name=f"Team {i + 1:03d}",
                formation_fte=Decimal(rng.randint(60, 240)) / 10,
            )
        )
    Team.objects.bulk_create(new_teams)
    teams = list(Team.objects.order_by("pk"))

    employee_count = Employee.objects.count()
    side_count = Employee.objects.filter(is_side_entrant=True).count()
    missing = TARGET_EMPLOYEES - employee_count
    missing_side = max(0, TARGET_SIDE_ENTRANTS - side_count)
    employees = []
    for i in range(missing):
        team = teams[i % len(teams)]
        is_side = i < missing_side
        start = ctx.today - datetime.timedelta(
            days=rng.randint(10, 700) if is_side else rng.randint(400, 7000)
        )
        employees.append(
            Employee(
                organisation_id=team.organisation_id,
                team=team,
                first_name=f"Bench{i:04d}",
                last_name=f"Medewerker {i:04d}",
                email=f"bench{i:05d}@bench.example",
                job_function="Jeugdbeschermer in opleiding" if is_side else "Jeugdbeschermer",
                fte=Decimal("0.89") if i % 3 else Decimal("1.00"),
                employment_start=start,
                is_side_entrant=is_side,
                previous_sector="Onderwijs" if is_side else "",
                skj_registration_date=None if is_side else start + datetime.timedelta(days=30),
                skj_number="" if is_side else f"{100000000 + i}",
            )
        )
    created = Employee.objects.bulk_create(employees, batch_size=1000)
    if created and created[0].pk is None:  # a backend that does not return ids
        created = list(
            Employee.objects.filter(email__endswith="@bench.example", placements__isnull=True)
        )
    Placement.objects.bulk_create(
        [
            Placement(
                employee_id=employee.pk,
                organisation_id=employee.organisation_id,
                team_id=employee.team_id,
                start_date=employee.employment_start,
                fte=employee.fte,
                formation_kind=(
                    Placement.FormationKind.SUPERNUMERARY
                    if employee.is_side_entrant
                    else Placement.FormationKind.REGULAR
                ),
                funding_source=(
                    Placement.FundingSource.SECTORPLAN_PLUS
                    if employee.is_side_entrant
                    else Placement.FundingSource.OWN_BUDGET
                ),
            )
            for employee in created
        ],
        batch_size=1000,
    )
    _memberships(organisations)
    ctx.write(
        f"organisations (large): {Organisation.objects.count()} organisations, "
        f"{Team.objects.count()} teams, {Employee.objects.count()} employees"
    )


# Demo users who get their role in every benchmark organisation.
CROSS_ORGANISATION_USERS = {
    "hr": Role.HR_ADVISOR,
    "supervisor": Role.PRACTICE_SUPERVISOR,
    "manager": Role.MANAGER,
    "support": Role.SUPPORT_COORDINATOR,
    "admin": Role.FUNCTIONAL_ADMIN,
}


def _memberships(organisations) -> None:
    from django.contrib.auth import get_user_model

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=CROSS_ORGANISATION_USERS)
    }
    Membership.objects.bulk_create(
        [
            Membership(user=users[username], organisation=organisation, role=role)
            for username, role in CROSS_ORGANISATION_USERS.items()
            if username in users
            for organisation in organisations
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
