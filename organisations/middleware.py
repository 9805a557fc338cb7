"""End the session of someone whose access has ended, and tell them why."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _


class EndedAccessMiddleware:
    """A session that still names a user the backend no longer accepts (employment ended,
    account switched off or deleted) is ended here: flushed, with a message, and the
    request goes to the login page.

    Django alone would treat the request as anonymous but keep the session, which comes
    back to life if the account is opened again. Costs no query: the session and the
    user are loaded for every signed-in request anyway. Sits after MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session and self._access_ended(request):
            session.flush()
            messages.warning(
                request,
                _(
                    "Your access to Instroom has ended, so you have been logged out. "
                    "Contact your HR department if you think this is a mistake."
                ),
            )
            login_url = resolve_url(settings.LOGIN_URL)
            if request.headers.get("HX-Request") == "true":
                # htmx would swap the login page into a fragment: reload the whole page.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return redirect(login_url)
        return self.get_response(request)

    @staticmethod
    def _access_ended(request) -> bool:
        if request.user.is_authenticated:
            return False
        session = request.session
        # A changed password already flushed the session while loading the user (Django's
        # session hash check); a session from a backend no longer configured is simply
        # anonymous. Neither is an ended access.
        return (
            SESSION_KEY in session
            and session.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        )
