"""Reject overlapping placements of one employee in one organisation in the database.

PostgreSQL gets an exclusion constraint over the date range (btree_gist); SQLite,
the embedded default, gets triggers with the same rule. Both raise an
IntegrityError naming `placement_no_overlap`.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE organisations_placement ADD CONSTRAINT placement_no_overlap
    EXCLUDE USING gist (
        employee_id WITH =,
        organisation_id WITH =,
        daterange(start_date, end_date, '[]') WITH &&
    )
    """,
]
PG_BACKWARD = ["ALTER TABLE organisations_placement DROP CONSTRAINT placement_no_overlap"]

SQLITE_CONDITION = """
    EXISTS (
        SELECT 1 FROM organisations_placement p
        WHERE p.employee_id = NEW.employee_id
          AND p.organisation_id = NEW.organisation_id
          AND p.id IS NOT NEW.id
          AND p.start_date <= COALESCE(NEW.end_date, '9999-12-31')
          AND NEW.start_date <= COALESCE(p.end_date, '9999-12-31')
    )
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER placement_no_overlap_insert
    BEFORE INSERT ON organisations_placement
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'placement_no_overlap'); END
    """,
    f"""
    CREATE TRIGGER placement_no_overlap_update
    BEFORE UPDATE ON organisations_placement
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'placement_no_overlap'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS placement_no_overlap_insert",
    "DROP TRIGGER IF EXISTS placement_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"No overlap rule for database {schema_editor.connection.vendor!r}"
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
