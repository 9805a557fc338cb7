"""Which route toward SKJ registration an applicant's education points to.

One function, so the rules are easy to change. The route codes are the ones of
`training.services` ("none", "45ec", "evc", "practice_programme").
"""

from django.utils.translation import gettext_lazy as _

NONE = "none"
EC45 = "45ec"
EVC = "evc"
PRACTICE_PROGRAMME = "practice_programme"

ROUTE_LABELS = {
    NONE: _("No route needed (HBO Social Work, profile Youth)"),
    EC45: _("45 EC supplementary programme"),
    EVC: _("EVC (accreditation of prior learning)"),
    PRACTICE_PROGRAMME: _("Accredited practice programme (WO master)"),
    "": _("No standard route: individual advice needed"),
}


def route_advice(
    *,
    education_level: str,
    education_field: str,
    diploma_obtained: bool = True,
    years_relevant_hbo_work: int = 0,
) -> str:
    """The advised route code for this education, or "" when no standard route fits.

    - HBO Social Work with profile Jeugd: registration without a route ("none");
    - WO master in psychology or orthopedagogy: the practice programme;
    - HBO Social Work with another profile, or a related HBO degree: 45 EC;
    - otherwise, at least one year in a relevant job at HBO level: EVC.
    """
    hbo_or_higher = education_level in {"hbo", "wo_bachelor", "wo_master"}
    if diploma_obtained and education_level == "hbo" and education_field == "sw_youth":
        return NONE
    if diploma_obtained and education_level == "wo_master" and education_field == "psychology":
        return PRACTICE_PROGRAMME
    if (
        diploma_obtained
        and hbo_or_higher
        and education_field in {"sw_youth", "sw_other", "related", "psychology"}
    ):
        return EC45
    if (years_relevant_hbo_work or 0) >= 1:
        return EVC
    return ""


def route_label(code: str) -> str:
    return ROUTE_LABELS.get(code, code)


def for_application(application) -> str:
    return route_advice(
        education_level=application.education_level,
        education_field=application.education_field,
        diploma_obtained=application.diploma_obtained,
        years_relevant_hbo_work=application.years_relevant_hbo_work,
    )
