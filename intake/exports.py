"""The columns of the candidate list export (written by organisations.spreadsheets)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.spreadsheets import Column

from . import route_advice


def _candidate(attribute):
    return lambda a: getattr(a.candidate, attribute) if a.candidate else ""


# Labels, not codes: a stage, source and route read as on the page.
APPLICATION_COLUMNS = [
    Column(_("Submitted"), lambda a: timezone.localdate(a.submitted_at)),
    Column(_("First name"), _candidate("first_name")),
    Column(_("Last name"), _candidate("last_name")),
    Column(_("Email"), _candidate("email")),
    Column(_("Stage"), lambda a: a.get_stage_display()),
    Column(_("Source"), lambda a: a.get_source_display()),
    Column(_("Weighted total"), lambda a: a.weighted_total, decimals=2),
    Column(_("Fails a hard criterion"), lambda a: a.fails_hard),
    Column(_("Advised route"), lambda a: route_advice.route_label(a.route_code)),
    Column(_("Waiting list"), lambda a: a.on_waiting_list),
]
