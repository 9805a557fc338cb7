"""Dutch first: the interface is Dutch unless the user chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would
show English to every Dutch social worker with an English-language browser. Here the
choice made with the language switcher (the language cookie) wins, and otherwise
LANGUAGE_CODE (Dutch) applies.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
