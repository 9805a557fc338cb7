"""Capacity settings for the demo organisations: what each can pay on top of formation."""

from decimal import Decimal

from . import demo_finance, demo_programmes, services
from .models import CapacitySettings

BUDGETS = {
    "Jeugdbescherming Noord": "12.00",
    "Veilig Thuis Groningen": "6.00",
    "Veilig Thuis IJsselland": "2.00",
    "Jeugdbescherming Overijssel": "3.00",
    "Raad voor de Kinderbescherming": "2.00",
    "Jeugdbescherming west": "8.00",
    "Patyna": "4.00",
    "Sociaal Werk Wijkkracht": "3.00",
}


def seed(ctx) -> None:
    for name, budget in BUDGETS.items():
        organisation = ctx.organisations.get(name)
        if (
            organisation is None
            or CapacitySettings.objects.filter(organisation=organisation).exists()
        ):
            continue
        services.capacity_settings_update(
            organisation=organisation, supernumerary_budget_fte=Decimal(budget)
        )
    # Programmes first: the pilot's goals can only be set while it is a draft; the
    # finance demo then adds its money to the same pilot.
    demo_programmes.seed(ctx)
    demo_finance.seed(ctx)
