"""The small-number rule: no figure a manager sees, on a page or in an export, rests on
fewer than 5 people without showing as "<5".

One organisation where every figure is about 1 to 4 people (two sick colleagues, two
trajectories, one mentee, a programme of two side-entrants of whom one left: 50%
dropout...). Every figure page and export is fetched as its manager; any cell that still
shows an exact small count or a rate of those few people fails the test. Then the rule
itself: `organisations.figures` and its edge cases.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from dashboards.programmes import services as programme_services
from mentoring.models import CheckIn, MentorPulse
from organisations import figures
from organisations import services as org_services
from organisations.roles import Role
from support import services as support_services
from support.models import Level
from tests.dashboards.factories import make_programme
from tests.mentoring.factories import assign, mentor
from tests.organisations.factories import EmployeeFactory, PlacementFactory
from tests.support.factories import trajectory
from tests.training.factories import track

D = datetime.date
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)

# An exact small figure as a cell shows it: "2", "(3)", "50%", "12,5%", "50,0".
SMALL_COUNT = re.compile(r"^\(?[1-4]\)?$")
PERCENT = re.compile(r"^\d+([.,]\d+)?\s?%$")
DECIMAL = re.compile(r"^\d+[.,]\d+$")
PEOPLE_TEXT = re.compile(r"\b[1-4] (people|mensen|zij-instromer)", re.IGNORECASE)


class Cells(HTMLParser):
    """The text of every table cell and every element marked as a figure or a stat."""

    FIGURE_CLASSES = {"stat", "fs-4", "fw-semibold"}

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._stack: list[list[str] | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        wanted = tag == "td" or "data-figure" in attrs or bool(classes & self.FIGURE_CLASSES)
        self._stack.append([] if wanted else None)

    def handle_endtag(self, tag):
        if tag in {"br", "img", "input", "meta", "link", "hr"} or not self._stack:
            return
        parts = self._stack.pop()
        if parts is not None:
            text = " ".join("".join(parts).split())
            self.cells.append(text)
            for outer in self._stack:
                if outer is not None:
                    outer.append(" " + text + " ")

    def handle_data(self, data):
        for parts in reversed(self._stack):
            if parts is not None:
                parts.append(data)
                break


def _cells(html: str) -> list[str]:
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    parser = Cells()
    parser.feed(main)
    return parser.cells


def _exact_small(cells: list[str], *, decimals_are_fte: bool = True) -> list[str]:
    bad = [c for c in cells if SMALL_COUNT.match(c) or PERCENT.match(c)]
    if not decimals_are_fte:
        bad += [c for c in cells if DECIMAL.match(c)]
    return bad


@pytest.fixture
def few(world):
    """World A, where every figure about people rests on 1 to 4 of them."""
    with time_machine.travel(NOW, tick=False):
        a = world.a
        org, team = a.organisation, a.team
        regular, entrant = a.employee, a.side_entrant
        # A second side-entrant who left within six months: 1 of 2 dropped out (50%).
        leaver = EmployeeFactory(
            organisation=org,
            team=team,
            is_side_entrant=True,
            employment_start=D(2025, 1, 6),
            last_name="Vertrokken",
        )
        PlacementFactory(
            employee=leaver,
            team=team,
            start_date=D(2025, 1, 6),
            end_date=D(2025, 5, 30),
            formation_kind="supernumerary",
        )
        org_services.employee_update(employee=leaver, employment_end=D(2025, 5, 30))

        # Support: two trajectories this quarter (one finished, one escalated), two sick.
        first = trajectory(regular, level=Level.VERSTERKEN, start=D(2026, 10, 5))
        second = trajectory(entrant, level=Level.VOORKOMEN, start=D(2026, 10, 12))
        support_services.trajectory_escalate(
            trajectory=second, up=True, date=D(2026, 10, 20), reason="x", decided_by=None
        )
        support_services.trajectory_update(
            trajectory=first, changed_by=None, ended_on=D(2026, 11, 2), status="completed"
        )
        for employee in (regular, entrant):
            support_services.absence_record_create(
                employee=employee, start_date=D(2026, 10, 1), end_date=D(2026, 10, 20)
            )

        # Mentoring: one mentor with room (places are not people), one mentee.
        profile = mentor(a, max_main_mentees=6, max_sub_mentees=7)
        assignment = assign(entrant, profile.employee, start=D(2025, 3, 1), notify_people=False)
        for planned, held, score in (
            (D(2026, 6, 1), D(2026, 6, 1), 2),
            (D(2026, 9, 1), D(2026, 9, 1), 4),
            (D(2026, 11, 1), None, None),
        ):
            CheckIn.objects.update_or_create(
                assignment=assignment,
                planned_date=planned,
                defaults={"held_on": held, "how_it_goes": score},
            )
        MentorPulse.objects.create(
            profile=profile, period_start=D(2026, 9, 1), energy=2, time_pressure=4
        )

        # Training: three tracks.
        for employee in (regular, entrant, leaver):
            track(employee)

        # A programme of the two side-entrants, with goals so that lights are drawn.
        programme = make_programme(org, starts_on=D(2025, 1, 1))
        for kpi, target in (("hired", "2"), ("dropout_6", "20"), ("checkin_score", "3")):
            programme_services.goal_create(programme=programme, kpi=kpi, target=Decimal(target))
    return world, programme


def _get(client, url, params=None):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response


def _html_pages(programme):
    quarter = {"year": "2026", "quarter": "4"}
    return [
        (reverse("support:figures"), quarter, False),
        (reverse("mentoring:figures"), {}, True),
        (reverse("training:track_summary"), {}, True),
        (reverse("home"), {}, True),
        (reverse("dashboards:capacity"), {}, True),
        (reverse("dashboards:forecast"), {}, True),
        (reverse("dashboards:programme_evaluation", args=[programme.pk]), {}, False),
        (reverse("dashboards:finance_plan", args=[programme.pk]), {}, True),
    ]


@pytest.mark.django_db
def test_no_page_shows_an_exact_figure_about_fewer_than_5_people(client, few):
    world, programme = few
    client.force_login(world.a.user(Role.MANAGER))
    problems = {}
    for url, params, decimals_are_fte in _html_pages(programme):
        html = _get(client, url, params).content.decode()
        cells = _cells(html)
        found = _exact_small(cells, decimals_are_fte=decimals_are_fte)
        text = " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[-1]).split())
        found += [m.group(0) for m in PEOPLE_TEXT.finditer(text)]
        if not cells or "&lt;5" not in html:
            found.append("no figure cells, or no <5 at all")
        if world.a.side_entrant.last_name in html:
            found.append("a name")
        if found:
            problems[url] = found
    # Every page is checked before failing, so one run names every page that leaks.
    assert problems == {}


@pytest.mark.django_db
def test_the_sick_leave_of_two_colleagues_is_not_a_percentage(client, few):
    world, _programme = few
    client.force_login(world.a.user(Role.MANAGER))
    html = _get(client, reverse("support:figures"), {"year": "2026", "quarter": "4"})
    html = html.content.decode()
    assert 'data-figure="absence-rate">&lt;5<' in html
    # The trend chart leaves the quarter out as well.
    assert '"absence": [null, null, null, null]' in html


@pytest.mark.django_db
def test_programme_evaluation_exports_show_no_exact_small_figure(client, few):
    world, programme = few
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:programme_evaluation", args=[programme.pk])

    raw = _get(client, url, {"format": "csv"}).getvalue().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(raw.splitlines()[0], delimiters=";,\t")
    header, *rows = list(csv.reader(io.StringIO(raw), dialect))
    assert rows
    figure_columns = [i for i, name in enumerate(header) if i >= 3 and i != 4]
    for row in rows:
        for i in figure_columns:
            cell = row[i]
            assert not SMALL_COUNT.match(cell) and not DECIMAL.match(cell), (row[0], cell)
            assert not PERCENT.match(cell), (row[0], cell)
    assert any("<5" in row for row in rows)

    pdf = _get(client, url, {"format": "pdf"}).content
    text = _pdf_text(pdf)
    tokens = [token for line in text.splitlines() for token in line.split()]
    assert "<5" in tokens
    # A target ("≤ 20,00", now printed in DejaVu) is a goal, not a figure about people.
    figures_shown = [
        token
        for before, token in zip(["", *tokens[:-1]], tokens, strict=True)
        if before not in {"<=", ">=", "≤", "≥"}
    ]
    assert [t for t in figures_shown if SMALL_COUNT.match(t) or DECIMAL.match(t)] == []


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_evaluation_lights_do_not_tell_about_few_people(client, few):
    """A red light for a dropout goal of two people says one of them left: not shown."""
    world, programme = few
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:programme_evaluation", args=[programme.pk])
    html = _get(client, url).content.decode()
    assert "minder dan 5 mensen" in html
    for light in ("text-bg-success", "text-bg-warning", "text-bg-danger"):
        assert light not in html.split("<tbody>", 1)[1]


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "people", "shown"),
    [
        (0, None, "<5"),
        (4, None, "<5"),
        (5, None, "5"),
        (120, None, "120"),
        (None, None, ""),
        (None, 12, ""),
        (7, 4, "<5"),  # seven trajectories of four people
        (3, 9, "3"),  # three escalations among nine people: about the group
    ],
)
def test_show_counts(value, people, shown):
    assert figures.show(value, people) == shown


def test_boundary_is_the_setting():
    assert figures.SMALL_GROUP == 5 and figures.SMALL == "<5"
    assert figures.is_small(4) and not figures.is_small(5) and figures.is_small(None)


def test_rates_rest_on_numerator_and_denominator():
    # 2 of 100 sick: the rate rests on two people.
    assert str(figures.rate(2, 100)) == "<5"
    # 10 of 20: both groups large enough; Dutch decimals.
    assert str(figures.rate(10, 20)) == "50,0%"
    assert str(figures.rate(5, 4)) == "<5"
    # Nobody in the numerator is as telling as a few.
    assert str(figures.rate(0, 50)) == "<5"
    # People given apart from the numbers (sick days of sick people).
    assert str(figures.rate(46, 644, numerator_people=5, denominator_people=7)) == "7,1%"
    # Without a denominator there is no rate at all.
    assert figures.rate(0, 0).value is None and str(figures.rate(0, 0)) == ""
    assert figures.rate(1, 3).number is None
    assert figures.rate(6, 12).number == Decimal(50)


def test_averages_and_units():
    assert str(figures.average(Decimal("3.456"), people=4, decimals=2)) == "<5"
    assert str(figures.average(Decimal("3.456"), people=6, decimals=2)) == "3,46"
    assert str(figures.average(12.25, people=6, decimals=1, unit="%")) == "12,3%"
    assert figures.average(3.5, people=5).number == 3.5


def test_withheld_totals():
    parts = [figures.count(2), figures.count(6), figures.count(0)]
    # 8 - 6 gives the hidden 2 away: withheld.
    total = figures.with_total(parts, figures.count(8))
    assert total.withheld and str(total) == "–" and total.number is None
    # Only zeros hidden: nothing to give away.
    total = figures.with_total([figures.count(0), figures.count(6)], figures.count(6))
    assert not total.withheld and str(total) == "6"
    # Hidden parts of 5 or more together (here 3 + 3 + 6 shown) are no small group.
    parts = [figures.count(3), figures.count(3), figures.count(6)]
    assert str(figures.with_total(parts, figures.count(12))) == "12"
    # A small total stays "<5" whether withheld or not.
    assert str(figures.with_total([figures.count(2)], figures.count(2))) == "<5"


def test_exports_get_numbers_or_the_text():
    assert figures.number_or_small(figures.count(7)) == 7
    assert figures.number_or_small(figures.count(3)) == "<5"
    assert figures.number_or_small(figures.Figure(9, 9, withheld=True)) == "–"


def test_template_filter():
    from organisations.templatetags.figures import people_count

    assert people_count(3) == "<5"
    assert people_count(11) == "11"
    assert people_count(None) == ""
