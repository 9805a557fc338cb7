import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations import services
from organisations.models import Employee, Membership, Organisation, Placement, Team
from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


class TestOrganisations:
    def test_duplicate_name_is_rejected_whatever_the_case(self):
        OrganisationFactory(name="Veilig Thuis Groningen")
        with pytest.raises(ValidationError) as exc:
            services.organisation_create(name="veilig thuis groningen", kind="veilig_thuis")
        assert "already exists" in str(exc.value) or "bestaat al" in str(exc.value)
        assert Organisation.objects.count() == 1

    def test_creator_becomes_functional_admin(self):
        user = UserFactory()
        organisation = services.organisation_create(
            name="Patyna", kind="zorg_welzijn", created_by=user
        )
        assert Membership.objects.filter(
            user=user, organisation=organisation, role=Role.FUNCTIONAL_ADMIN
        ).exists()

    def test_team_names_are_unique_per_organisation_only(self):
        a, b = OrganisationFactory(), OrganisationFactory()
        TeamFactory(organisation=a, name="Onderzoek")
        TeamFactory(organisation=b, name="Onderzoek")
        with pytest.raises(ValidationError):
            services.team_create(organisation=a, name="ONDERZOEK")
        assert Team.objects.filter(organisation=a).count() == 1

    def test_negative_formation_is_rejected(self):
        with pytest.raises(ValidationError):
            services.team_create(
                organisation=OrganisationFactory(), name="X", formation_fte=Decimal("-1")
            )
        assert not Team.objects.exists()


class TestEmployees:
    @pytest.mark.parametrize("fte", ["0", "-0.5", "1.21", "2"])
    def test_fte_outside_range_is_rejected(self, fte):
        organisation = OrganisationFactory()
        with pytest.raises(ValidationError):
            EmployeeFactory(organisation=organisation, fte=Decimal(fte))
        assert not Employee.objects.exists()

    @pytest.mark.parametrize("fte", ["0.01", "1.2"])
    def test_fte_bounds_are_allowed(self, fte):
        assert EmployeeFactory(fte=Decimal(fte)).fte == Decimal(fte)

    def test_team_of_another_organisation_is_rejected(self):
        other_team = TeamFactory()
        with pytest.raises(ValidationError) as exc:
            EmployeeFactory(organisation=OrganisationFactory(), team=other_team)
        assert "team" in exc.value.message_dict

    def test_same_email_twice_in_one_organisation_is_rejected(self):
        first = EmployeeFactory(email="s.mulder@example.org")
        with pytest.raises(ValidationError):
            EmployeeFactory(organisation=first.organisation, email="S.Mulder@example.org")

    def test_names_with_apostrophes_and_diacritics_are_kept(self):
        employee = EmployeeFactory(first_name="Ærø", last_name="van 't Hek-Özdemir")
        employee.refresh_from_db()
        assert employee.full_name == "Ærø van 't Hek-Özdemir"

    def test_end_before_start_is_rejected(self):
        with pytest.raises(ValidationError):
            EmployeeFactory(employment_start=D(2025, 5, 1), employment_end=D(2025, 4, 1))


class TestPlacements:
    def test_overlapping_placement_in_same_organisation_is_rejected(self):
        placement = PlacementFactory(start_date=D(2025, 1, 1), end_date=D(2025, 6, 30))
        with pytest.raises(ValidationError) as exc:
            services.placement_create(
                employee=placement.employee,
                team=placement.team,
                start_date=D(2025, 6, 30),
                fte=Decimal("0.5"),
            )
        assert placement.organisation.name in " ".join(exc.value.messages)
        assert Placement.objects.count() == 1

    def test_open_ended_placement_overlaps_everything_after_it(self):
        placement = PlacementFactory(start_date=D(2025, 1, 1), end_date=None)
        with pytest.raises(ValidationError):
            services.placement_create(
                employee=placement.employee,
                team=placement.team,
                start_date=D(2030, 1, 1),
                fte=Decimal("1"),
            )

    def test_consecutive_placements_are_fine(self):
        placement = PlacementFactory(start_date=D(2025, 1, 1), end_date=D(2025, 3, 31))
        services.placement_create(
            employee=placement.employee,
            team=placement.team,
            start_date=D(2025, 4, 1),
            fte=Decimal("1"),
            formation_kind=Placement.FormationKind.REGULAR,
        )
        assert placement.employee.placements.count() == 2

    def test_overlap_in_another_organisation_is_allowed(self):
        """A trainee can hold a contract with a host organisation during a rotation."""
        placement = PlacementFactory(start_date=D(2025, 1, 1))
        host_team = TeamFactory()
        services.placement_create(
            employee=placement.employee, team=host_team, start_date=D(2025, 2, 1), fte=Decimal("1")
        )
        assert placement.employee.placements.count() == 2

    def test_database_itself_rejects_overlap(self):
        """Even code that bypasses the service cannot store overlapping placements."""
        placement = PlacementFactory(start_date=D(2025, 1, 1), end_date=D(2025, 12, 31))
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.create(
                employee=placement.employee,
                organisation=placement.organisation,
                team=placement.team,
                start_date=D(2025, 12, 31),
                end_date=D(2026, 3, 1),
                fte=Decimal("1"),
            )

    def test_database_itself_rejects_overlap_on_update(self):
        first = PlacementFactory(start_date=D(2025, 1, 1), end_date=D(2025, 3, 31))
        second = services.placement_create(
            employee=first.employee, team=first.team, start_date=D(2025, 4, 1), fte=Decimal("1")
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.filter(pk=second.pk).update(start_date=D(2025, 3, 1))

    @pytest.mark.parametrize("fte", ["0", "1.25"])
    def test_database_itself_rejects_fte_out_of_range(self, fte):
        employee = EmployeeFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.create(
                employee=employee,
                organisation=employee.organisation,
                team=employee.team,
                start_date=D(2025, 1, 1),
                fte=Decimal(fte),
            )

    def test_end_before_start_is_rejected(self):
        placement = PlacementFactory(start_date=D(2025, 1, 1))
        with pytest.raises(ValidationError):
            services.placement_end(placement=placement, end_date=D(2024, 12, 31))
        placement.refresh_from_db()
        assert placement.end_date is None

    def test_history_keeps_every_change(self):
        placement = PlacementFactory(start_date=D(2025, 1, 1))
        services.placement_end(placement=placement, end_date=D(2025, 12, 31))
        kinds = list(
            placement.history.order_by("history_date").values_list("history_type", flat=True)
        )
        assert kinds == ["+", "~"]


class TestMemberships:
    def test_grant_is_idempotent_and_adds_the_group(self):
        user, organisation = UserFactory(), OrganisationFactory()
        services.membership_grant(user=user, organisation=organisation, role=Role.MENTOR)
        services.membership_grant(user=user, organisation=organisation, role=Role.MENTOR)
        assert Membership.objects.filter(user=user).count() == 1
        assert user.groups.filter(name="mentor").exists()

    def test_revoke_keeps_group_while_another_organisation_grants_the_role(self):
        user, a, b = UserFactory(), OrganisationFactory(), OrganisationFactory()
        services.membership_grant(user=user, organisation=a, role=Role.MENTOR)
        services.membership_grant(user=user, organisation=b, role=Role.MENTOR)
        services.membership_revoke(user=user, organisation=a, role=Role.MENTOR)
        assert user.groups.filter(name="mentor").exists()
        services.membership_revoke(user=user, organisation=b, role=Role.MENTOR)
        assert not user.groups.filter(name="mentor").exists()

    def test_groups_exist_for_every_role(self):
        assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


class TestDeactivateDeparted:
    def test_leavers_lose_access_once(self):
        leaver = EmployeeFactory(
            user=UserFactory(), employment_start=D(2020, 1, 1), employment_end=D(2025, 1, 31)
        )
        stayer = EmployeeFactory(user=UserFactory(), employment_start=D(2020, 1, 1))
        assert services.users_deactivate_departed(today=D(2025, 2, 1)) == 1
        assert services.users_deactivate_departed(today=D(2025, 2, 1)) == 0
        leaver.user.refresh_from_db()
        stayer.user.refresh_from_db()
        assert not leaver.user.is_active
        assert stayer.user.is_active


class TestRoleGrants:
    """Nobody gives themselves a role; support coordinator grants are audited and announced."""

    def test_nobody_grants_themselves_a_role(self, world):
        admin = world.a.user(Role.FUNCTIONAL_ADMIN)
        with pytest.raises(ValidationError):
            services.membership_grant(
                user=admin,
                organisation=world.a.organisation,
                role=Role.SUPPORT_COORDINATOR,
                granted_by=admin,
            )
        assert not Membership.objects.filter(user=admin, role=Role.SUPPORT_COORDINATOR).exists()

    def test_support_coordinator_grant_names_the_granter_and_tells_the_others(self, world):
        from notifications.models import Notification
        from organisations import audit

        admin = world.a.user(Role.FUNCTIONAL_ADMIN)
        grantee = world.a.user(Role.MENTOR)
        membership = services.membership_grant(
            user=grantee,
            organisation=world.a.organisation,
            role=Role.SUPPORT_COORDINATOR,
            granted_by=admin,
        )
        assert membership.history.get().history_user == admin
        told = set(
            Notification.objects.filter(kind="support_coordinator_granted").values_list(
                "recipient__username", flat=True
            )
        )
        # The organisation's other support coordinator is told; the granter, the grantee
        # and people of other organisations are not.
        assert told == {"support_coordinator-Alfa"}
        note = Notification.objects.get(kind="support_coordinator_granted")
        assert grantee.get_full_name() in note.body and "Alfa" in note.title
        rows = list(audit.audit_rows(org_ids={world.a.organisation.pk}, filters={}))
        entries = [e for e in audit.audit_entries(rows) if e.subject == grantee]
        assert [(e.user, e.subject, e.action) for e in entries] == [(admin, grantee, "aangemaakt")]
        other = audit.audit_entries(
            list(audit.audit_rows(org_ids={world.b.organisation.pk}, filters={}))
        )
        assert not [e for e in other if e.subject == grantee]

    def test_other_roles_are_not_announced(self, world):
        from notifications.models import Notification

        services.membership_grant(
            user=world.a.user(Role.MENTOR),
            organisation=world.a.organisation,
            role=Role.MANAGER,
            granted_by=world.a.user(Role.FUNCTIONAL_ADMIN),
        )
        assert not Notification.objects.filter(kind="support_coordinator_granted").exists()
