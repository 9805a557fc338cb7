"""Applying through the public form, withdrawing, and the applicant's confirmation."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import route_advice
from ..models import (
    Application,
    Campaign,
    Candidate,
    Stage,
    StageChange,
)
from ._common import _save, _send_quietly
from .pipeline import application_move


class CampaignClosed(ValidationError):
    pass


@transaction.atomic
def application_submit(
    *,
    campaign: Campaign,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    consent_to_keep: bool = False,
    source: str = Application.Source.WEBSITE,
    check_open: bool = True,
    submitted_at: datetime.datetime | None = None,
    **fields,
) -> Application:
    """Store an application; links the person to an existing candidate with the same email.

    The campaign row is locked so the cap holds exactly under concurrent submissions:
    once `application_cap` applications are in, later ones go on the waiting list
    (or are refused when the campaign has none). The same email twice in one
    campaign is refused.
    """
    now = timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if check_open and not campaign.is_open_on(timezone.localdate()):
        raise CampaignClosed(_("This campaign is closed; applications are no longer accepted."))
    email = (email or "").strip()
    candidate = Candidate.objects.filter(email__iexact=email).first()
    if candidate is not None and campaign.applications.filter(candidate=candidate).exists():
        raise ValidationError(
            {"email": _("An application with this email address has already been received.")}
        )
    full = campaign.application_cap is not None and (
        campaign.applications.filter(on_waiting_list=False).count() >= campaign.application_cap
    )
    if full and check_open and not campaign.waiting_list:
        raise CampaignClosed(_("This campaign has received enough applications and is closed."))
    if candidate is None:
        candidate = Candidate(first_name=first_name, last_name=last_name, email=email, phone=phone)
    else:
        candidate.first_name, candidate.last_name = first_name, last_name
        candidate.phone = phone or candidate.phone
    try:
        with transaction.atomic():
            _save(candidate, check_constraints=False)
    except ValidationError:
        # Created by a concurrent application to another campaign a moment ago.
        candidate = Candidate.objects.filter(email__iexact=email).first()
        if candidate is None:
            raise
    application = Application(
        campaign=campaign,
        candidate=candidate,
        source=source,
        submitted_at=submitted_at or now,
        stage_changed_at=submitted_at or now,
        on_waiting_list=full,
        consent_to_keep=consent_to_keep,
        consent_at=now if consent_to_keep else None,
        **fields,
    )
    application.route_code = route_advice.for_application(application)
    # The campaign lock and the checks above cover the constraints; the database backs them.
    _save(application, check_constraints=False)
    StageChange.objects.create(
        application=application,
        to_stage=Stage.APPLIED,
        changed_at=application.submitted_at,
        reason=_("Waiting list") if full else "",
    )
    return application


WITHDRAW_SALT = "intake-withdraw"


def withdraw_token(application: Application) -> str:
    """A signed token that lets the applicant (who has no account) withdraw this application."""
    from django.core import signing

    return signing.dumps({"a": application.pk}, salt=WITHDRAW_SALT)


def application_from_withdraw_token(token: str) -> Application | None:
    from django.core import signing

    try:
        data = signing.loads(token, salt=WITHDRAW_SALT, max_age=datetime.timedelta(days=400))
    except signing.BadSignature:
        return None
    return (
        Application.objects.select_related("campaign__organisation", "candidate")
        .filter(pk=data.get("a"), erased_at__isnull=True)
        .first()
    )


@transaction.atomic
def application_withdraw_by_applicant(*, application: Application) -> Application:
    """The applicant withdraws; the retention clock starts now."""
    return application_move(
        application=application,
        to_stage=Stage.WITHDRAWN,
        by=None,
        reason=_("Withdrawn by the applicant"),
    )


def application_confirm_by_email(*, application: Application, language: str) -> None:
    """Send the applicant a confirmation (after commit); they have no account to notify."""
    from django.urls import reverse

    candidate = application.candidate
    context = {
        "application": application,
        "candidate": candidate,
        "campaign": application.campaign,
        "withdraw_url": settings.SITE_URL.rstrip("/")
        + reverse("intake:withdraw", args=[withdraw_token(application)]),
    }
    with translation.override(language):
        subject = render_to_string("intake/email/confirmation_subject.txt", context).strip()
        body = render_to_string("intake/email/confirmation_body.txt", context).strip()
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[candidate.email])
    transaction.on_commit(lambda: _send_quietly(message))
