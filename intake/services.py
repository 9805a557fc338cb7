"""Every write in intake: campaigns, applications, scores, moves, interviews, hires, erasure."""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notifications.services import notification_create, reminder_claim
from organisations import services as org_services
from organisations.models import Placement, Team
from support import services as support_services
from training import services as training_services

from . import route_advice
from .models import (
    CLOSED_STAGES,
    END_STAGES,
    Application,
    Campaign,
    Candidate,
    ErasureLog,
    Hire,
    ImportJob,
    Interview,
    InterviewNote,
    RejectionReason,
    Score,
    SelectionCriterion,
    Stage,
    StageChange,
)

logger = logging.getLogger(__name__)


def _save(obj, exclude=None, check_constraints=True):
    """full_clean then save; a constraint hit by a race becomes a ValidationError.

    `check_constraints=False` leaves the constraints to the database (each one costs a
    query in full_clean); use it only where the service has checked them itself.
    """
    obj.full_clean(exclude=exclude, validate_constraints=check_constraints)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(_("This change conflicts with existing data.")) from exc
    return obj


# --- campaigns ---


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60] or "werving"
    slug = base
    while Campaign.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


@transaction.atomic
def campaign_create(*, organisation, created_by=None, stages=None, **fields) -> Campaign:
    """Start a campaign (unpublished until HR publishes it) with the default pipeline."""
    campaign = Campaign(
        organisation=organisation,
        created_by=created_by,
        stages=list(stages) if stages else [str(s) for s in _default_stages()],
        **fields,
    )
    if not campaign.slug:
        campaign.slug = _unique_slug(campaign.title)
    return _save(campaign)


def _default_stages():
    from .models import DEFAULT_STAGES

    return DEFAULT_STAGES


@transaction.atomic
def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's text, dates, places, cap or pipeline."""
    fields.pop("organisation", None)
    if "stages" in fields:
        dropped = set(campaign.pipeline) - set(fields["stages"] or [])
        in_use = sorted(
            set(campaign.applications.filter(stage__in=dropped).values_list("stage", flat=True))
        )
        if in_use:
            raise ValidationError(
                {
                    "stages": _("Applications are still in these stages: %(stages)s")
                    % {"stages": ", ".join(str(Stage(s).label) for s in in_use)}
                }
            )
    for name, value in fields.items():
        setattr(campaign, name, value)
    return _save(campaign)


@transaction.atomic
def campaign_copy(
    *, campaign: Campaign, title: str, opens_on, closes_on, created_by=None
) -> Campaign:
    """A new, unpublished campaign with the criteria, stages and settings of `campaign`."""
    copy = campaign_create(
        organisation=campaign.organisation,
        created_by=created_by,
        stages=campaign.stages,
        team=campaign.team,
        title=title,
        role_profile=campaign.role_profile,
        target_group=campaign.target_group,
        description=campaign.description,
        opens_on=opens_on,
        closes_on=closes_on,
        places=campaign.places,
        application_cap=campaign.application_cap,
        waiting_list=campaign.waiting_list,
    )
    for criterion in campaign.criteria.all():
        criterion_create(
            campaign=copy,
            name=criterion.name,
            description=criterion.description,
            kind=criterion.kind,
            weight=criterion.weight,
            order=criterion.order,
        )
    return copy


@transaction.atomic
def criterion_create(*, campaign: Campaign, **fields) -> SelectionCriterion:
    """Add a hard (knock-out) or soft (1-5, weighted) criterion to a campaign."""
    criterion = SelectionCriterion(campaign=campaign, **fields)
    if criterion.kind == SelectionCriterion.Kind.HARD:
        criterion.weight = 1
    return _save(criterion)


@transaction.atomic
def criterion_delete(*, criterion: SelectionCriterion) -> None:
    """Remove a criterion that nobody has scored yet."""
    if criterion.scores.exists():
        raise ValidationError(_("This criterion has already been scored and cannot be removed."))
    criterion.delete()


# --- applying ---


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


def _send_quietly(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # the application is stored; a lost confirmation must not fail it
        logger.exception("sending an intake email failed")


# --- moving through the pipeline ---


def fails_hard_criterion(application: Application) -> bool:
    return application.scores.filter(criterion__kind="hard", passed=False).exists()


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    by,
    reason: str = "",
    rejection_reason: RejectionReason | None = None,
    send_rejection_email: bool = False,
) -> Application:
    """Move an application to another stage, recording who, when and why.

    Hiring goes through `application_hire`; a rejection needs a reason from the
    configured list; a candidate failing a hard criterion reaches "offer" only
    after an HR override.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=application.pk)
    )
    campaign = application.campaign
    if to_stage not in Stage.values or not campaign.allows_stage(to_stage):
        raise ValidationError(
            {
                "to_stage": _("The stage “%(stage)s” does not exist in this campaign.")
                % {"stage": to_stage}
            }
        )
    if application.is_erased:
        raise ValidationError(_("The data of this applicant has been erased."))
    if application.stage == Stage.HIRED:
        raise ValidationError(_("This candidate has been hired; the application is closed."))
    if to_stage == Stage.HIRED:
        raise ValidationError(
            {"to_stage": _("Use “Hire” on an application in the offer stage to hire someone.")}
        )
    if to_stage == application.stage:
        raise ValidationError({"to_stage": _("The application is already in this stage.")})
    if to_stage == Stage.REJECTED and rejection_reason is None:
        raise ValidationError({"rejection_reason": _("Choose a reason for the rejection.")})
    if (
        to_stage == Stage.OFFER
        and not application.hard_override_reason
        and fails_hard_criterion(application)
    ):
        raise ValidationError(
            {
                "to_stage": _(
                    "This candidate fails a hard criterion; an HR override with a written "
                    "reason is needed before an offer."
                )
            }
        )
    now = timezone.now()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        changed_by=by,
        changed_at=now,
        reason=reason,
    )
    application.stage = to_stage
    application.stage_changed_at = now
    application.rejection_reason = rejection_reason if to_stage == Stage.REJECTED else None
    application.ended_at = now if to_stage in END_STAGES else None
    if to_stage not in {Stage.APPLIED, *END_STAGES}:
        application.on_waiting_list = False
    _save(application)
    if to_stage == Stage.REJECTED and send_rejection_email and application.candidate:
        _mail_candidate(application, "rejection")
    return application


def _mail_candidate(application: Application, name: str) -> None:
    context = {
        "application": application,
        "candidate": application.candidate,
        "campaign": application.campaign,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"intake/email/{name}_subject.txt", context).strip()
        body = render_to_string(f"intake/email/{name}_body.txt", context).strip()
    message = EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[application.candidate.email]
    )
    transaction.on_commit(lambda: _send_quietly(message))


@transaction.atomic
def application_override_hard(*, application: Application, by, reason: str) -> Application:
    """HR lets a candidate who fails a hard criterion continue, with a written reason."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Write down why (at least 10 characters).")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.hard_override_reason = reason
    application.hard_override_by = by
    application.hard_override_at = timezone.now()
    return _save(application)


# --- scoring ---


@transaction.atomic
def score_set(
    *,
    application: Application,
    criterion: SelectionCriterion,
    assessor,
    value: int | None = None,
    passed: bool | None = None,
) -> Score:
    """Record an assessor's score; a second score for the same criterion replaces the first."""
    if criterion.campaign_id != application.campaign_id:
        raise ValidationError(_("This criterion belongs to another campaign."))
    if application.is_erased:
        raise ValidationError(_("The data of this applicant has been erased."))
    if criterion.is_hard:
        if passed is None:
            raise ValidationError({"passed": _("Say whether the requirement is met.")})
        value = None
    else:
        if value is None or not 1 <= int(value) <= 5:
            raise ValidationError({"value": _("A score is a whole number from 1 to 5.")})
        passed = None
    Application.objects.select_for_update(of=("self",)).filter(pk=application.pk).first()
    score = (
        Score.objects.select_for_update()
        .filter(application=application, criterion=criterion, assessor=assessor)
        .first()
    )
    if score is None:
        score = Score(application=application, criterion=criterion, assessor=assessor)
    score.value, score.passed = value, passed
    try:
        _save(score, exclude=["application", "criterion", "assessor"])
    except ValidationError:
        # Two tabs saved at once: the other insert won, so update that row.
        score = Score.objects.get(application=application, criterion=criterion, assessor=assessor)
        score.value, score.passed = value, passed
        score.save(update_fields=["value", "passed", "updated_at"])
    application_assessment_refresh(application=application)
    return score


def application_assessment_refresh(*, application: Application) -> None:
    """Store the weighted mean of all soft scores and whether any hard criterion failed."""
    soft = Score.objects.filter(application=application, criterion__kind="soft").aggregate(
        total=Sum(F("value") * F("criterion__weight")), weight=Sum("criterion__weight")
    )
    weighted = soft["total"] / soft["weight"] if soft["weight"] else None
    fails = Score.objects.filter(
        application=application, criterion__kind="hard", passed=False
    ).exists()
    Application.objects.filter(pk=application.pk).update(weighted_total=weighted, fails_hard=fails)
    application.weighted_total, application.fails_hard = weighted, fails


# --- interviews ---


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    starts_at: datetime.datetime,
    duration_minutes: int,
    panel,
    location: str = "",
    video_url: str = "",
    created_by=None,
    send_invitations: bool = True,
    invite_candidate: bool = False,
) -> Interview:
    """Plan an interview and mail the panel (and, if asked, the candidate) an .ics invitation.

    The mails go after commit.
    """
    if application.is_erased or application.stage in CLOSED_STAGES:
        raise ValidationError(_("This application is closed."))
    panel = list(panel)
    if not panel:
        raise ValidationError({"panel": _("Choose at least one panel member.")})
    interview = _save(
        Interview(
            application=application,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            location=location,
            video_url=video_url,
            created_by=created_by,
            candidate_invited=bool(invite_candidate and application.candidate_id),
        )
    )
    interview.panel.set(panel)
    if send_invitations:
        _mail_interview(interview, panel=panel)
    return interview


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    starts_at: datetime.datetime,
    duration_minutes: int,
    panel,
    location: str = "",
    video_url: str = "",
    invite_candidate: bool = False,
    by=None,
) -> Interview:
    """Move or change a planned interview; everyone gets the updated invitation.

    Calendars replace the event because the .ics keeps its UID and raises its SEQUENCE.
    Panel members taken off the panel get a cancellation instead.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    application = interview.application
    if interview.cancelled_at:
        raise ValidationError(_("This interview has been cancelled."))
    if application.is_erased or application.stage in CLOSED_STAGES:
        raise ValidationError(_("This application is closed."))
    panel = list(panel)
    if not panel:
        raise ValidationError({"panel": _("Choose at least one panel member.")})
    removed = [m for m in interview.panel.all() if m not in panel]
    interview.starts_at = starts_at
    interview.duration_minutes = duration_minutes
    interview.location = location
    interview.video_url = video_url
    interview.candidate_invited = interview.candidate_invited or bool(
        invite_candidate and application.candidate_id
    )
    interview.sequence += 1
    _save(interview)
    interview.panel.set(panel)
    _mail_interview(interview, panel=panel, updated=True)
    _mail_interview(interview, panel=removed, cancelled=True, candidate=False)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, reason: str, by=None) -> Interview:
    """Cancel a planned interview: the panel and an invited candidate get a cancellation."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.cancelled_at:
        return interview
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    interview.cancelled_at = timezone.now()
    interview.cancel_reason = reason
    interview.sequence += 1
    _save(interview)
    _mail_interview(interview, panel=list(interview.panel.all()), cancelled=True)
    return interview


def _mail_interview(interview, *, panel, updated=False, cancelled=False, candidate=True) -> None:
    """Queue the invitation, update or cancellation for the panel and invited candidate."""
    messages = [
        _invitation(interview, member, updated=updated, cancelled=cancelled)
        for member in panel
        if member.email
    ]
    application = interview.application
    if candidate and interview.candidate_invited and application.candidate_id:
        with translation.override(settings.LANGUAGE_CODE):
            messages.append(
                _invitation(
                    interview, None, updated=updated, cancelled=cancelled, for_candidate=True
                )
            )
    for message in messages:
        transaction.on_commit(lambda m=message: _send_quietly(m))


def interview_ics(interview: Interview, *, cancelled: bool = False) -> bytes:
    """The interview as an iCalendar event (a cancellation when `cancelled`)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Instroom//intake//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"intake-interview-{interview.pk}@instroom")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.starts_at + datetime.timedelta(minutes=interview.duration_minutes))
    if cancelled:
        event.add("status", "CANCELLED")
    event.add(
        "summary",
        _("Interview %(candidate)s – %(campaign)s")
        % {
            "candidate": interview.application.display_name,
            "campaign": interview.application.campaign.title,
        },
    )
    event.add("location", interview.location or interview.video_url)
    if interview.video_url:
        event.add("url", interview.video_url)
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation(
    interview: Interview, member, *, updated=False, cancelled=False, for_candidate=False
) -> EmailMessage:
    application = interview.application
    context = {
        "interview": interview,
        "application": application,
        "member": member,
        "candidate": application.candidate,
        "campaign": application.campaign,
        "updated": updated,
        "cancelled": cancelled,
    }
    name = "interview_candidate" if for_candidate else "interview_invitation"
    subject = render_to_string(f"intake/email/{name}_subject.txt", context).strip()
    body = render_to_string(f"intake/email/{name}_body.txt", context).strip()
    to = application.candidate.email if for_candidate else member.email
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach(
        "afzegging.ics" if cancelled else "uitnodiging.ics",
        interview_ics(interview, cancelled=cancelled),
        f"text/calendar; method={method}",
    )
    return message


@transaction.atomic
def interview_note_set(*, interview: Interview, author, text: str) -> InterviewNote:
    """An interviewer's own notes on an interview (one per interviewer, replaced on save)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    note = InterviewNote.objects.filter(interview=interview, author=author).first()
    note = note or InterviewNote(interview=interview, author=author)
    note.text = text
    return _save(note)


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each panel member the day before an interview; once per member and interview."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    interviews = (
        Interview.objects.filter(
            starts_at__date=tomorrow,
            application__erased_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .exclude(application__stage__in=CLOSED_STAGES)
        .select_related("application__candidate", "application__campaign")
        .prefetch_related("panel")
    )
    sent = 0
    for interview in interviews:
        for member in interview.panel.all():
            key = f"intake-interview-{interview.pk}-{interview.starts_at:%Y%m%d%H%M}-{member.pk}"
            with transaction.atomic():
                if not reminder_claim(key=key):
                    continue
                notification_create(
                    recipient=member,
                    kind="intake.interview_reminder",
                    template="intake/email/interview_reminder",
                    context={"interview": interview, "application": interview.application},
                    url=interview.application.get_absolute_url(),
                )
                sent += 1
    return sent


# --- hiring ---


@transaction.atomic
def application_hire(
    *,
    application: Application,
    team: Team,
    start_date: datetime.date,
    fte: Decimal,
    job_function: str,
    by,
    funding_source: str = Placement.FundingSource.OWN_BUDGET,
    start_mode: str | None = None,
    supporting_role_until: datetime.date | None = None,
    intake_date: datetime.date | None = None,
) -> Hire:
    """Hire the candidate: a side-entrant Employee, a supernumerary Placement, hand-over.

    With `start_mode`, the onboarding choice of the support pyramid (directly in the
    role or first in a supporting role, and the development intake) is recorded too.

    All in one transaction; the application row is locked and `Hire.application`
    is unique, so the same application can never be hired twice.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "candidate")
        .get(pk=application.pk)
    )
    if Hire.objects.filter(application=application).exists():
        raise ValidationError(_("This candidate has already been hired."))
    if application.stage != Stage.OFFER:
        raise ValidationError(_("Only a candidate in the offer stage can be hired."))
    if application.is_erased or application.candidate is None:
        raise ValidationError(_("The data of this applicant has been erased."))
    if team.organisation_id != application.campaign.organisation_id:
        raise ValidationError({"team": _("Choose a team of the campaign's organisation.")})
    if not application.hard_override_reason and fails_hard_criterion(application):
        raise ValidationError(_("This candidate fails a hard criterion; an override is needed."))
    candidate = application.candidate
    employee = org_services.employee_create(
        organisation=application.campaign.organisation,
        team=team,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        email=candidate.email,
        job_function=job_function,
        fte=fte,
        employment_start=start_date,
        is_side_entrant=True,
        previous_sector=application.previous_sector,
        previous_role=application.previous_role,
        previous_seniority=application.previous_seniority,
    )
    placement = org_services.placement_create(
        employee=employee,
        team=team,
        start_date=start_date,
        fte=fte,
        formation_kind=Placement.FormationKind.SUPERNUMERARY,
        funding_source=funding_source,
    )
    track = training_services.track_create_for_hire(
        employee=employee,
        route_code=application.route_code or None,
        start_date=start_date,
        created_by=by,
    )
    if start_mode:
        support_services.onboarding_record(
            employee=employee,
            start_mode=start_mode,
            supporting_role_until=supporting_role_until,
            intake_date=intake_date,
            recorded_by=by,
        )
    hire = _save(
        Hire(
            application=application,
            employee=employee,
            placement=placement,
            team=team,
            start_date=start_date,
            route_code=application.route_code,
            training_track_created=track is not None,
            hired_by=by,
        )
    )
    now = timezone.now()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=Stage.HIRED,
        changed_by=by,
        changed_at=now,
        reason=_("Hired in %(team)s") % {"team": team.name},
    )
    application.stage = Stage.HIRED
    application.stage_changed_at = now
    application.ended_at = None
    _save(application)
    return hire


# --- retention and the applicant's rights ---

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


# --- import ---


@transaction.atomic
def import_job_create(*, campaign: Campaign, upload, created_by) -> ImportJob:
    """Store the uploaded file and queue the import (after commit)."""
    from .tasks import import_applications

    job = ImportJob(campaign=campaign, original_name=upload.name[:200], created_by=created_by)
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: import_applications.delay(job.pk))
    return job


IMPORT_BATCH = 500


@transaction.atomic
def applications_import_batch(*, campaign: Campaign, rows: list[tuple[int, dict]]) -> list[dict]:
    """Store a batch of already validated rows in a handful of queries; returns rejections.

    The same rules as the public form: one application per person per campaign (also
    within the file), the same person across campaigns is one candidate, and applications
    beyond the cap go on the waiting list. The campaign row is locked for the batch.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    rejected = []
    keys = {data["email"].strip().lower() for _number, data in rows}
    existing = {
        c.email.lower(): c
        for c in Candidate.objects.annotate(key=Lower("email")).filter(key__in=keys)
    }
    applied = set(
        campaign.applications.filter(candidate__in=list(existing.values())).values_list(
            "candidate_id", flat=True
        )
    )
    in_cap = campaign.applications.filter(on_waiting_list=False).count()
    now = timezone.now()
    seen, new_candidates, planned = set(), [], []
    for number, data in rows:
        data = dict(data)
        email = data.pop("email").strip()
        key = email.lower()
        candidate = existing.get(key)
        if key in seen or (candidate is not None and candidate.pk in applied):
            rejected.append(
                {"row": number, "errors": [_("This person has already applied to this campaign.")]}
            )
            continue
        person = {
            "first_name": data.pop("first_name"),
            "last_name": data.pop("last_name"),
            "phone": data.pop("phone", "") or "",
        }
        try:
            if candidate is None:
                candidate = Candidate(email=email, **person)
                candidate.full_clean(validate_unique=False, validate_constraints=False)
                new_candidates.append(candidate)
            submitted = data.pop("submitted_at", None) or now
            application = Application(
                campaign=campaign,
                candidate=candidate,
                source=Application.Source.IMPORT,
                submitted_at=submitted,
                stage_changed_at=submitted,
                **data,
            )
            application.route_code = route_advice.for_application(application)
            application.full_clean(
                exclude=["campaign", "candidate"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            rejected.append({"row": number, "errors": exc.messages})
            if new_candidates and new_candidates[-1] is candidate:
                new_candidates.pop()
            continue
        seen.add(key)
        full = campaign.application_cap is not None and in_cap >= campaign.application_cap
        application.on_waiting_list = full
        in_cap += 0 if full else 1
        planned.append(application)
    bulk_create_with_history(new_candidates, Candidate, batch_size=IMPORT_BATCH)
    for application in planned:
        application.candidate_id = application.candidate.pk
    bulk_create_with_history(planned, Application, batch_size=IMPORT_BATCH)
    StageChange.objects.bulk_create(
        [
            StageChange(
                application=application,
                to_stage=Stage.APPLIED,
                changed_at=application.submitted_at,
                reason=_("Imported"),
            )
            for application in planned
        ],
        batch_size=IMPORT_BATCH,
    )
    return rejected


def import_job_run(*, job_id: int) -> None:
    """Validate and store every row; rejected rows are reported with their reasons.

    A bad row never undoes good ones (each row is a savepoint). Running the
    job again does nothing (it only runs a pending job).
    """
    from .imports import ImportRowForm, read_rows

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("campaign").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        rows = list(read_rows(content, job.original_name))
    except Exception as exc:  # unreadable file: report it, do not crash the worker
        logger.warning("import %s could not be read", job_id, exc_info=True)
        job.status = ImportJob.Status.FAILED
        job.error = _("The file could not be read as CSV or XLSX.")[:500]
        job.finished_at = timezone.now()
        job.save()
        del exc
        return
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    rejected, imported = [], 0
    for start in range(0, len(rows), IMPORT_BATCH):
        valid = []
        for number, row in rows[start : start + IMPORT_BATCH]:
            form = ImportRowForm(row)
            if form.is_valid():
                valid.append((number, form.application_fields()))
            else:
                rejected.append(
                    {
                        "row": number,
                        "errors": [
                            f"{form.fields[f].label if f in form.fields else ''}: {m}"
                            for f, msgs in form.errors.items()
                            for m in msgs
                        ],
                    }
                )
        if valid:
            refused = applications_import_batch(campaign=job.campaign, rows=valid)
            rejected.extend(refused)
            imported += len(valid) - len(refused)
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=min(start + IMPORT_BATCH, len(rows)), imported_rows=imported
        )
    rejected.sort(key=lambda item: item["row"])
    job.refresh_from_db()
    job.processed_rows = len(rows)
    job.imported_rows = imported
    job.rejected = rejected[:1000]
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
