"""Retention of applicant data and the applicant's right to erasure."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification

from ..models import (
    END_STAGES,
    Application,
    Candidate,
    ErasureLog,
    InterviewNote,
    Stage,
)
from ._common import application_ref

logger = logging.getLogger(__name__)


RETENTION_WITHOUT_CONSENT = datetime.timedelta(weeks=4)
RETENTION_WITH_CONSENT = datetime.timedelta(days=365)


@transaction.atomic
def application_erase(*, application: Application, why: str, by=None) -> None:
    """Erase the applicant's personal data from this application (and the CV file).

    The row stays, without the person, for the anonymous funnel counts; the
    candidate record goes when no other application uses it. History rows hold
    personal data too, so they go as well. The log records only that it happened.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.is_erased:
        return
    if application.stage == Stage.HIRED:
        raise ValidationError(_("A hired candidate's data now lives in the employee record."))
    candidate_id = application.candidate_id
    cv_name = application.cv.name if application.cv else ""
    storage = application.cv.storage
    for field in (
        "education_level",
        "education_field",
        "diploma",
        "previous_sector",
        "previous_role",
        "previous_seniority",
        "life_experience",
        "motivation",
        "hard_override_reason",
    ):
        setattr(application, field, "")
    application.cv = ""
    application.candidate = None
    application.erased_at = timezone.now()
    application.save()
    application.history.all().delete()
    application.stage_changes.update(reason="")
    InterviewNote.objects.filter(interview__application=application).delete()
    # Notifications and mails about this application (interview reminders to the panel,
    # the applicant's own mails, invitations) name the applicant; they go too, including
    # any email still waiting to be sent.
    Notification.objects.filter(
        Q(kind__startswith="intake.", url=application.get_absolute_url())
        | Q(ref=application_ref(application.pk))
    ).delete()
    if candidate_id and not Application.objects.filter(candidate_id=candidate_id).exists():
        Candidate.objects.filter(pk=candidate_id).delete()
        Candidate.history.filter(id=candidate_id).delete()
    ErasureLog.objects.create(
        campaign_id=application.campaign_id,
        application_id_erased=application.pk,
        why=why,
        stage=application.stage,
        had_consent=application.consent_to_keep,
        erased_by=by,
    )
    if cv_name:
        transaction.on_commit(lambda: _delete_file(storage, cv_name))


def _delete_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("could not delete an erased CV file", exc_info=True)


def applications_erase_expired(*, now: datetime.datetime | None = None) -> int:
    """The daily retention run: erase ended procedures past their term; returns how many.

    Rejected or withdrawn more than 4 weeks ago without consent, more than a year
    ago with consent. Idempotent: erased applications are skipped.
    """
    now = now or timezone.now()
    due = (
        Application.objects.filter(
            stage__in=list(END_STAGES), erased_at__isnull=True, ended_at__isnull=False
        )
        .filter(
            Q(consent_to_keep=False, ended_at__lt=now - RETENTION_WITHOUT_CONSENT)
            | Q(consent_to_keep=True, ended_at__lt=now - RETENTION_WITH_CONSENT)
        )
        .values_list("pk", flat=True)
    )
    erased = 0
    for pk in list(due):
        application_erase(application=Application(pk=pk), why=ErasureLog.Why.RETENTION)
        erased += 1
    return erased
