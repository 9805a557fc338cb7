"""Factories for the dashboards' own data, built through the services."""

import datetime

from dashboards.programmes.services import programme_create


def make_programme(organisation, *, name="Pilot zij-instroom 2026", **fields):
    fields.setdefault("starts_on", datetime.date(2026, 1, 1))
    return programme_create(organisation=organisation, name=name, **fields)
