import datetime
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Application, Campaign, Hire, Score
from organisations.roles import Role
from support.models import OnboardingChoice

from .factories import (
    ApplicationFactory,
    CampaignFactory,
    CriterionFactory,
    apply_form_data,
    pdf,
    reason,
)

pytestmark = pytest.mark.django_db

HR, SUP, MEN, MAN, SUPP, SIDE, ADM = (
    Role.HR_ADVISOR,
    Role.PRACTICE_SUPERVISOR,
    Role.MENTOR,
    Role.MANAGER,
    Role.SUPPORT_COORDINATOR,
    Role.SIDE_ENTRANT,
    Role.FUNCTIONAL_ADMIN,
)
ALL = set(Role)
VIEW = {HR, SUP, ADM}
MANAGE = {HR}


def _statuses(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


@pytest.fixture
def setup(world):
    campaign = CampaignFactory(organisation=world.a.organisation, title="Werving Alfa")
    CriterionFactory(campaign=campaign, name="VOG", kind="hard")
    CriterionFactory(campaign=campaign, name="Veerkracht", weight=2)
    application = ApplicationFactory(campaign=campaign, cv=pdf())
    services.application_move(application=application, to_stage="offer", by=world.a.user(HR))
    interview = services.interview_schedule(
        application=application,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=60,
        panel=[world.a.user(HR)],
        location="Groningen",
        send_invitations=False,
    )
    return {"campaign": campaign, "application": application, "interview": interview}


# (url name, kwargs, expected for a role of A, expected for a role of B)
PAGES = [
    ("intake:campaign_list", lambda s: {}, _statuses(VIEW, ALL), _statuses(VIEW, ALL)),
    ("intake:campaign_create", lambda s: {}, _statuses(MANAGE, ALL), _statuses(MANAGE, ALL)),
    (
        "intake:campaign_detail",
        lambda s: {"pk": s["campaign"].pk},
        _statuses(VIEW),
        _statuses(()),
    ),
    (
        "intake:campaign_update",
        lambda s: {"pk": s["campaign"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:campaign_copy",
        lambda s: {"pk": s["campaign"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:application_list",
        lambda s: {"pk": s["campaign"].pk},
        _statuses(VIEW),
        _statuses(()),
    ),
    ("intake:board", lambda s: {"pk": s["campaign"].pk}, _statuses(VIEW), _statuses(())),
    ("intake:funnel", lambda s: {"pk": s["campaign"].pk}, _statuses(VIEW), _statuses(())),
    (
        "intake:import_create",
        lambda s: {"pk": s["campaign"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:application_detail",
        lambda s: {"pk": s["application"].pk},
        _statuses(VIEW),
        _statuses(()),
    ),
    (
        "intake:application_cv",
        lambda s: {"pk": s["application"].pk},
        _statuses(VIEW),
        _statuses(()),
    ),
    (
        "intake:application_hire",
        lambda s: {"pk": s["application"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:interview_create",
        lambda s: {"pk": s["application"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:interview_update",
        lambda s: {"pk": s["interview"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:interview_cancel",
        lambda s: {"pk": s["interview"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:application_export",
        lambda s: {"pk": s["application"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
    (
        "intake:application_erase",
        lambda s: {"pk": s["application"].pk},
        _statuses(MANAGE, VIEW),
        _statuses(()),
    ),
]


@pytest.mark.parametrize("name,kwargs,for_a,for_b", PAGES, ids=[p[0] for p in PAGES])
def test_page_access_matrix(client, world, setup, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(setup))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((world.a, for_a), (world.b, for_b)):
        for role in Role:
            client.force_login(side.user(role))
            status = client.get(url).status_code
            assert status == expected(role), f"{name} as {role} of {side.organisation}: {status}"


POSTS = [
    ("intake:application_move", "application", {"to_stage": "screening"}),
    ("intake:application_score", "application", {}),
    ("intake:application_override", "application", {"reason": "Omdat het zo is, echt waar."}),
    ("intake:criterion_add", "campaign", {"name": "Nieuw", "kind": "soft", "weight": 1}),
    ("intake:interview_note", "interview", {"text": "Goed gesprek"}),
]


@pytest.mark.parametrize("name,obj,data", POSTS, ids=[p[0] for p in POSTS])
def test_posts_are_denied_outside_role_or_scope(client, world, setup, name, obj, data):
    url = reverse(name, args=[setup[obj].pk])
    for user, expected in (
        (world.b.user(HR), 404),
        (world.a.user(MEN), 404),
        (world.a.user(MAN), 404),
        (world.a.user(ADM), 403),
    ):
        client.force_login(user)
        assert client.post(url, data).status_code == expected, (name, user)
    assert Application.objects.get().stage == "offer"


def test_campaign_list_shows_nothing_of_other_organisation(client, world, setup):
    CampaignFactory(organisation=world.b.organisation, title="Werving Bravo")
    client.force_login(world.a.user(HR))
    html = client.get(reverse("intake:campaign_list")).content.decode()
    assert "Werving Alfa" in html and "Werving Bravo" not in html


def test_menu_entry_for_hr_not_for_mentor(client, world, setup):
    client.force_login(world.a.user(HR))
    assert reverse("intake:campaign_list") in client.get(reverse("home")).content.decode()
    client.force_login(world.a.user(MEN))
    assert reverse("intake:campaign_list") not in client.get(reverse("home")).content.decode()


# --- campaigns -----------------------------------------------------------------


def _campaign_post(world, **overrides):
    today = timezone.localdate()
    data = {
        "organisation": world.a.organisation.pk,
        "title": "Opbouwwerkers <script>alert(1)</script>",
        "role_profile": "opbouwwerker",
        "target_group": "career_switchers",
        "description": "",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        "places": 2,
        "application_cap": 100,
        "waiting_list": "on",
        "stages": ["applied", "screening", "interview", "offer", "hired"],
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_hr_creates_campaign_and_title_is_escaped(client, world):
    client.force_login(world.a.user(HR))
    response = client.post(reverse("intake:campaign_create"), _campaign_post(world))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    html = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"closes_on": "2020-01-01"},
        {"opens_on": "1800-01-01"},
        {"places": 0},
        {"application_cap": -5},
        {"stages": ["screening", "offer"]},
        {"stages": ["applied", "bogus", "hired"]},
        {"organisation": "999999"},
        {"title": ""},
        {"opens_on": "31-31-2026"},
    ],
)
def test_campaign_bad_input_gets_message_and_saves_nothing(client, world, overrides):
    client.force_login(world.a.user(HR))
    response = client.post(reverse("intake:campaign_create"), _campaign_post(world, **overrides))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert" in response.content.decode()
    assert not Campaign.objects.exists()


def test_hr_cannot_create_campaign_for_other_organisation(client, world):
    client.force_login(world.a.user(HR))
    client.post(
        reverse("intake:campaign_create"),
        _campaign_post(world, organisation=world.b.organisation.pk),
    )
    assert not Campaign.objects.exists()


def test_copy_campaign_as_template(client, world, setup):
    client.force_login(world.a.user(HR))
    today = timezone.localdate()
    response = client.post(
        reverse("intake:campaign_copy", args=[setup["campaign"].pk]),
        {"title": "Najaar", "opens_on": today.isoformat(), "closes_on": today.isoformat()},
    )
    copy = Campaign.objects.get(title="Najaar")
    assert response.url == copy.get_absolute_url()
    assert copy.criteria.count() == 2


def test_add_criterion_bad_weight(client, world, setup):
    client.force_login(world.a.user(HR))
    url = reverse("intake:criterion_add", args=[setup["campaign"].pk])
    response = client.post(url, {"name": "Netwerk", "kind": "soft", "weight": 42})
    assert response.status_code == 400
    assert not setup["campaign"].criteria.filter(name="Netwerk").exists()
    response = client.post(url, {"name": "veerkracht", "kind": "soft", "weight": 2})
    assert response.status_code == 400


# --- public form -----------------------------------------------------------------


def _apply_data(**overrides):
    # The shared valid POST, with markup in the free texts (escaping is checked below).
    return apply_form_data(
        **{
            "last_name": "van 't Hek",
            "email": "anouk@example.org",
            "life_experience": "<b>Moeder</b> van drie",
            "motivation": "<script>alert('x')</script> Ik heb een realistisch beeld.",
            **overrides,
        }
    )


def _apply_url(campaign):
    return reverse("intake:apply", args=[campaign.slug])


def test_an_applicant_in_english_gets_the_later_emails_in_english(
    client, world, setup, django_capture_on_commit_callbacks
):
    from django.conf import settings

    campaign = setup["campaign"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_apply_url(campaign), _apply_data(email="emma@example.org"))
    application = Application.objects.get(candidate__email="emma@example.org")
    assert application.language == "en"
    assert mail.outbox[-1].subject.startswith("Your application")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(
            application=application,
            to_stage="rejected",
            by=world.a.user(HR),
            rejection_reason=reason(),
            send_rejection_email=True,
        )
    (message,) = mail.outbox
    assert message.subject.startswith("Your application for")
    # Imported applications (no form, no language) get Dutch, the default.
    assert ApplicationFactory(campaign=campaign).language == "nl"


def test_public_form_needs_no_login_and_stores_application(
    client, world, setup, django_capture_on_commit_callbacks
):
    campaign = setup["campaign"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(campaign), _apply_data(cv=pdf()))
    assert response.status_code == 302
    assert response.url == reverse("intake:apply_thanks", args=[campaign.slug])
    application = Application.objects.get(candidate__email="anouk@example.org")
    assert application.consent_to_keep and application.cv and application.route_code == "45ec"
    assert application.candidate.last_name == "van 't Hek"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anouk@example.org"]
    thanks = client.get(response.url)
    assert thanks.status_code == 200
    # HR sees it escaped
    client.force_login(world.a.user(HR))
    html = client.get(application.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>Moeder</b>" not in html
    assert "45 EC" in html


def test_public_form_shows_campaign(client, setup):
    response = client.get(_apply_url(setup["campaign"]))
    assert response.status_code == 200
    assert "Werving Alfa" in response.content.decode()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"email": "geen-email"}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"motivation": ""}, "motivation"),
        ({"years_experience": "-3"}, "years_experience"),
        ({"years_experience": "abc"}, "years_experience"),
        ({"education_level": "phd"}, "education_level"),
        ({"cv": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 renamed exe" * 10)}, "cv"),
        ({"cv": SimpleUploadedFile("cv.exe", b"%PDF-1.4 hello")}, "cv"),
        ({"cv": SimpleUploadedFile("cv.pdf", b"")}, "cv"),
    ],
)
def test_public_form_bad_input(client, setup, overrides, field):
    response = client.post(_apply_url(setup["campaign"]), _apply_data(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert Application.objects.count() == 1


def test_public_form_refuses_oversized_cv(client, setup):
    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(_apply_url(setup["campaign"]), _apply_data(cv=big))
    assert response.status_code == 400 and response.context["form"].errors["cv"]


def test_public_form_refuses_duplicate_email(client, setup):
    campaign = setup["campaign"]
    assert client.post(_apply_url(campaign), _apply_data()).status_code == 302
    response = client.post(_apply_url(campaign), _apply_data(email="ANOUK@example.org"))
    assert response.status_code == 400
    assert "e-mailadres ontvangen" in response.content.decode()
    assert Application.objects.filter(campaign=campaign).count() == 2


def test_honeypot_pretends_success_and_stores_nothing(client, setup):
    response = client.post(_apply_url(setup["campaign"]), _apply_data(website="http://spam"))
    assert response.status_code == 302
    assert not Application.objects.filter(candidate__email="anouk@example.org").exists()


def test_rate_limit_per_ip(client, setup, settings):
    settings.INTAKE_APPLY_RATE_LIMIT = (2, 600)
    url = _apply_url(setup["campaign"])
    for n in range(2):
        assert client.post(url, _apply_data(email=f"p{n}@example.org")).status_code == 302
    response = client.post(url, _apply_data(email="p9@example.org"))
    assert response.status_code == 429
    assert not Application.objects.filter(candidate__email="p9@example.org").exists()
    other_ip = client.post(url, _apply_data(email="p8@example.org"), REMOTE_ADDR="10.0.0.8")
    assert other_ip.status_code == 302


def test_closed_and_unpublished_campaigns(client, world):
    today = timezone.localdate()
    closed = CampaignFactory(
        organisation=world.a.organisation,
        opens_on=today - datetime.timedelta(days=9),
        closes_on=today - datetime.timedelta(days=1),
    )
    response = client.post(_apply_url(closed), _apply_data())
    assert response.status_code == 409
    assert not Application.objects.exists()
    draft = CampaignFactory(organisation=world.a.organisation, is_published=False)
    assert client.get(_apply_url(draft)).status_code == 404
    assert client.get("/intake/apply/bestaat-niet/").status_code == 404


def test_full_campaign_offers_waiting_list_or_closes(client, world):
    campaign = CampaignFactory(organisation=world.a.organisation, application_cap=1)
    ApplicationFactory(campaign=campaign)
    page = client.get(_apply_url(campaign)).content.decode()
    assert "wachtlijst" in page.lower()
    response = client.post(_apply_url(campaign), _apply_data())
    assert response.status_code == 302 and "wachtlijst=1" in response.url
    assert Application.objects.get(candidate__email="anouk@example.org").on_waiting_list
    closed = CampaignFactory(
        organisation=world.a.organisation, application_cap=1, waiting_list=False
    )
    ApplicationFactory(campaign=closed)
    response = client.post(_apply_url(closed), _apply_data(email="z@example.org"))
    assert response.status_code == 409


# --- pipeline -----------------------------------------------------------------


def test_board_move_with_htmx_returns_board(client, world, setup):
    application = ApplicationFactory(campaign=setup["campaign"])
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_move", args=[application.pk])
    response = client.post(url, {"to_stage": "screening"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "screening"


def test_board_move_to_unknown_stage_gives_clear_error(client, world, setup):
    application = ApplicationFactory(campaign=setup["campaign"])
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_move", args=[application.pk])
    response = client.post(url, {"to_stage": "promoted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "bestaat niet" in response.content.decode()
    response = client.post(url, {"to_stage": "promoted", "next": "board"}, follow=True)
    assert "bestaat niet" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "applied"


def test_reject_without_reason_then_with_reason(client, world, setup):
    application = ApplicationFactory(campaign=setup["campaign"])
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_move", args=[application.pk])
    response = client.post(url, {"to_stage": "rejected"}, follow=True)
    assert "reden" in response.content.decode().lower()
    application.refresh_from_db()
    assert application.stage == "applied"
    client.post(url, {"to_stage": "rejected", "rejection_reason": reason().pk})
    application.refresh_from_db()
    assert application.stage == "rejected"


def test_scores_posted_by_assessors_and_updated(client, world, setup):
    application = setup["application"]
    vog, veerkracht = setup["campaign"].criteria.order_by("kind")
    url = reverse("intake:application_score", args=[application.pk])
    client.force_login(world.a.user(SUP))
    client.post(url, {f"c{vog.pk}": "yes", f"c{veerkracht.pk}": "4"})
    client.post(url, {f"c{veerkracht.pk}": "2"})
    client.force_login(world.a.user(HR))
    client.post(url, {f"c{veerkracht.pk}": "9"})  # out of range: nothing saved
    assert list(Score.objects.values_list("criterion__name", "value", "passed")) == [
        ("Veerkracht", 2, None),
        ("VOG", None, True),
    ] or sorted(Score.objects.values_list("criterion__name", "value", "passed"), key=str) == sorted(
        [("Veerkracht", 2, None), ("VOG", None, True)], key=str
    )
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Veerkracht" in html


def test_hire_through_the_page(client, world, setup):
    application = setup["application"]
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_hire", args=[application.pk])
    data = {
        "team": world.a.team.pk,
        "start_date": timezone.localdate().isoformat(),
        "fte": "1,00",
        "job_function": "Jeugdbeschermer in opleiding",
        "funding_source": "sectorplanplus",
    }
    response = client.post(url, {**data, "team": world.b.team.pk})
    assert response.status_code == 400 and not Hire.objects.exists()
    response = client.post(url, {**data, "start_date": "1999-01-01"})
    assert response.status_code == 400 and not Hire.objects.exists()
    # a supporting role needs its end date: nothing is saved without it
    response = client.post(url, {**data, "fte": "1.00", "start_mode": "supporting"})
    assert response.status_code == 400 and not Hire.objects.exists()
    assert "Tot wanneer duurt de ondersteunende rol?" in response.content.decode()
    until = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        url,
        {
            **data,
            "fte": "1.00",
            "start_mode": "supporting",
            "supporting_role_until": until.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hire = Hire.objects.get()
    # the onboarding choice of the support pyramid is recorded with the hire
    choice = OnboardingChoice.objects.get(employee=hire.employee)
    assert (choice.start_mode, choice.supporting_role_until) == ("supporting", until)
    page = client.get(response.url).content.decode()
    assert "begeleider" in page.lower() and hire.employee.get_absolute_url() in page
    # a second post shows the hand-over, never a second hire
    client.post(url, {**data, "fte": "1.00"})
    assert Hire.objects.count() == 1


def test_export_and_erase_on_request(client, world, setup):
    application = ApplicationFactory(campaign=setup["campaign"], last_name="Özdemir")
    client.force_login(world.a.user(HR))
    response = client.get(reverse("intake:application_export", args=[application.pk]))
    data = json.loads(response.content)
    assert data["candidate"]["last_name"] == "Özdemir"
    url = reverse("intake:application_erase", args=[application.pk])
    assert client.post(url, {}).status_code == 200
    application.refresh_from_db()
    assert application.candidate is not None
    assert client.post(url, {"confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.is_erased
    assert client.get(application.get_absolute_url()).status_code == 200


def test_list_filters_sort_and_odd_params(client, world, setup):
    campaign = setup["campaign"]
    ApplicationFactory(campaign=campaign, last_name="Ærø", education_field="sw_youth")
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_list", args=[campaign.pk])
    html = client.get(url, {"q": "Ærø"}).content.decode()
    assert "Ærø" in html
    html = client.get(url, {"route": "none"}).content.decode()
    assert "Ærø" in html
    for params in (
        {"stage": "bogus"},
        {"min_score": "abc"},
        {"submitted_from": "2026-13-45"},
        {"sort": "drop table"},
        {"page": "99999"},
        {"page": "-1"},
        {"q": "\x00"},
        {"waiting_list": "maybe"},
    ):
        assert client.get(url, params).status_code == 200, params


def test_export_filtered_list_csv_and_xlsx(client, world, setup):
    campaign = setup["campaign"]
    ApplicationFactory(campaign=campaign, first_name="=HYPERLINK", last_name="Bakker")
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_list", args=[campaign.pk])
    response = client.get(url, {"export": "csv", "stage": "applied"})
    text = response.getvalue().decode("utf-8-sig")  # streamed
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="sollicitaties-{campaign.slug}.csv"'
    )
    assert "Bakker" in text and "'=HYPERLINK" in text and text.count("\n") == 2
    assert text.startswith("Ingediend;Voornaam;Achternaam;E-mail;Fase;")
    response = client.get(url, {"export": "xlsx"})
    assert response.getvalue()[:2] == b"PK"
    assert response["Content-Disposition"] == (
        f'attachment; filename="sollicitaties-{campaign.slug}.xlsx"'
    )


def test_import_page_runs_job_and_shows_progress(
    client, world, setup, django_capture_on_commit_callbacks
):
    client.force_login(world.a.user(HR))
    upload = SimpleUploadedFile(
        "lijst.csv", b"first_name;last_name;email\nAnouk;Bakker;anouk.b@example.org\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:import_create", args=[setup["campaign"].pk]), {"file": upload}
        )
    assert response.status_code == 302
    page = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "import-progress" in page and "hx-get" not in page
    bad = SimpleUploadedFile("lijst.exe", b"MZ")
    response = client.post(
        reverse("intake:import_create", args=[setup["campaign"].pk]), {"file": bad}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    client.force_login(world.b.user(HR))
    assert client.get(page and response.wsgi_request.path).status_code == 404


# --- query counts -----------------------------------------------------------------

BASE = 6


def _more_applications(world, campaign, n):
    hr, sup = world.a.user(HR), world.a.user(SUP)
    criteria = list(campaign.criteria.all())
    for i in range(n):
        application = ApplicationFactory(campaign=campaign)
        for criterion in criteria:
            for assessor in (hr, sup):
                if criterion.is_hard:
                    services.score_set(
                        application=application, criterion=criterion, assessor=assessor, passed=True
                    )
                else:
                    services.score_set(
                        application=application,
                        criterion=criterion,
                        assessor=assessor,
                        value=1 + i % 5,
                    )
        if i % 3 == 0:
            services.application_move(application=application, to_stage="screening", by=hr)


QUERY_PAGES = {
    # memberships are read once per request by the scope check, so 6 + the page's own
    "intake:campaign_list": (lambda s: {}, 3),  # count, campaigns
    "intake:campaign_detail": (lambda s: {"pk": s["campaign"].pk}, 3),  # campaign, criteria
    "intake:board": (lambda s: {"pk": s["campaign"].pk}, 6),  # +counts, ranked ids, cards, reasons
    "intake:application_list": (lambda s: {"pk": s["campaign"].pk}, 5),  # +count, page, elsewhere
    "intake:funnel": (lambda s: {"pk": s["campaign"].pk}, 9),
    "intake:application_detail": (lambda s: {"pk": s["application"].pk}, 11),
}


@pytest.mark.parametrize("name", list(QUERY_PAGES))
def test_exact_query_counts_do_not_grow_with_rows(
    client, world, setup, django_assert_num_queries, name
):
    kwargs, extra = QUERY_PAGES[name]
    url = reverse(name, kwargs=kwargs(setup))
    client.force_login(world.a.user(HR))
    client.get(url)
    with django_assert_num_queries(BASE + extra):
        assert client.get(url).status_code == 200
    _more_applications(world, setup["campaign"], 12)
    CampaignFactory(organisation=world.a.organisation)
    with django_assert_num_queries(BASE + extra):
        assert client.get(url).status_code == 200


def test_public_form_query_count(client, setup, django_assert_num_queries):
    url = _apply_url(setup["campaign"])
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_hire_form_does_not_create_anything_for_outsiders(client, world, setup):
    client.force_login(world.a.user(SUP))
    url = reverse("intake:application_hire", args=[setup["application"].pk])
    response = client.post(
        url,
        {
            "team": world.a.team.pk,
            "start_date": timezone.localdate().isoformat(),
            "fte": "1",
            "job_function": "x",
            "funding_source": "own_budget",
        },
    )
    assert response.status_code == 403
    assert not Hire.objects.exists()
    assert Decimal("1")


def test_hr_runs_a_campaign_from_publish_to_hire(client, world, django_capture_on_commit_callbacks):
    hr = world.a.user(HR)
    client.force_login(hr)
    response = client.post(
        reverse("intake:campaign_create"), _campaign_post(world, title="Jeugdbeschermers 2027")
    )
    campaign = Campaign.objects.get(title="Jeugdbeschermers 2027")
    add = reverse("intake:criterion_add", args=[campaign.pk])
    client.post(add, {"name": "Aanverwant hbo-diploma", "kind": "hard", "weight": 1})
    client.post(add, {"name": "Motivatie", "kind": "soft", "weight": 3})
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(campaign), _apply_data(email="ruben@example.org"))
    assert response.status_code == 302
    application = Application.objects.get(campaign=campaign)
    client.force_login(hr)
    move = reverse("intake:application_move", args=[application.pk])
    client.post(move, {"to_stage": "screening", "reason": "Sterk cv"})
    hard, soft = campaign.criteria.order_by("kind")
    client.post(
        reverse("intake:application_score", args=[application.pk]),
        {f"c{hard.pk}": "yes", f"c{soft.pk}": "5"},
    )
    starts = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:interview_create", args=[application.pk]),
            {
                "starts_at": starts,
                "duration_minutes": 60,
                "location": "Kantoor Groningen",
                "panel": [hr.pk, world.a.user(SUP).pk],
            },
        )
    assert response.status_code == 302
    assert any(m.attachments for m in mail.outbox)
    client.post(move, {"to_stage": "interview"})
    client.post(move, {"to_stage": "offer"})
    response = client.post(
        reverse("intake:application_hire", args=[application.pk]),
        {
            "team": world.a.team.pk,
            "start_date": timezone.localdate().isoformat(),
            "fte": "1.00",
            "job_function": "Jeugdbeschermer in opleiding",
            "funding_source": "sectorplanplus",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "hired"
    assert [c.to_stage for c in application.stage_changes.all()] == [
        "applied",
        "screening",
        "interview",
        "offer",
        "hired",
    ]
    employee = application.hire.employee
    assert employee.is_side_entrant and employee.email == "ruben@example.org"


def test_employee_page_shows_the_handover_until_done(client, world, setup):
    from tests.mentoring import factories as mf

    application = setup["application"]
    hire = services.application_hire(
        application=application,
        team=world.a.team,
        start_date=timezone.localdate(),
        fte=Decimal("1"),
        job_function="Jeugdbeschermer in opleiding",
        by=world.a.user(HR),
    )
    url = hire.employee.get_absolute_url()
    client.force_login(world.a.user(HR))
    html = client.get(url).content.decode()
    # The training app created the track on hire; the mentor is still to be matched.
    assert "Overdracht vanuit werving" in html
    assert "Koppel een begeleider" in html and "Zet het opleidingstraject op" not in html
    # Not for colleagues who do not run recruitment, nor for employees not hired here.
    client.force_login(world.a.user(Role.MANAGER))
    assert "Overdracht vanuit werving" not in client.get(url).content.decode()
    client.force_login(world.a.user(HR))
    assert (
        "Overdracht vanuit werving"
        not in client.get(world.a.employee.get_absolute_url()).content.decode()
    )
    # Once a main mentor is matched, nothing is left to do: the panel goes.
    mentor = mf.mentor(world.a)
    mf.assign(hire.employee, mentor.employee, start=timezone.localdate())
    assert "Overdracht vanuit werving" not in client.get(url).content.decode()


def test_hire_with_a_main_mentor_from_the_pool(client, world, setup):
    from mentoring.models import MentorAssignment
    from tests.mentoring import factories as mf

    free = mf.mentor(world.a, employee={"last_name": "Vrijeplek"})
    full = mf.mentor(world.a, employee={"last_name": "Volzet"})
    mf.assign(mf.side_entrant(world.a), full.employee, start=timezone.localdate())
    application = setup["application"]
    client.force_login(world.a.user(HR))
    url = reverse("intake:application_hire", args=[application.pk])
    html = client.get(url).content.decode()
    assert "Vrijeplek" in html and "Volzet" not in html  # only mentors with a free place
    data = {
        "team": world.a.team.pk,
        "start_date": timezone.localdate().isoformat(),
        "fte": "1.00",
        "job_function": "Jeugdbeschermer in opleiding",
        "funding_source": "sectorplanplus",
    }
    # A mentor without a free place (e.g. taken meanwhile) is refused; nothing is saved.
    response = client.post(url, {**data, "main_mentor": full.employee.pk})
    assert response.status_code == 400 and not Hire.objects.exists()
    response = client.post(url, {**data, "main_mentor": free.employee.pk})
    assert response.status_code == 302, response.context["form"].errors
    hire = Hire.objects.get()
    assignment = MentorAssignment.objects.get(mentee=hire.employee)
    assert (assignment.mentor, assignment.kind) == (free.employee, "main")
    assert assignment.checkins.exists()  # the check-in schedule starts with the hire
    assert (
        "Overdracht vanuit werving"
        not in client.get(hire.employee.get_absolute_url()).content.decode()
    )


def test_applicant_withdraws_with_the_link_from_the_email(
    client, setup, django_capture_on_commit_callbacks
):
    campaign = setup["campaign"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_apply_url(campaign), _apply_data(email="fleur@example.org"))
    body = mail.outbox[-1].body
    url = next(word for word in body.split() if "/intake/withdraw/" in word)
    path = url[url.index("/intake/") :]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 200 and "ingetrokken" in response.content.decode()
    application = Application.objects.get(candidate__email="fleur@example.org")
    assert application.stage == "withdrawn" and application.ended_at is not None
    assert application.stage_changes.last().changed_by is None
    # a second visit says it is closed; a forged token is a 404
    assert "al afgesloten" in client.get(path).content.decode()
    assert client.get(path[:-3] + "xyz/").status_code == 404
    assert client.get("/intake/withdraw/<script>/").status_code == 404


# Public pages (no login; tested by the apply and withdraw tests) and the two URLs with
# their own access test below.
OUTSIDE_MATRIX = {
    "intake:apply",
    "intake:apply_thanks",
    "intake:withdraw",
    "intake:criterion_delete",
    "intake:import_detail",
}


def test_every_intake_url_is_covered():
    from intake import urls

    names = {f"intake:{p.name}" for p in urls.urlpatterns}
    covered = {p[0] for p in PAGES} | {p[0] for p in POSTS} | OUTSIDE_MATRIX
    assert names == covered


def test_criterion_delete_and_import_detail_are_scoped(client, world, setup):
    from intake.models import ImportJob, SelectionCriterion

    criterion = setup["campaign"].criteria.get(name="Veerkracht")
    job = ImportJob.objects.create(
        campaign=setup["campaign"], file="imports/x.csv", original_name="x.csv"
    )
    delete = reverse("intake:criterion_delete", args=[criterion.pk])
    detail = reverse("intake:import_detail", args=[job.pk])
    for role in Role:
        client.force_login(world.b.user(role))
        assert client.post(delete).status_code == 404, role
        assert client.get(detail).status_code == 404, role
        if role in MANAGE:
            continue
        client.force_login(world.a.user(role))
        assert client.post(delete).status_code in (403, 404), role
        assert client.get(detail).status_code in (403, 404), role
    assert SelectionCriterion.objects.filter(pk=criterion.pk).exists()
    client.force_login(world.a.user(HR))
    assert client.get(detail).status_code == 200
    assert client.post(delete).status_code == 302
    assert not SelectionCriterion.objects.filter(pk=criterion.pk).exists()


def test_board_shows_the_best_cards_per_column_with_true_counts(client, world, setup, monkeypatch):
    from intake import selectors

    monkeypatch.setattr(selectors, "BOARD_CARDS_PER_COLUMN", 3)
    campaign = setup["campaign"]
    veerkracht = campaign.criteria.get(name="Veerkracht")
    hr = world.a.user(HR)
    for value in (2, 5, 3, 1):
        application = ApplicationFactory(campaign=campaign, last_name=f"Score {value}")
        services.score_set(application=application, criterion=veerkracht, assessor=hr, value=value)
    ApplicationFactory(campaign=campaign, last_name="Ongescoord")
    screened = ApplicationFactory(campaign=campaign, last_name="Gescreend")
    services.application_move(application=screened, to_stage="screening", by=hr)
    client.force_login(hr)
    html = client.get(reverse("intake:board", args=[campaign.pk])).content.decode()
    applied = html[html.index('id="col-applied"') : html.index('id="col-screening"')]
    # 5 applied, the best 3 shown in order of weighted total; the count is the true total
    assert '<span class="badge text-bg-secondary">5</span>' in applied
    shown = [name for name in ("Score 5", "Score 3", "Score 2") if name in applied]
    assert shown == ["Score 5", "Score 3", "Score 2"]
    assert applied.index("Score 5") < applied.index("Score 3") < applied.index("Score 2")
    assert "Score 1" not in applied and "Ongescoord" not in applied
    link = reverse("intake:application_list", args=[campaign.pk]) + "?stage=applied&amp;sort=score"
    assert f'href="{link}">Toon alle 5 in deze fase</a>' in applied
    screening = html[html.index('id="col-screening"') : html.index('id="col-interview"')]
    assert "Gescreend" in screening and "Toon alle" not in screening
    # every shown card keeps its move form, with the other stages as targets
    assert html.count('name="to_stage"') == 3 + 1 + 1  # applied, screening, offer
    assert '<option value="screening">Screening</option>' in applied
    assert '<option value="applied">' not in applied


def test_list_page_flags_people_who_also_applied_elsewhere(client, world, setup):
    campaign = setup["campaign"]
    other = CampaignFactory(organisation=world.a.organisation)
    ApplicationFactory(campaign=other, email="dubbel@example.org")
    ApplicationFactory(campaign=campaign, email="dubbel@example.org", last_name="Dubbel")
    ApplicationFactory(campaign=campaign, email="enkel@example.org", last_name="Enkel")
    client.force_login(world.a.user(HR))
    html = client.get(reverse("intake:application_list", args=[campaign.pk])).content.decode()
    rows = {row.split("</tr>")[0] for row in html.split("<tr")[1:]}
    assert any("Dubbel" in r and "solliciteerde ook elders" in r for r in rows)
    assert not any("Enkel" in r and "solliciteerde ook elders" in r for r in rows)
    assert html.count("solliciteerde ook elders") == 1
