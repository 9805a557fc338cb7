#!/usr/bin/env python
"""Back up and restore the database and the uploaded files.

    make backup                 # -> var/backups/instroom-YYYYmmdd-HHMMSS.tar
    make restore FILE=var/backups/instroom-20261125-210000.tar

Reads the same settings as the app (DATABASE_URL, MEDIA_ROOT, DJANGO_SETTINGS_MODULE).
A backup is one tar with `database.dump` (pg_dump custom format; `database.sqlite3` on
SQLite), `media.tar.gz` (everything under MEDIA_ROOT) and `manifest.json` with SHA-256
checksums, which restore verifies before it changes anything. Restore replaces the
database contents (pg_restore --clean) and moves the current MEDIA_ROOT aside to
`<MEDIA_ROOT>.before-restore-<timestamp>` before unpacking, so nothing is deleted.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def _settings():
    import django

    django.setup()
    from django.conf import settings

    return settings


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: $PG_BIN, then the newest /usr/lib/postgresql/*/bin, then PATH."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the PostgreSQL client or set PG_BIN")
    return found


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(directory: Path) -> Path:
    settings = _settings()
    db = settings.DATABASES["default"]
    media = Path(settings.MEDIA_ROOT)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"instroom-{stamp}.tar"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if db["ENGINE"].endswith("postgresql"):
            dump = scratch / "database.dump"
            args, env = _pg_args(db)
            subprocess.run(  # noqa: S603 (argument list from settings, no shell)
                [
                    _pg_tool("pg_dump"),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                    db["NAME"],
                ],
                env=env,
                check=True,
            )
        elif db["ENGINE"].endswith("sqlite3"):
            dump = scratch / "database.sqlite3"
            with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(dump) as copy:
                source.backup(copy)
        else:
            sys.exit(f"unsupported database engine {db['ENGINE']}")
        media_tar = scratch / "media.tar.gz"
        files = {}
        with tarfile.open(media_tar, "w:gz") as archive:
            if media.exists():
                for path in sorted(p for p in media.rglob("*") if p.is_file()):
                    relative = path.relative_to(media).as_posix()
                    archive.add(path, arcname=relative)
                    files[relative] = _sha256(path)
        manifest = {
            "created_at": stamp,
            "engine": db["ENGINE"],
            "database": {"file": dump.name, "sha256": _sha256(dump)},
            "media": {"file": media_tar.name, "sha256": _sha256(media_tar), "files": files},
        }
        (scratch / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            for name in ("manifest.json", dump.name, media_tar.name):
                archive.add(scratch / name, arcname=name)
        partial.rename(target)  # never leave a half-written backup under the final name
    print(f"backup written: {target} ({len(files)} uploaded files)")
    return target


def restore(file: Path) -> None:
    settings = _settings()
    db = settings.DATABASES["default"]
    media = Path(settings.MEDIA_ROOT)
    if not file.is_file():
        sys.exit(f"no such backup: {file}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        with tarfile.open(file) as archive:
            archive.extractall(scratch, filter="data")
        manifest = json.loads((scratch / "manifest.json").read_text())
        for part in ("database", "media"):
            path = scratch / manifest[part]["file"]
            if _sha256(path) != manifest[part]["sha256"]:
                sys.exit(f"checksum mismatch for {path.name}: backup is damaged, nothing changed")
        dump = scratch / manifest["database"]["file"]
        if db["ENGINE"].endswith("postgresql"):
            if dump.suffix != ".dump":
                sys.exit("this backup is not a PostgreSQL dump")
            args, env = _pg_args(db)
            subprocess.run(  # noqa: S603 (argument list from settings, no shell)
                [
                    _pg_tool("pg_restore"),
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--dbname",
                    db["NAME"],
                    str(dump),
                ],
                env=env,
                check=True,
            )
        elif db["ENGINE"].endswith("sqlite3"):
            if dump.suffix != ".sqlite3":
                sys.exit("this backup is not a SQLite database")
            with sqlite3.connect(dump) as source, sqlite3.connect(db["NAME"]) as target:
                source.backup(target)
        else:
            sys.exit(f"unsupported database engine {db['ENGINE']}")
        if media.exists() and any(media.iterdir()):
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            aside = media.with_name(f"{media.name}.before-restore-{stamp}")
            media.rename(aside)
            print(f"previous uploads moved to {aside}")
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(scratch / manifest["media"]["file"]) as archive:
            archive.extractall(media, filter="data")
        for relative, checksum in manifest["media"]["files"].items():
            if _sha256(media / relative) != checksum:
                sys.exit(f"restored file {relative} does not match its checksum")
    print(f"restored {file} into {db['NAME']} and {media}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup")
    make.add_argument("--dir", default=os.environ.get("BACKUP_DIR", ROOT / "var" / "backups"))
    back = sub.add_parser("restore")
    back.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "backup":
        backup(Path(args.dir))
    else:
        restore(Path(args.file))


if __name__ == "__main__":
    main()
