"""Login accounts for employees: give access, set the roles per organisation, invite.

HR and the functional admin give an employee a login from the employee page. The
account starts without a usable password; the invitation email carries a one-time link
(Django's password-reset token: it stops working once the password is set, and after
PASSWORD_RESET_TIMEOUT) to choose one. Roles are memberships per organisation, so a
person working for two organisations (a trainee) has one account with roles in both.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import access
from .models import Employee, Membership
from .roles import Role
from .services import membership_grant, membership_revoke

User = get_user_model()

# Roles that open special-category data or the whole configuration: only the functional
# admin hands them out; HR gives the everyday roles.
ADMIN_ONLY_ROLES = frozenset({Role.SUPPORT_COORDINATOR, Role.FUNCTIONAL_ADMIN})


def grantable_roles(user, organisation) -> list[Role]:
    """The roles `user` may give or take away in `organisation` (empty: none)."""
    if access.has_role(user, {Role.FUNCTIONAL_ADMIN}, organisation):
        return list(Role)
    if access.has_role(user, {Role.HR_ADVISOR}, organisation):
        return [role for role in Role if role not in ADMIN_ONLY_ROLES]
    return []


def roles_in(user, organisation) -> set[str]:
    if user is None:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def _check_roles(*, roles, by, organisation) -> set[str]:
    allowed = {str(role) for role in grantable_roles(by, organisation)}
    wanted = {str(role) for role in roles}
    refused = wanted - allowed
    if refused:
        labels = ", ".join(str(Role(role).label) for role in sorted(refused))
        raise ValidationError(
            {"roles": _("You cannot give these roles: %(roles)s.") % {"roles": labels}}
        )
    return wanted


@transaction.atomic
def employee_account_create(*, employee: Employee, username: str, roles, by) -> User:
    """Create the employee's login with `roles` in the employee's organisation and send
    the invitation. Nothing is saved when a rule fails."""
    employee = (
        Employee.objects.select_for_update().select_related("organisation").get(pk=employee.pk)
    )
    if employee.user_id is not None:
        raise ValidationError(_("This employee already has a login."))
    if not employee.email:
        raise ValidationError(
            _("Enter the employee's email address first: the invitation goes there.")
        )
    wanted = _check_roles(roles=roles, by=by, organisation=employee.organisation)
    if not wanted:
        raise ValidationError({"roles": _("Choose at least one role.")})
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already in use.")})
    user = User(
        username=username,
        email=employee.email,
        first_name=employee.first_name[:150],
        last_name=employee.last_name[:150],
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    employee.user = user
    employee.full_clean()
    employee.save(update_fields=["user"])
    for role in sorted(wanted):
        membership_grant(user=user, organisation=employee.organisation, role=role, granted_by=by)
    employee_account_invite(employee=employee)
    return user


@transaction.atomic
def employee_roles_set(*, employee: Employee, roles, by) -> set[str]:
    """Make the employee's roles in their organisation exactly `roles`, as far as `by` may
    change them (roles `by` cannot give stay as they are). Returns the roles now held."""
    if employee.user_id is None:
        raise ValidationError(_("This employee has no login yet."))
    organisation = employee.organisation
    allowed = {str(role) for role in grantable_roles(by, organisation)}
    wanted = _check_roles(roles=roles, by=by, organisation=organisation)
    held = roles_in(employee.user, organisation)
    if employee.user_id == by.pk and Role.FUNCTIONAL_ADMIN in held - wanted:
        raise ValidationError({"roles": _("You cannot take away your own functional admin role.")})
    for role in sorted(wanted - held):
        membership_grant(user=employee.user, organisation=organisation, role=role, granted_by=by)
    for role in sorted((held - wanted) & allowed):
        membership_revoke(user=employee.user, organisation=organisation, role=role)
    return roles_in(employee.user, organisation)


INVITATION_KIND = "account_invitation"


def employee_account_invite(*, employee: Employee):
    """(Re)send the invitation: a link to choose a password, valid until it is used.

    The link is a password-reset token, so it is not stored in the outbox: the worker
    makes it when it sends the mail (`invitation_secrets`).
    """
    from notifications.outbox import email_queue

    user = employee.user
    if user is None:
        raise ValidationError(_("This employee has no login yet."))
    if user.has_usable_password():
        raise ValidationError(
            _("This employee has already chosen a password; they can use 'Forgot password'.")
        )
    return email_queue(
        to=user,
        kind=INVITATION_KIND,
        template="organisations/email/account_invitation",
        context={"employee": employee, "username": user.username},
    )


def invitation_secrets(notification) -> dict | None:
    """The set-password link of a queued invitation, made from the user at send time.

    None (the mail is dropped) once the user has chosen a password or is gone.
    """
    from django.conf import settings

    user = notification.recipient
    if user is None or not user.is_active or user.has_usable_password():
        return None
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"link": settings.SITE_URL.rstrip("/") + path}
