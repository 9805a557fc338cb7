"""Access ends with employment, and secret links end with the credential they belong to.

The rule: someone whose employment has ended (`Employee.employment_end` on or before
today, Dutch local date) has no access, from the end date itself. It is enforced on
every request by the authentication backend (`config.auth.EmploymentBackend`), which
loads the employee with the user in the one query it already makes; the nightly job
(`services.users_deactivate_departed`) then switches the account off for good, ends its
stored sessions and rotates its calendar link.

The calendar link (notifications' `UserPreference.calendar_token`) is a second
credential: it opens the feed without a session. It is rotated whenever the password
changes or the account is switched off, by the receivers below.
"""

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

User = get_user_model()


def user_has_left(user, today: datetime.date | None = None) -> bool:
    """Whether `user`'s employment has ended; False for accounts without an employee record
    (superusers, a functional admin who is not on the payroll).

    Costs no query when the employee was loaded with the user (`select_related("employee")`).
    """
    employee = getattr(user, "employee", None)  # a missing reverse one-to-one raises
    return employee is not None and employee.has_left(today)


def user_sessions_end(*, user_ids) -> int:
    """Delete every stored session of these users; returns how many were ended.

    Works with the database session engines (the default, and cached_db); with sessions
    kept only in the cache or in cookies there is nothing to enumerate, and the check on
    every request (the backend refuses the user) still ends them.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    wanted = {str(pk) for pk in user_ids}
    if not wanted:
        return 0
    decoder = store_class()
    ended = 0
    live = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    # A session row does not say whose it is without decoding it; sessions idle out after
    # an hour, so the night run decodes only the few that are still alive.
    for key, data in live.values_list("session_key", "session_data").iterator():
        if decoder.decode(data).get(SESSION_KEY) in wanted:
            store_class(session_key=key).delete()
            ended += 1
    return ended


# --- the calendar link follows the credentials ----------------------------------------------
# The exception to "no side effects in signals": a password changes through Django's own
# views (password change, reset confirm), the admin's password form, management commands
# and `set_password()` + `save()` in our code, and an account is switched off in the admin
# or by the nightly job. None of those go through one service of ours, but all of them
# save the user, so the save is the one place that sees every path.


def _credentials_change(user, update_fields) -> bool:
    # `_password` is Django's own marker for "set_password() was called": AbstractBaseUser
    # .save() tells the password validators about the change when it is set. A hash
    # upgrade at login (check_password) clears it first, so it does not count.
    if user._password is not None:
        return True
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return False  # e.g. the login's update of last_login: no query
    stored = User._default_manager.filter(pk=user.pk).values_list("is_active", "password").first()
    if stored is None:
        return False
    was_active, old_hash = stored
    switched_off = was_active and not user.is_active
    # set_unusable_password() (the admin's "disable password login") also ends the password.
    password_removed = old_hash != user.password and not user.has_usable_password()
    return switched_off or password_removed


@receiver(pre_save, sender=User, dispatch_uid="instroom-calendar-link-credentials-check")
def _note_credentials_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        return  # a new account has no calendar link yet
    instance._instroom_rotate_calendar = _credentials_change(instance, update_fields)


@receiver(post_save, sender=User, dispatch_uid="instroom-calendar-link-credentials-rotate")
def _rotate_calendar_link(sender, instance, created=False, raw=False, **kwargs):
    if not getattr(instance, "_instroom_rotate_calendar", False):
        return
    instance._instroom_rotate_calendar = False
    from notifications.models import UserPreference
    from notifications.services import calendar_token_reset

    # Nobody has a link to revoke until the calendar page created the preference.
    if UserPreference.objects.filter(user_id=instance.pk).exists():
        calendar_token_reset(user=instance)
