"""Training test data, built through the services."""

import datetime
from decimal import Decimal

from organisations.models import Employee
from tests.organisations.factories import EmployeeFactory
from training import services
from training.models import Route, WeightingTable

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def route(code="45ec") -> Route:
    return Route.objects.get(code=code)


def track(employee, code="45ec", start=datetime.date(2026, 1, 5), **fields):
    return services.track_create(employee=employee, route=route(code), start_date=start, **fields)


def registered(organisation, team=None, **kwargs) -> Employee:
    """A registered professional (possible responsible professional or mentor)."""
    kwargs.setdefault("last_name", "Geregistreerd")
    kwargs.setdefault("skj_number", "120012345")
    kwargs.setdefault("skj_registration_date", datetime.date(2020, 3, 1))
    return EmployeeFactory(
        organisation=organisation, team=team or organisation.teams.first(), **kwargs
    )


def table(organisation, *, independent_max=6, registered_only_min=10, tasks=None) -> WeightingTable:
    t = services.weighting_table_for(organisation=organisation)
    services.weighting_table_update(
        table=t, independent_max=independent_max, registered_only_min=registered_only_min
    )
    for name, category, scores in tasks or DEFAULT_TASKS:
        services.weighted_task_create(
            table=t,
            name=name,
            category=category,
            unsafe=scores[0],
            responsibility=scores[1],
            complexity=scores[2],
            impact=scores[3],
        )
    return t


DEFAULT_TASKS = [
    ("Rapportage schrijven", "administrative", (1, 1, 2, 1)),  # 5 -> zelfstandig
    ("Huisbezoek", "casework", (2, 2, 2, 2)),  # 8 -> onder verantwoordelijkheid
    ("Veiligheidstaxatie", "casework", (3, 3, 2, 3)),  # 11 -> alleen geregistreerd
]


def ledger_hours(employee, kind="work", amount="10", date=datetime.date(2026, 1, 10), **kw):
    return services.ledger_entry_create(
        employee=employee,
        kind=kind,
        date=date,
        amount=Decimal(amount),
        description=kw.pop("description", "Uren"),
        **kw,
    )
