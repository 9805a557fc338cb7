"""The benchmark's pages cost, at the demo scale, the queries `make bench` last measured
(bench/expected_queries.json).

`make bench` checks that each count stays the same at the large scale; this keeps the
small-scale counts honest on every CI run (a page that gains a query fails here until
the benchmark is run again and docs/performance.md shows the new figure).
"""

import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import PAGES

# Written by bench/run.py from its small-scale counts (committed; results/ is not).
EXPECTED = Path(__file__).resolve().parents[2] / "bench" / "expected_queries.json"


def _expected() -> dict[str, int]:
    return json.loads(EXPECTED.read_text())


def test_every_page_has_a_measured_count():
    assert set(_expected()) == {page.name for page in PAGES}


@pytest.mark.django_db
def test_small_scale_query_counts_match_the_benchmark():
    from django.db import connection

    call_command("seed_demo", stdout=io.StringIO())
    expected = _expected()
    clients: dict[str, Client] = {}
    actual = {}
    for page in PAGES:
        if page.username not in clients:
            clients[page.username] = Client()
            assert clients[page.username].login(
                username=page.username, password=settings.DEMO_PASSWORD
            )
        client = clients[page.username]
        url = page.url()
        client.get(url)  # warm caches, as bench/run.py does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (page.name, response.status_code)
        actual[page.name] = len(queries)
    if os.environ.get("BENCH_WRITE_EXPECTED"):
        # After a deliberate change: BENCH_WRITE_EXPECTED=1 pytest tests/bench rewrites
        # the file; `make bench` then shows whether the large scale still matches.
        EXPECTED.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
        return
    assert actual == {name: expected[name] for name in actual}
