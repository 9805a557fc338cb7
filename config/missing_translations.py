"""Django strings that Django's own Dutch catalogue lacks; listed so makemessages keeps them.

Never imported: gettext finds the translations in locale/nl by msgid.
"""

from django.utils.translation import ngettext_lazy

ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
