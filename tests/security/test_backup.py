"""make backup / make restore round-trip a seeded PostgreSQL database and the uploads."""

import hashlib
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from organisations.uploads import PrivateStorage
from tests.security import services

ROOT = services.ROOT
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(2048)


def _table_counts(dsn_kwargs) -> dict[str, int]:
    with psycopg.connect(**dsn_kwargs) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalogue names)
            counts[table] = cursor.fetchone()[0]
    return counts


def _dsn(name):
    s = connection.settings_dict
    return {
        "dbname": name,
        "user": s["USER"],
        "password": s["PASSWORD"] or None,
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
    }


def _run(args, **env):
    result = subprocess.run(
        [sys.executable, "scripts/backup.py", *args],
        cwd=ROOT,
        env=services.child_env(DJANGO_SETTINGS_MODULE="config.settings.local", **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    if not services.is_postgres():
        pytest.skip("backup/restore is pg_dump/pg_restore: needs PostgreSQL (DATABASE_URL)")
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    settings.MEDIA_ROOT = media
    call_command("seed_demo", verbosity=0)
    stored = PrivateStorage().save("documents/cv-özdemir.pdf", ContentFile(PDF))
    checksum = hashlib.sha256(PDF).hexdigest()
    source = connection.settings_dict["NAME"]
    before = _table_counts(_dsn(source))
    assert before["organisations_employee"] > 0 and before["auth_user"] > 0

    out = _run(
        ["backup", "--dir", str(tmp_path / "backups")],
        DATABASE_URL=services.database_url(),
        MEDIA_ROOT=media,
    )
    archive = next((tmp_path / "backups").glob("instroom-*.tar"))
    assert str(archive) in out

    scratch = f"{source}_restore_{uuid.uuid4().hex[:6]}"
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = psycopg.connect(**_dsn(source), autocommit=True)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        target_url = services.database_url().rsplit("/", 1)[0] + f"/{scratch}"
        _run(["restore", str(archive)], DATABASE_URL=target_url, MEDIA_ROOT=restored_media)
        after = _table_counts(_dsn(scratch))
        assert after == before
        restored = restored_media / stored
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == checksum
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()


def test_restore_refuses_a_damaged_backup(tmp_path):
    import tarfile

    bad = tmp_path / "instroom-bad.tar"
    (tmp_path / "manifest.json").write_text(
        '{"database": {"file": "database.dump", "sha256": "0"},'
        ' "media": {"file": "media.tar.gz", "sha256": "0", "files": {}}}'
    )
    (tmp_path / "database.dump").write_bytes(b"not a dump")
    (tmp_path / "media.tar.gz").write_bytes(b"")
    with tarfile.open(bad, "w") as archive:
        for name in ("manifest.json", "database.dump", "media.tar.gz"):
            archive.add(tmp_path / name, arcname=name)
    result = subprocess.run(
        [sys.executable, "scripts/backup.py", "restore", str(bad)],
        cwd=ROOT,
        env=services.child_env(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=f"sqlite:///{tmp_path / 'untouched.sqlite3'}",
            MEDIA_ROOT=tmp_path / "media",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "checksum mismatch" in result.stderr
    assert not (tmp_path / "untouched.sqlite3").exists()


def test_make_targets_call_the_script():
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/backup.py backup" in makefile
    assert 'scripts/backup.py restore "$(FILE)"' in makefile
