"""The functional admin's audit page: history of important records and trajectory reads."""

import datetime

import pytest
from django.urls import reverse

from organisations import audit, services
from organisations.models import Placement
from organisations.roles import Role
from support import services as support_services
from tests.intake.factories import ApplicationFactory
from tests.mentoring.factories import assign, mentor, side_entrant
from tests.support.factories import trajectory
from tests.training.factories import track

pytestmark = pytest.mark.django_db
URL = reverse("organisations:audit_log")
SECRET = "Minder caseload wegens burn-out"  # health content: must never show


def _placement(side) -> Placement:
    return Placement.objects.get(employee=side.employee)


def _history_of_everything(side, *, end=datetime.date(2026, 12, 31)):
    """One of each audited kind in this organisation; returns the trajectory."""
    ApplicationFactory(campaign__organisation=side.organisation, last_name="Audit")
    services.placement_end(placement=_placement(side), end_date=end)
    assign(side_entrant(side), mentor(side).employee)
    track(side.side_entrant)
    opened = trajectory(side.employee, notes=SECRET)
    support_services.trajectory_update(
        trajectory=opened, changed_by=None, advised_adjustments=SECRET
    )
    support_services.trajectory_access_record(
        user=side.user(Role.SUPPORT_COORDINATOR),
        trajectory=opened,
        allowed=True,
        path=f"/support/trajectories/{opened.pk}/",
    )
    return opened


def _page(client, who, **params):
    client.force_login(who)
    return client.get(URL, params)


def test_functional_admin_sees_every_kind_of_own_organisation(client, world):
    opened = _history_of_everything(world.a)
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN))
    assert response.status_code == 200
    kinds = [entry.kind for entry in response.context["entries"]]
    assert set(kinds) == {*audit.SOURCES, audit.READ_KIND}
    # Placement end: the field, its old and its new value.
    html = response.content.decode()
    assert "2026-12-31" in html
    reads = [e for e in response.context["entries"] if e.kind == audit.READ_KIND]
    assert [(r.object_id, r.user, r.action) for r in reads] == [
        (opened.pk, world.a.user(Role.SUPPORT_COORDINATOR), "geopend")
    ]


def test_records_of_another_organisation_are_never_shown(client, world):
    _history_of_everything(world.a)
    theirs = _history_of_everything(world.b, end=datetime.date(2031, 1, 31))
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN))
    html = response.content.decode()
    assert "2031-01-31" not in html
    assert (
        response.context["page"].paginator.count
        == _page(client, world.b.user(Role.FUNCTIONAL_ADMIN)).context["page"].paginator.count
    )
    ids = {(e.kind, e.object_id) for e in response.context["entries"]}
    assert ("trajectory", theirs.pk) not in ids
    assert (audit.READ_KIND, theirs.pk) not in ids
    # Asking for their object by number finds nothing.
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN), object_id=theirs.pk)
    assert all(
        e.object_id != theirs.pk or e.kind not in ("trajectory", audit.READ_KIND)
        for e in response.context["entries"]
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONAL_ADMIN])
def test_other_roles_are_refused(client, world, role):
    assert _page(client, world.a.user(role)).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_trajectory_history_and_reads_show_no_health_content(client, world):
    opened = _history_of_everything(world.a)
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN), kind="trajectory")
    html = response.content.decode()
    assert SECRET not in html and "Arbeidspsycholoog" not in html
    (changed,) = [e for e in response.context["entries"] if e.action == "gewijzigd"]
    assert changed.values_hidden and changed.changes
    assert all(c.old == "" and c.new == "" for c in changed.changes)
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN), kind=audit.READ_KIND)
    html = response.content.decode()
    assert SECRET not in html and "/support/trajectories/" not in html
    assert f"#{opened.pk}" in html


def test_newest_first(client, world):
    _history_of_everything(world.a)
    entries = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN)).context["entries"]
    moments = [e.at for e in entries]
    assert moments == sorted(moments, reverse=True)
    assert entries[0].kind == audit.READ_KIND  # the last thing that happened


def test_filters_narrow_the_list(client, world):
    _history_of_everything(world.a)
    admin = world.a.user(Role.FUNCTIONAL_ADMIN)
    placement = _placement(world.a)
    entries = _page(client, admin, kind="placement").context["entries"]
    assert {e.kind for e in entries} == {"placement"}
    entries = _page(client, admin, kind="placement", object_id=placement.pk).context["entries"]
    assert [e.action for e in entries] == ["gewijzigd", "aangemaakt"]
    assert [c.new for c in entries[0].changes] == ["2026-12-31"]

    # By user: stamp one version with the admin as author.
    history = Placement.history.filter(id=placement.pk).order_by("-history_id").first()
    Placement.history.filter(history_id=history.history_id).update(history_user=admin)
    entries = _page(client, admin, user=admin.pk).context["entries"]
    assert [(e.kind, e.object_id) for e in entries] == [("placement", placement.pk)]

    today = datetime.date.today()
    assert _page(client, admin, date_from=today, date_to=today).context["page"].paginator.count
    before = today - datetime.timedelta(days=3)
    assert not _page(client, admin, date_to=before).context["page"].paginator.count
    assert not _page(client, admin, date_from=today + datetime.timedelta(days=1)).context["entries"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "31-02-2026"},
        {"date_from": "2026-06-01", "date_to": "2026-01-01"},
        {"object_id": "-1"},
        {"object_id": "99999999999999"},
        {"object_id": "abc"},
        {"kind": "<script>alert(1)</script>"},
        {"user": "99999"},
        {"user": "x' OR 1=1 --"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, world, params):
    _history_of_everything(world.a)
    response = _page(client, world.a.user(Role.FUNCTIONAL_ADMIN), **params)
    assert response.status_code == 200
    assert response.context["page"] is None
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert "<script>alert(1)</script>" not in html


def test_a_user_of_another_organisation_is_not_a_filter_choice(client, world):
    response = _page(
        client, world.a.user(Role.FUNCTIONAL_ADMIN), user=world.b.user(Role.HR_ADVISOR).pk
    )
    assert response.context["page"] is None


@pytest.mark.parametrize("page", ["abc", "-1", "99999", ""])
def test_odd_page_numbers(client, world, page):
    _history_of_everything(world.a)
    assert _page(client, world.a.user(Role.FUNCTIONAL_ADMIN), page=page).status_code == 200


def test_query_count_is_exact_and_does_not_grow(client, world, django_assert_num_queries):
    _history_of_everything(world.a)
    admin = world.a.user(Role.FUNCTIONAL_ADMIN)
    client.force_login(admin)
    # 7 baseline + count + page (one UNION) + one per historical kind on the page (7,
    # current and previous versions together) + the authors + the "by" choices.
    with django_assert_num_queries(7 + 1 + 1 + 7 + 1 + 1):
        assert client.get(URL).status_code == 200
    opened = world.a.employee.support_trajectories.get()
    for day in range(1, 8):
        ApplicationFactory(campaign__organisation=world.a.organisation)
        services.placement_end(placement=_placement(world.a), end_date=datetime.date(2027, 1, day))
        support_services.trajectory_access_record(
            user=admin, trajectory=opened, allowed=True, path="/"
        )
    with django_assert_num_queries(7 + 1 + 1 + 7 + 1 + 1):
        response = client.get(URL)
    assert len(response.context["entries"]) > 20
    # A page with one kind only costs the same (the other kinds are still looked up).
    with django_assert_num_queries(7 + 1 + 1 + 7 + 1 + 1):
        response = client.get(URL, {"kind": "placement"})
    assert {entry.kind for entry in response.context["entries"]} == {"placement"}


def test_union_of_every_kind_alone_and_together(world):
    _history_of_everything(world.a)
    org_ids = {world.a.organisation.pk}
    total = audit.audit_rows(org_ids=org_ids).count()
    alone = sum(
        audit.audit_rows(org_ids=org_ids, filters={"kind": kind}).count()
        for kind, _label in audit.KIND_CHOICES
        if kind
    )
    assert total == alone > 0


def test_navigation_shows_the_page_to_the_functional_admin_only(client, world):
    client.force_login(world.a.user(Role.FUNCTIONAL_ADMIN))
    assert URL in client.get("/").content.decode()
    client.force_login(world.a.user(Role.HR_ADVISOR))
    assert URL not in client.get("/").content.decode()
