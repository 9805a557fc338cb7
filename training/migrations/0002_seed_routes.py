"""Routes to SKJ registration and internal programmes, with their milestone templates.

The functional admin adapts them in the admin; this only creates what is missing.
"""

from decimal import Decimal

from django.db import migrations

ROUTES = [
    # code, name, institution, months, cost, study time, credits, areas, deadline months,
    # [(milestone, offset days)]
    (
        "45ec",
        "45 EC-traject (aanvullende opleiding)",
        "Hanzehogeschool Groningen",
        12,
        "4950.00",
        "own_time",
        45,
        0,
        12,
        [
            ("Intake en advies", 0),
            ("Route gekozen", 14),
            ("Start opleiding", 30),
            ("15 EC behaald", 150),
            ("30 EC behaald", 240),
            ("45 EC behaald, diploma", 330),
            ("SKJ-aanvraag ingediend", 345),
            ("SKJ-registratie", 365),
        ],
    ),
    (
        "evc",
        "EVC-procedure",
        "EVC-centrum Jeugdzorg",
        12,
        "2400.00",
        "partly_paid",
        0,
        6,
        12,
        [
            ("Intake", 0),
            ("Portfolio", 90),
            ("Assessment (6 deskundigheidsgebieden)", 180),
            ("Ervaringscertificaat", 240),
            ("Bekwaamheidsbewijs", 300),
            ("SKJ-aanvraag ingediend", 330),
            ("SKJ-registratie", 365),
        ],
    ),
    (
        "practice_programme",
        "Geaccrediteerd praktijkprogramma (wo-master)",
        "Rijksuniversiteit Groningen",
        24,
        "3500.00",
        "partly_paid",
        0,
        0,
        24,
        [
            ("Intake en advies", 0),
            ("Start praktijkprogramma", 30),
            ("Tussenevaluatie", 365),
            ("Eindbeoordeling", 690),
            ("SKJ-aanvraag ingediend", 710),
            ("SKJ-registratie", 730),
        ],
    ),
    (
        "hbo_parttime",
        "Deeltijd hbo Social Work",
        "Hanzehogeschool Groningen",
        48,
        "9000.00",
        "own_time",
        0,
        0,
        48,
        [
            ("Intake en advies", 0),
            ("Start opleiding", 30),
            ("Propedeuse", 365),
            ("Afstudeerrichting Jeugd gekozen", 730),
            ("Diploma", 1430),
            ("SKJ-aanvraag ingediend", 1445),
            ("SKJ-registratie", 1460),
        ],
    ),
    (
        "internal",
        "Interne opleiding (Op Stap)",
        "Eigen organisatie",
        6,
        "750.00",
        "paid",
        0,
        0,
        None,
        [
            ("Kennismaking afdelingen", 0),
            ("Meeloopdagen", 30),
            ("Eindgesprek", 180),
        ],
    ),
    (
        "onboarding",
        "Inwerkprogramma",
        "Eigen organisatie",
        3,
        "0.00",
        "paid",
        0,
        0,
        None,
        [
            ("Welkomstdag", 0),
            ("Meelopen met hoofdbegeleider", 14),
            ("Evaluatie na drie maanden", 90),
        ],
    ),
]


def seed_routes(apps, schema_editor):
    Route = apps.get_model("training", "Route")
    RouteMilestone = apps.get_model("training", "RouteMilestone")
    RegistrationRule = apps.get_model("training", "RegistrationRule")
    for code, name, institution, months, cost, study, credits, areas, deadline, steps in ROUTES:
        route, created = Route.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "institution": institution,
                "expected_duration_months": months,
                "typical_cost": Decimal(cost),
                "study_time": study,
                "credits_required": credits,
                "assessment_areas": areas,
                "registration_deadline_months": deadline,
            },
        )
        if created:
            RouteMilestone.objects.bulk_create(
                RouteMilestone(route=route, order=i, name=step, offset_days=days)
                for i, (step, days) in enumerate(steps, start=1)
            )
    if not RegistrationRule.objects.exists():
        RegistrationRule.objects.create()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed_routes, migrations.RunPython.noop)]
