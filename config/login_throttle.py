"""The username django-axes records for a login attempt."""

from axes.conf import settings

# axes.AccessAttempt.username is a varchar(255).
MAX_LENGTH = 255


def attempt_username(request, credentials=None) -> str | None:
    """The posted username, cut to what the attempts table holds.

    Django's login form does not enforce the username's max_length, so a very long
    username reached the attempts table and PostgreSQL refused it: a 500 instead of
    "wrong username or password" (found by tests/security/test_fuzz_forms.py).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:MAX_LENGTH]
