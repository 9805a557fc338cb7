"""Intake writes, one module per concept; import them from here: `from intake import services`."""

from ._common import _save, _send_quietly
from .applying import (
    WITHDRAW_SALT,
    ApplicationClosed,
    CampaignClosed,
    application_confirm_by_email,
    application_confirmation_send,
    application_from_withdraw_token,
    application_submit,
    application_withdraw_by_applicant,
    candidate_by_email,
    withdraw_token,
)
from .campaigns import (
    _default_stages,
    _unique_slug,
    campaign_copy,
    campaign_create,
    campaign_update,
    criterion_create,
    criterion_delete,
)
from .hiring import (
    application_hire,
)
from .importing import (
    IMPORT_BATCH,
    applications_import_batch,
    import_job_create,
    import_job_run,
    import_jobs_resume,
)
from .interviews import (
    _invitation,
    _mail_interview,
    interview_cancel,
    interview_ics,
    interview_note_set,
    interview_reminders_send,
    interview_reschedule,
    interview_schedule,
)
from .pipeline import (
    _mail_candidate,
    application_assessment_refresh,
    application_move,
    application_override_hard,
    fails_hard_criterion,
    score_set,
)
from .retention import (
    RETENTION_WITH_CONSENT,
    RETENTION_WITHOUT_CONSENT,
    _delete_file,
    application_erase,
    applications_erase_expired,
)
from .throttle import rate_limit_count_add

__all__ = [
    "rate_limit_count_add",
    "_save",
    "_send_quietly",
    "CampaignClosed",
    "ApplicationClosed",
    "application_submit",
    "WITHDRAW_SALT",
    "withdraw_token",
    "application_from_withdraw_token",
    "application_withdraw_by_applicant",
    "application_confirm_by_email",
    "application_confirmation_send",
    "candidate_by_email",
    "_unique_slug",
    "campaign_create",
    "_default_stages",
    "campaign_update",
    "campaign_copy",
    "criterion_create",
    "criterion_delete",
    "application_hire",
    "import_job_create",
    "IMPORT_BATCH",
    "applications_import_batch",
    "import_job_run",
    "import_jobs_resume",
    "interview_schedule",
    "interview_reschedule",
    "interview_cancel",
    "_mail_interview",
    "interview_ics",
    "_invitation",
    "interview_note_set",
    "interview_reminders_send",
    "fails_hard_criterion",
    "application_move",
    "_mail_candidate",
    "application_override_hard",
    "score_set",
    "application_assessment_refresh",
    "RETENTION_WITHOUT_CONSENT",
    "RETENTION_WITH_CONSENT",
    "application_erase",
    "_delete_file",
    "applications_erase_expired",
]
