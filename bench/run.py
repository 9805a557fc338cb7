"""make bench: query counts at small and large scale, server time against the floor page,
and the background jobs (reminders, retention, schedule generation, import) over their
large inputs.

Runs in a throw-away test database (created and dropped here), so it never touches
real data. Use PostgreSQL (DATABASE_URL) for figures that mean something; SQLite
works for a quick look. Exit status 1 when a budget is missed or a page's query
count grows with the data.

Environment: BENCH_REQUESTS (default 30) requests per page; BENCH_ONLY=substring to
measure only matching pages (a quick look; the JSON then holds only those).
"""

import io
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

from bench.jobs import JOBS  # noqa: E402
from bench.pages import PAGES  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
ONLY = os.environ.get("BENCH_ONLY", "")
RESULTS = ROOT / "bench" / "results"
EXPECTED = ROOT / "bench" / "expected_queries.json"


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


def _pages():
    return [page for page in PAGES if ONLY.lower() in page.name.lower()]


def _run() -> int:
    quiet = io.StringIO()
    call_command("seed_demo", stdout=quiet)
    pages = _pages()
    urls = {page.name: page.url() for page in pages}
    small = {page.name: _count(_client(page.username), urls[page.name]) for page in pages}

    started = time.perf_counter()
    call_command("seed_demo", "--scale", "large", stdout=quiet)
    seed_seconds = time.perf_counter() - started
    connection.cursor().execute("ANALYZE") if connection.vendor == "postgresql" else None

    floor_samples = _times(_client("hr"), "/_bench/floor/")
    floor_p50 = statistics.median(floor_samples)
    rows, failed = [], False
    for page in pages:
        client = _client(page.username)
        url = urls[page.name] if page.same_object else page.url()
        large = _count(client, url)
        samples = _times(client, url)
        p50, p95 = statistics.median(samples), _p(samples, 95)
        same = large == small[page.name]
        ok = same and p95 <= page.budget_ms
        failed |= not ok
        rows.append(
            {
                "page": page.name,
                "issue": page.issue,
                "role": page.username,
                "url": url,
                "queries_small": small[page.name],
                "queries_large": large,
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "ratio_to_floor": round(p50 / floor_p50, 1),
                "budget_p95_ms": page.budget_ms,
                "pass": ok,
                "why": "" if ok else ("query count differs" if not same else "p95 over budget"),
            }
        )
        print(f"  {page.name}: {large} queries, p95 {p95:.1f} ms", file=sys.stderr)

    jobs = [] if ONLY else [_job(job) for job in JOBS]
    failed |= any(not job["pass"] for job in jobs)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {_cpu_name()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        "database": _database(),
        "requests_per_page": REQUESTS,
        "seed_large_seconds": round(seed_seconds, 1),
        "seed_large_budget_seconds": 180,
        "floor": {"p50_ms": round(floor_p50, 1), "p95_ms": round(_p(floor_samples, 95), 1)},
        "pages": rows,
        "jobs": jobs,
    }
    failed |= seed_seconds > 180
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not ONLY:
        # The small-scale counts CI checks (tests/bench); results/*.json is not committed.
        EXPECTED.write_text(
            json.dumps({row["page"]: row["queries_small"] for row in rows}, indent=2) + "\n"
        )
    name = "latest" if not ONLY else "partial"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
    markdown = _markdown(result)
    (RESULTS / f"{name}.md").write_text(markdown)
    print(markdown)
    return 1 if failed else 0


class _Counter:
    """Counts queries without keeping them (a job may run tens of thousands)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _job(job) -> dict:
    """Run a job twice, each time in a transaction that is rolled back: once for time and
    queries, once under tracemalloc for the peak memory (tracemalloc slows Python down)."""
    measured = {}
    for traced in (False, True):
        with transaction.atomic():
            context = job.prepare()
            if traced:
                tracemalloc.start()
            counter = _Counter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                outcome = job.run(context)
                seconds = time.perf_counter() - started
            if traced:
                measured["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
            else:
                measured.update(seconds=round(seconds, 2), queries=counter.n, outcome=outcome)
            transaction.set_rollback(True)
    ok = (job.budget_seconds is None or measured["seconds"] <= job.budget_seconds) and (
        job.budget_queries is None or measured["queries"] <= job.budget_queries
    )
    print(f"  {job.name}: {measured}", file=sys.stderr)
    return {
        "job": job.name,
        "issue": job.issue,
        "input": job.input,
        **measured,
        "outcome": str(measured["outcome"]),
        "budget_seconds": job.budget_seconds,
        "budget_queries": job.budget_queries,
        "pass": ok,
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return connection.vendor


def _markdown(result) -> str:
    lines = [
        f"Benchmark {result['date']} on {result['machine']}, {result['database']}, "
        f"{result['requests_per_page']} requests per page; large seed took "
        f"{result['seed_large_seconds']} s (budget 180 s); floor p50 "
        f"{result['floor']['p50_ms']} ms, p95 {result['floor']['p95_ms']} ms.",
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
            f"{'yes' if row['pass'] else 'NO: ' + row['why']} |"
        )
    if result["jobs"]:
        lines += [
            "",
            "| job | issue | input | seconds | queries | peak MB | outcome | budget | pass |",
            "| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |",
        ]
        for job in result["jobs"]:
            budget = []
            if job["budget_seconds"] is not None:
                budget.append(f"<= {job['budget_seconds']} s")
            if job["budget_queries"] is not None:
                budget.append(f"< {job['budget_queries']} queries")
            budget = ", ".join(budget) or "none in the issue"
            lines.append(
                f"| {job['job']} | {job['issue']} | {job['input']} | {job['seconds']} | "
                f"{job['queries']} | {job['peak_mb']} | {job['outcome']} | {budget} | "
                f"{'yes' if job['pass'] else 'NO'} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
