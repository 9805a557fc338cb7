"""make bench: query counts at small and large scale, and server time against the floor page.

Runs in a throw-away test database (created and dropped here), so it never touches
real data. Use PostgreSQL (DATABASE_URL) for figures that mean something; SQLite
works for a quick look. Exit status 1 when a budget is missed or a page's query
count grows with the data.
"""

import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

from bench.pages import PAGES  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
RESULTS = ROOT / "bench" / "results"


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=settings.DEMO_PASSWORD), username
    return client


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm caches (templates, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _times(client: Client, url: str) -> list[float]:
    client.get(url)
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return samples


def _p(samples, q):
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def main() -> int:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
            return _run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run() -> int:
    quiet = io.StringIO()
    call_command("seed_demo", stdout=quiet)
    small = {page.name: _count(_client(page.username), page.url()) for page in PAGES}

    started = time.perf_counter()
    call_command("seed_demo", "--scale", "large", stdout=quiet)
    seed_seconds = time.perf_counter() - started

    floor_samples = _times(_client("hr"), "/_bench/floor/")
    floor_p50 = statistics.median(floor_samples)
    rows, failed = [], False
    for page in PAGES:
        client = _client(page.username)
        url = page.url()
        large = _count(client, url)
        samples = _times(client, url)
        p50, p95 = statistics.median(samples), _p(samples, 95)
        ok = large == small[page.name] and p95 <= page.budget_ms
        failed |= not ok
        rows.append(
            {
                "page": page.name,
                "issue": page.issue,
                "role": page.username,
                "queries_small": small[page.name],
                "queries_large": large,
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "ratio_to_floor": round(p50 / floor_p50, 1),
                "budget_p95_ms": page.budget_ms,
                "pass": ok,
            }
        )
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "database": connection.vendor,
        "requests_per_page": REQUESTS,
        "seed_large_seconds": round(seed_seconds, 1),
        "floor": {"p50_ms": round(floor_p50, 1), "p95_ms": round(_p(floor_samples, 95), 1)},
        "pages": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2))
    markdown = _markdown(result)
    (RESULTS / "latest.md").write_text(markdown)
    print(markdown)
    return 1 if failed else 0


def _markdown(result) -> str:
    lines = [
        f"Benchmark {result['date']} on {result['machine']}, {result['database']}, "
        f"{result['requests_per_page']} requests per page; large seed took "
        f"{result['seed_large_seconds']} s; floor p50 {result['floor']['p50_ms']} ms.",
        "",
        "| page | issue | role | queries small | queries large | p50 ms | p95 ms | x floor "
        "| budget p95 ms | pass |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['page']} | {row['issue']} | {row['role']} | {row['queries_small']} | "
            f"{row['queries_large']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['ratio_to_floor']} | {row['budget_p95_ms']} | "
            f"{'yes' if row['pass'] else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
