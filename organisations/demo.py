"""Demo organisations from the seed stories, their teams, employees and demo users."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from . import services
from .models import Employee, Organisation, Placement, Team
from .roles import Role

User = get_user_model()

K = Organisation.Kind
ORGANISATIONS = [
    # name, kind, city, cao, mandated, [(team, formation FTE)]
    (
        "Jeugdbescherming Noord",
        K.YOUTH_PROTECTION,
        "Groningen",
        "cao Jeugdzorg",
        True,
        [
            ("Jeugdbescherming Stad", "14.00"),
            ("Jeugdbescherming Ommelanden", "11.50"),
            ("Jeugdreclassering", "8.00"),
        ],
    ),
    (
        "Veilig Thuis Groningen",
        K.VEILIG_THUIS,
        "Groningen",
        "cao Jeugdzorg",
        True,
        [("Onderzoek", "12.00"), ("Advies en Melding", "9.00")],
    ),
    (
        "Veilig Thuis IJsselland",
        K.VEILIG_THUIS,
        "Zwolle",
        "cao Jeugdzorg",
        True,
        [("Onderzoek en Voorwaarden", "10.00")],
    ),
    (
        "Jeugdbescherming Overijssel",
        K.YOUTH_PROTECTION,
        "Zwolle",
        "cao Jeugdzorg",
        True,
        [("Regio Zwolle", "13.00"), ("Regio Deventer", "9.50")],
    ),
    (
        "Raad voor de Kinderbescherming",
        K.CHILD_PROTECTION_BOARD,
        "Zwolle",
        "cao Rijk",
        True,
        [("Regio IJsselland Onderzoek", "15.00")],
    ),
    (
        "Jeugdbescherming west",
        K.YOUTH_PROTECTION,
        "Den Haag",
        "cao Jeugdzorg",
        True,
        [("Haaglanden", "16.00"), ("Zuid-Holland Noord", "12.00")],
    ),
    (
        "Patyna",
        K.CARE_AND_WELFARE,
        "Drachten",
        "cao Gehandicaptenzorg",
        False,
        [("Wonen Drachten", "18.00"), ("Op Stap leerteam", "6.00")],
    ),
    (
        "Sociaal Werk Wijkkracht",
        K.SOCIAL_WORK,
        "Arnhem",
        "cao Sociaal Werk",
        False,
        [("Opbouwwerk", "7.00"), ("Maatschappelijk werk", "10.00")],
    ),
]

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Esther",
    "Fleur",
    "Gijs",
    "Hanna",
    "Iris",
    "Jesse",
    "Karin",
    "Lars",
    "Maaike",
    "Nadia",
    "Olaf",
    "Petra",
    "Ruben",
    "Sara",
    "Tim",
    "Ilse",
    "Yasmina",
    "Mehmet",
    "Fatima",
    "Joost",
    "Lotte",
    "Wouter",
    "Noor",
    "Sem",
    "Emma",
    "Thijs",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Dekker",
    "Brouwer",
    "van 't Hek",
    "Özdemir",
    "El Amrani",
    "Postma",
    "Hoekstra",
    "Wiersma",
]
FUNCTIONS = {
    K.YOUTH_PROTECTION: "Jeugdbeschermer",
    K.VEILIG_THUIS: "Maatschappelijk werker Veilig Thuis",
    K.CHILD_PROTECTION_BOARD: "Raadsonderzoeker",
    K.CARE_AND_WELFARE: "Zorgondersteuner",
    K.SOCIAL_WORK: "Opbouwwerker",
}
PREVIOUS = [
    ("Kinderopvang", "Pedagogisch medewerker", "senior"),
    ("Onderwijs", "Leerkracht basisonderwijs", "senior"),
    ("Politie", "Wijkagent", "medior"),
    ("Gehandicaptenzorg", "Persoonlijk begeleider", "medior"),
    ("Defensie", "Officier", "management"),
    ("Schuldhulpverlening", "Consulent", "medior"),
]

# username -> (first, last, organisation, team or None, function, roles, extra orgs)
DEMO_USERS = {
    "hr": (
        "Marieke",
        "Bakker",
        "Jeugdbescherming Noord",
        None,
        "HR-adviseur",
        [Role.HR_ADVISOR],
        ["Veilig Thuis Groningen"],
    ),
    "supervisor": (
        "Evelien",
        "Smit",
        "Jeugdbescherming Noord",
        "Jeugdbescherming Stad",
        "Praktijkbegeleider",
        [Role.PRACTICE_SUPERVISOR],
        ["Veilig Thuis Groningen"],
    ),
    "mentor": (
        "Jeroen",
        "Visser",
        "Jeugdbescherming Noord",
        "Jeugdbescherming Stad",
        "Jeugdbeschermer (hoofdbegeleider)",
        [Role.MENTOR],
        [],
    ),
    "manager": (
        "Karin",
        "Hoekstra",
        "Jeugdbescherming Noord",
        None,
        "Teammanager",
        [Role.MANAGER],
        ["Veilig Thuis Groningen"],
    ),
    "support": (
        "Lieke",
        "Wiersma",
        "Jeugdbescherming Noord",
        None,
        "Vitaliteitsfunctionaris",
        [Role.SUPPORT_COORDINATOR],
        ["Jeugdbescherming west"],
    ),
    "sideentrant": (
        "Sanne",
        "Mulder",
        "Jeugdbescherming Noord",
        "Jeugdbescherming Stad",
        "Jeugdbeschermer in opleiding",
        [Role.SIDE_ENTRANT],
        [],
    ),
    "trainee": (
        "Daan",
        "Postma",
        "Jeugdbescherming Overijssel",
        "Regio Zwolle",
        "Trainee jeugdprofessional",
        [Role.SIDE_ENTRANT],
        [],
    ),
    "admin": (
        "Frank",
        "de Boer",
        "Jeugdbescherming Noord",
        None,
        "Functioneel beheerder",
        [Role.FUNCTIONAL_ADMIN],
        [o[0] for o in ORGANISATIONS[1:]],
    ),
}


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    for name, kind, city, cao, mandated, teams in ORGANISATIONS:
        organisation = Organisation.objects.filter(
            name=name
        ).first() or services.organisation_create(
            name=name, kind=kind, city=city, cao_name=cao, is_mandated_care=mandated
        )
        ctx.organisations[name] = organisation
        for team_name, formation in teams:
            team = Team.objects.filter(organisation=organisation, name=team_name).first()
            if team is None:
                team = services.team_create(
                    organisation=organisation, name=team_name, formation_fte=Decimal(formation)
                )
            ctx.teams[(name, team_name)] = team
            _seed_team_staff(ctx, organisation, team)
    _seed_demo_users(ctx)
    ctx.write(
        f"organisations: {len(ctx.organisations)} organisations, {len(ctx.teams)} teams, "
        f"{Employee.objects.count()} employees"
    )


def _email(first, last, organisation) -> str:
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "").replace("ö", "o")
    domain = organisation.name.lower().replace(" ", "")[:24]
    return f"{local}@{domain}.example"


def _seed_team_staff(ctx, organisation, team) -> None:
    """Regular staff filling most of formation, plus side-entrants on top of it."""
    if team.employees.exists():
        return
    rng = ctx.rng
    function = FUNCTIONS[organisation.kind]
    regular = int(team.formation_fte * Decimal("0.8"))
    side_entrants = rng.randint(1, 3)
    used = set(
        Employee.objects.filter(organisation=organisation).values_list("first_name", "last_name")
    )
    for index in range(regular + side_entrants):
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (first, last) not in used:
                used.add((first, last))
                break
        is_side = index >= regular
        start = ctx.today - datetime.timedelta(
            days=rng.randint(20, 300) if is_side else rng.randint(400, 5000)
        )
        prev = rng.choice(PREVIOUS) if is_side else ("", "", "")
        registered = not is_side and rng.random() < 0.9
        employee = services.employee_create(
            organisation=organisation,
            team=team,
            first_name=first,
            last_name=last,
            email=_email(first, last, organisation),
            job_function=f"{function} in opleiding" if is_side else function,
            fte=Decimal("1.00") if rng.random() < 0.6 else Decimal("0.89"),
            employment_start=start,
            is_side_entrant=is_side,
            previous_sector=prev[0],
            previous_role=prev[1],
            previous_seniority=prev[2],
            skj_number=f"{rng.randint(100000000, 999999999)}" if registered else "",
            skj_registration_date=start + datetime.timedelta(days=30) if registered else None,
            vog_date=start - datetime.timedelta(days=20),
        )
        ends_soon = not is_side and rng.random() < 0.08
        services.placement_create(
            employee=employee,
            team=team,
            start_date=start,
            end_date=ctx.today + datetime.timedelta(days=rng.randint(5, 55)) if ends_soon else None,
            fte=employee.fte,
            formation_kind=(
                Placement.FormationKind.SUPERNUMERARY
                if is_side
                else Placement.FormationKind.REGULAR
            ),
            funding_source=(
                rng.choice(
                    [
                        Placement.FundingSource.SECTORPLAN_PLUS,
                        Placement.FundingSource.PRAKTIJKLEREN,
                        Placement.FundingSource.OWN_BUDGET,
                    ]
                )
                if is_side
                else Placement.FundingSource.OWN_BUDGET
            ),
            contract_reference=f"C-{organisation.pk:02d}-{employee.pk:05d}",
        )


def _seed_demo_users(ctx) -> None:
    for username, (first, last, org_name, team_name, function, roles, extra) in DEMO_USERS.items():
        organisation = ctx.organisations[org_name]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                first_name=first,
                last_name=last,
                email=_email(first, last, organisation),
            )
        user.set_password(ctx.password)
        user.is_staff = Role.FUNCTIONAL_ADMIN in roles
        user.save()
        ctx.users[username] = user
        for org in [org_name, *extra]:
            for role in roles:
                services.membership_grant(user=user, organisation=ctx.organisations[org], role=role)
        employee = Employee.objects.filter(user=user).first()
        if employee is None:
            employee = _demo_employee(ctx, user, organisation, team_name, function, username)
        ctx.employees[username] = employee


def _demo_employee(ctx, user, organisation, team_name, function, username):
    team = ctx.teams[(organisation.name, team_name)] if team_name else None
    is_side = username in {"sideentrant", "trainee"}
    start = ctx.today - datetime.timedelta(
        days={"sideentrant": 75, "trainee": 60}.get(username, 2900)
    )
    registered = username not in {"sideentrant"}
    employee = services.employee_create(
        organisation=organisation,
        user=user,
        team=team,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        job_function=function,
        fte=Decimal("1.00") if username != "mentor" else Decimal("0.89"),
        employment_start=start,
        is_side_entrant=is_side,
        previous_sector="Kinderopvang" if username == "sideentrant" else "",
        previous_role="Pedagogisch medewerker" if username == "sideentrant" else "",
        previous_seniority=Employee.Seniority.SENIOR if username == "sideentrant" else "",
        skj_number="120045678" if registered else "",
        skj_registration_date=(start + datetime.timedelta(days=10)) if registered else None,
        vog_date=start - datetime.timedelta(days=14),
    )
    if team is not None:
        services.placement_create(
            employee=employee,
            team=team,
            start_date=start,
            fte=employee.fte,
            formation_kind=(
                Placement.FormationKind.SUPERNUMERARY
                if is_side
                else Placement.FormationKind.REGULAR
            ),
            funding_source=(
                Placement.FundingSource.SECTORPLAN_PLUS
                if username == "sideentrant"
                else Placement.FundingSource.MUNICIPAL
                if username == "trainee"
                else Placement.FundingSource.OWN_BUDGET
            ),
            contract_reference=f"DEMO-{username.upper()}",
        )
    return employee
