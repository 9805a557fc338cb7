"""Applying through the public form, withdrawing, and the applicant's confirmation."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import route_advice
from ..models import (
    Application,
    Campaign,
    Candidate,
    Stage,
    StageChange,
)
from ._common import _save, application_ref
from .pipeline import application_move


class CampaignClosed(ValidationError):
    pass


class ApplicationClosed(ValidationError):
    """The applicant's withdraw link was used after the procedure ended."""


def candidate_by_email(email: str) -> Candidate | None:
    """The candidate with this email address, case-insensitively.

    Compares lower(email) so the lookup uses the unique index `candidate_email_unique_ci`;
    `email__iexact` compiles to UPPER() on PostgreSQL and scanned every candidate.
    """
    return (
        Candidate.objects.alias(email_key=Lower("email"))
        .filter(email_key=Lower(Value(email)))
        .first()
    )


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
    language: str = "",
    **fields,
) -> Application:
    """Store an application; links the person to an existing candidate with the same email.

    The campaign row is locked so the cap holds exactly under concurrent submissions:
    once `application_cap` applications are in, later ones go on the waiting list
    (or are refused when the campaign has none). The same email twice in one
    campaign is refused.

    The lock serialises every submission to the campaign, so it is taken last: the
    candidate and the validation of the application come first, and only the open and
    cap checks, the insert and its stage change run under it. Same-person submissions are
    serialised earlier by the candidate row (an update) or its unique email index (an
    insert), so the duplicate check after saving the candidate sees any that committed.
    """
    now = timezone.now()
    email = (email or "").strip()
    candidate = candidate_by_email(email)
    existed = candidate is not None
    if candidate is None:
        candidate = Candidate(first_name=first_name, last_name=last_name, email=email, phone=phone)
    else:
        candidate.first_name, candidate.last_name = first_name, last_name
        candidate.phone = phone or candidate.phone
    try:
        _save(candidate, check_constraints=False)  # its own savepoint around the write
    except ValidationError:
        # Created by a concurrent application a moment ago (it waited on the unique index).
        candidate = candidate_by_email(email)
        if candidate is None:
            raise
        existed = True
    if existed and campaign.applications.filter(candidate=candidate).exists():
        raise ValidationError(
            {"email": _("An application with this email address has already been received.")}
        )
    application = Application(
        campaign=campaign,
        candidate=candidate,
        source=source,
        submitted_at=submitted_at or now,
        stage_changed_at=submitted_at or now,
        consent_to_keep=consent_to_keep,
        consent_at=now if consent_to_keep else None,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        **fields,
    )
    application.route_code = route_advice.for_application(application)
    # Campaign and candidate are known to exist (the campaign row is locked below, the
    # candidate was just saved): skip full_clean's query per foreign key. The checks here
    # cover the constraints; the database backs them.
    application.full_clean(exclude=["campaign", "candidate"], validate_constraints=False)

    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if check_open and not locked.is_open_on(timezone.localdate()):
        raise CampaignClosed(_("This campaign is closed; applications are no longer accepted."))
    full = locked.application_cap is not None and (
        locked.applications.filter(on_waiting_list=False).count() >= locked.application_cap
    )
    if full and check_open and not locked.waiting_list:
        raise CampaignClosed(_("This campaign has received enough applications and is closed."))
    application.on_waiting_list = full
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"email": _("An application with this email address has already been received.")}
        ) from exc
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
    # Erased ones too: the link then answers that the application is closed, not "unknown".
    return (
        Application.objects.select_related("campaign__organisation", "candidate")
        .filter(pk=data.get("a"))
        .first()
    )


@transaction.atomic
def application_withdraw_by_applicant(*, application: Application) -> Application:
    """The applicant withdraws; the retention clock starts now.

    The link lives on in the applicant's mailbox after the procedure ended: then it
    changes nothing (a rejection stays a rejection with its reason, the retention clock
    keeps running from the decision) and raises ApplicationClosed.
    """
    current = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if current.is_closed:
        raise ApplicationClosed(_("This application has already been closed."))
    return application_move(
        application=application,
        to_stage=Stage.WITHDRAWN,
        by=None,
        reason=_("Withdrawn by the applicant"),
    )


CONFIRMATION_KIND = "intake.confirmation"


def application_confirm_by_email(*, application: Application, language: str = "") -> None:
    """Queue the applicant's confirmation (they have no account to notify) in the outbox.

    It goes in the language they applied in. The row is written now and sent after
    commit; with the broker unreachable the sweep sends it later. The withdraw link is
    not stored: the worker signs it when sending (`confirmation_secrets`).
    """
    from notifications.outbox import email_queue

    email_queue(
        to=application.candidate.email,
        language=language or application.language,
        kind=CONFIRMATION_KIND,
        template="intake/email/confirmation",
        context={
            "application": application,
            "candidate": application.candidate,
            "campaign": application.campaign,
        },
        ref=application_ref(application.pk),
    )


def application_confirmation_send(*, application_id: int, language: str = "") -> bool:
    """Queue the confirmation of one application; False when it is gone or erased.

    Kept for confirmation tasks queued before mail went through the outbox.
    """
    application = (
        Application.objects.select_related("campaign__organisation", "candidate")
        .filter(pk=application_id, erased_at__isnull=True, candidate__isnull=False)
        .first()
    )
    if application is None:
        return False
    application_confirm_by_email(application=application, language=language)
    return True


def confirmation_secrets(notification) -> dict | None:
    """The withdraw link of a queued confirmation, signed at send time (None: erased)."""
    from django.urls import reverse

    application_id = notification.ref.rpartition(":")[2]
    application = Application.objects.filter(
        pk=int(application_id or 0), erased_at__isnull=True
    ).first()
    if application is None:
        return None
    return {
        "withdraw_url": settings.SITE_URL.rstrip("/")
        + reverse("intake:withdraw", args=[withdraw_token(application)])
    }
