"""make loadtest: gunicorn (4 workers) on PostgreSQL against the large dataset, 50
concurrent locust users over every role's pages for 60 s, and at the same time 600
public applications to a campaign with a cap of 500 and a waiting list.

Uses its own database: LOAD_DATABASE_URL, or DATABASE_URL with "_load" appended to the
database name (created when missing, migrated, seeded with `seed_demo --scale large`;
the seed is idempotent, so a second run reuses the data). Reports requests/s,
p50/p95/p99, errors (must be 0), applications stored (must equal the cap, the rest on
the waiting list, none lost) and the RSS of each worker afterwards (<= 250 MB).
Results: bench/results/load.json and load.md; exit status 1 when a check fails.

The public form allows 10 applications per IP address per 10 minutes; all 600 come from
127.0.0.1 here, so the test raises that limit (INTAKE_APPLY_RATE_LIMIT) for gunicorn.
"""

import concurrent.futures
import csv
import datetime
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8104"))
HOST = f"http://127.0.0.1:{PORT}"
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
APPLICATIONS = 600
CAP = 500
APPLY_WINDOW = 120  # seconds
APPLY_CONCURRENCY = 20
RSS_BUDGET_MB = 250
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _load_database_url() -> str:
    if os.environ.get("LOAD_DATABASE_URL"):
        return os.environ["LOAD_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("load test: set DATABASE_URL (or LOAD_DATABASE_URL) to a PostgreSQL server")
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_load"))


def _create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    # CREATE DATABASE cannot run inside a transaction.
    admin = psycopg.connect(
        urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True
    )
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def main() -> int:
    url = _load_database_url()
    _create_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_load",
        "INTAKE_APPLY_RATE_LIMIT": "100000/600",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [*manage, "seed_demo", "--scale", "large"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    seed_seconds = time.perf_counter() - started

    import django

    django.setup()
    pages, campaign, password = _prepare()

    with tempfile.TemporaryDirectory() as tmp:
        pages_file = Path(tmp) / "pages.json"
        pages_file.write_text(json.dumps(pages))
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            _wait_for(HOST + "/healthz")
            locust = subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "-u",
                    str(USERS),
                    "-r",
                    "10",
                    "-t",
                    f"{SECONDS}s",
                    "--host",
                    HOST,
                    "--csv",
                    str(Path(tmp) / "locust"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**env, "BENCH_LOAD_PAGES": str(pages_file), "BENCH_LOAD_PASSWORD": password},
                cwd=ROOT,
            )
            time.sleep(5)  # let the users log in, then apply while they browse
            applied = _apply_all(campaign.slug)
            locust.wait(timeout=SECONDS + 120)
            rss = _worker_rss(gunicorn.pid)
            stats = _locust_stats(Path(tmp) / "locust_stats.csv")
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
    stored = _stored(campaign)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
        "seed_large_seconds_incremental": round(seed_seconds, 1),
        "users": USERS,
        "seconds": SECONDS,
        "pages": stats,
        "applications": {**applied, **stored, "cap": CAP},
        "worker_rss_mb": rss,
    }
    checks = {
        "no errors in the page mix": stats["failures"] == 0,
        "every application answered (none lost, no 5xx)": applied["errors"] == 0,
        f"{APPLICATIONS} applications within {APPLY_WINDOW} s": applied["seconds"] <= APPLY_WINDOW,
        "stored = cap": stored["stored"] == CAP,
        "the rest on the waiting list": stored["waiting"] == APPLICATIONS - CAP,
        f"every worker <= {RSS_BUDGET_MB} MB RSS": bool(rss) and max(rss) <= RSS_BUDGET_MB,
    }
    result["checks"] = checks
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2))
    markdown = _markdown(result)
    (RESULTS / "load.md").write_text(markdown)
    print(markdown)
    return 0 if all(checks.values()) else 1


def _prepare():
    """Page URLs per role (resolved against the large data) and the capped campaign."""
    from django.conf import settings
    from django.utils import timezone

    from bench.pages import PAGES
    from intake import services
    from organisations.models import Organisation

    pages: dict[str, list] = {}
    for page in PAGES:
        pages.setdefault(page.username, []).append([page.name, page.url()])
    today = timezone.localdate()
    campaign = services.campaign_create(
        organisation=Organisation.objects.get(name="Jeugdbescherming Noord"),
        title=f"Loadtest open dag {datetime.datetime.now():%Y%m%d %H%M%S}",
        role_profile="jeugdbeschermer",
        target_group="career_switchers",
        description="Campagne voor de loadtest.",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        places=10,
        application_cap=CAP,
        waiting_list=True,
        is_published=True,
    )
    return pages, campaign, settings.DEMO_PASSWORD


def _wait_for(url: str) -> None:
    for _ in range(120):
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def _apply_one(slug: str, n: int) -> tuple[int, float]:
    session = requests.Session()
    url = f"{HOST}/intake/apply/{slug}/"
    started = time.perf_counter()
    form = session.get(url, timeout=60)
    token = TOKEN.search(form.text).group(1)
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": token,
            "first_name": ["Anouk", "Özlem", "Joëlle", "Bram"][n % 4],
            "last_name": f"van 't Hek {n:04d}",
            "email": f"loadtest-{slug[-6:]}-{n:04d}@bench.example",
            "phone": "0612345678",
            "education_level": "hbo",
            "education_field": "sw_youth",
            "diploma": "Social Work",
            "previous_sector": "Onderwijs",
            "previous_role": "Leerkracht",
            "years_experience": "8",
            "years_relevant_hbo_work": "2",
            "motivation": "Ik wil bijdragen aan de veiligheid van kinderen.",
            "source": "website",
            "website": "",
        },
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code, time.perf_counter() - started


def _apply_all(slug: str) -> dict:
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(APPLY_CONCURRENCY) as pool:
        for status, _seconds in pool.map(lambda n: _apply_one(slug, n), range(APPLICATIONS)):
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "submitted": APPLICATIONS,
        "seconds": round(time.perf_counter() - started, 1),
        "statuses": statuses,
        "errors": APPLICATIONS - statuses.get("302", 0),
    }


def _stored(campaign) -> dict:
    from intake.models import Application

    rows = Application.objects.filter(campaign_id=campaign.pk)
    return {
        "stored": rows.filter(on_waiting_list=False).count(),
        "waiting": rows.filter(on_waiting_list=True).count(),
        "total": rows.count(),
    }


def _worker_rss(master: int) -> list[float]:
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        sizes.append(round(kb / 1024, 1))
    return sorted(sizes)


def _locust_stats(path: Path) -> dict:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "slowest_pages": sorted(
            (
                {"page": r["Name"], "p95_ms": float(r["95%"]), "requests": int(r["Request Count"])}
                for r in rows
                if r["Name"] != "Aggregated" and r["95%"] not in ("", "N/A")
            ),
            key=lambda r: -r["p95_ms"],
        )[:5],
    }


def _markdown(result) -> str:
    s, a = result["pages"], result["applications"]
    lines = [
        f"Load test {result['date']} on {result['machine']}: gunicorn 4 workers, PostgreSQL, "
        f"large dataset; {result['users']} locust users for {result['seconds']} s.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| requests (page mix of all roles, incl. logins) | {s['requests']} |",
        f"| requests/s | {s['requests_per_s']} |",
        f"| p50 / p95 / p99 ms | {s['p50_ms']:.0f} / {s['p95_ms']:.0f} / {s['p99_ms']:.0f} |",
        f"| errors | {s['failures']} |",
        f"| public applications | {a['submitted']} in {a['seconds']} s, answers {a['statuses']} |",
        f"| stored / waiting list / total (cap {a['cap']}) | {a['stored']} / {a['waiting']} / "
        f"{a['total']} |",
        f"| worker RSS after the run (MB) | {', '.join(str(x) for x in result['worker_rss_mb'])} |",
        "",
        "Slowest pages under load (p95 ms): "
        + "; ".join(f"{p['page']} {p['p95_ms']:.0f}" for p in s["slowest_pages"]),
        "",
        "| check | pass |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {'yes' if ok else 'NO'} |" for name, ok in result["checks"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
