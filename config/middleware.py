"""Dutch first: the interface is Dutch unless the user chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would
show English to every Dutch social worker with an English-language browser. Here the
choice made with the language switcher (the language cookie) wins, and otherwise
LANGUAGE_CODE (Dutch) applies.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language from the switcher's cookie, or LANGUAGE_CODE; also for the pages that
    answer before this middleware runs (config/request_limits.py)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
