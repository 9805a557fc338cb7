"""Authentication: django-axes lockout in front, then the model backend that ends access
with employment, and the login form that says so."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.leavers import user_has_left

UserModel = get_user_model()

# Set on the request by the backend when the password was right but the account may no
# longer log in; only then does the login form say so.
ACCESS_ENDED_FLAG = "instroom_access_ended"


class LoginProtectionBackend(AxesStandaloneBackend):
    """Refuse a locked-out username/address before the password is checked.

    Every login form (ours, the admin's) authenticates with the request, so it is
    protected. Code that authenticates without a request (a management command, the
    test client's `login()`) has no client address to lock, so it passes through to
    the model backend instead of failing, as `AxesStandaloneBackend` would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class EmploymentBackend(ModelBackend):
    """The model backend, except that access ends with employment (on the end date).

    `get_user` runs on every request with a session: it loads the employee in the same
    query as the user, so the check costs no query, and returns None for someone who
    has left, which logs them out (`organisations.middleware.EndedAccessMiddleware` then
    ends the session with a message). Accounts without an employee record (superusers,
    a functional admin who is not on the payroll) behave exactly as before.
    """

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user_has_left(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = UserModel._default_manager.select_related("employee").get(
                **{UserModel.USERNAME_FIELD: username}
            )
        except UserModel.DoesNotExist:
            # As ModelBackend: hash once so an unknown username takes as long (#20760).
            UserModel().set_password(password)
            return None
        if not user.check_password(password):
            return None
        if not self.user_can_authenticate(user):
            # Only someone who knows the password learns that the account is switched off.
            if request is not None:
                setattr(request, ACCESS_ENDED_FLAG, True)
            return None
        return user

    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("employee").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class LoginForm(AuthenticationForm):
    """Django's login form, with a clear message for a correct password of a closed account."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "access_ended": _(
            "This account is no longer active. Contact your HR department if you think "
            "this is a mistake."
        ),
    }

    def get_invalid_login_error(self):
        if getattr(self.request, ACCESS_ENDED_FLAG, False):
            return ValidationError(self.error_messages["access_ended"], code="access_ended")
        return super().get_invalid_login_error()
