"""Helpers to run real services (Redis, Celery worker, web server) as child processes."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this test runs on (the test database)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def child_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(DJANGO_SETTINGS_MODULE="tests.security.real_settings", PYTHONPATH=str(ROOT))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start(args, env, log: Path) -> subprocess.Popen:
    """Start a child in its own process group (so it can be killed with its children)."""
    handle = log.open("ab")
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Signal the child's own process group (only processes this test started)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def wait_for(predicate, timeout=30.0, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def start_redis(port: int, directory: Path) -> subprocess.Popen:
    process = start(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        os.environ.copy(),
        directory / "redis.log",
    )
    wait_for(lambda: _port_open(port), message=f"redis on {port}")
    return process


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_worker(env: dict, log: Path, name: str, queues: str = "") -> subprocess.Popen:
    """A worker for the default queue (INSTROOM_CELERY_QUEUE), or for `queues` ("a,b")."""
    process = start(
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            *(["-Q", queues] if queues else []),
        ],
        env,
        log,
    )
    wait_for(
        lambda: "ready." in log.read_text(errors="replace"),
        timeout=60,
        message=f"worker {name} ready",
    )
    return process


def http_get(url: str, headers=None, timeout=10.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def celery_client(broker: str, visibility_timeout: int):
    from celery import Celery

    app = Celery("instroom-test-client", broker=broker, set_as_current=False)
    app.conf.broker_transport_options = {"visibility_timeout": visibility_timeout}
    return app
