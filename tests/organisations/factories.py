"""Factories for organisations data; creation goes through the services."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from faker import Faker

from organisations import services
from organisations.models import Employee, Organisation, Placement, Team
from organisations.roles import Role

User = get_user_model()
_fake = Faker("nl_NL")


def _plain(value: str) -> str:
    # Random Dutch names like "van 't Erve" come back HTML-escaped from a page, which
    # makes `name in html` assertions flaky; tests of apostrophes use fixed names.
    return value.replace("'", "")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyFunction(lambda: _plain(_fake.first_name()))
    last_name = factory.LazyFunction(lambda: _plain(_fake.last_name()))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-password-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Jeugdbescherming Regio {n}")
    kind = Organisation.Kind.YOUTH_PROTECTION
    city = "Groningen"
    cao_name = "cao Jeugdzorg"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organisation_create(**kwargs)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    formation_fte = Decimal("10.00")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.team_create(**kwargs)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.LazyAttribute(lambda e: TeamFactory(organisation=e.organisation))
    first_name = factory.LazyFunction(lambda: _plain(_fake.first_name()))
    last_name = factory.LazyFunction(lambda: _plain(_fake.last_name()))
    email = factory.Sequence(lambda n: f"employee{n}@example.org")
    job_function = "Jeugdbeschermer"
    fte = Decimal("1.00")
    employment_start = datetime.date(2025, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.employee_create(**kwargs)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    employee = factory.SubFactory(EmployeeFactory)
    team = factory.LazyAttribute(lambda p: p.employee.team)
    start_date = datetime.date(2025, 1, 1)
    end_date = None
    fte = Decimal("1.00")
    formation_kind = Placement.FormationKind.REGULAR

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.placement_create(**kwargs)


def user_with_role(role: Role | str, organisation: Organisation, **kwargs):
    """A user holding `role` in `organisation`."""
    user = UserFactory(**kwargs)
    services.membership_grant(user=user, organisation=organisation, role=role)
    return user
