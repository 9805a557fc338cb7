"""The PostgreSQL driver is psycopg 3, everywhere: the app, the tests, the scripts."""

import ast
import tomllib
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_django_talks_to_postgresql_through_psycopg_3():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    from django.db.backends.postgresql import base

    assert base.is_psycopg3
    connection.ensure_connection()
    assert type(connection.connection).__module__.split(".")[0] == "psycopg"


def test_no_code_uses_psycopg2():
    users = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or ".git" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "psycopg2" for name in names):
                users.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert users == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [dep for dep in project["dependencies"] if dep.startswith("psycopg2")]
    assert any(dep.startswith("psycopg[binary]") for dep in project["dependencies"])
