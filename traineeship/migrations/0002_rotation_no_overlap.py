"""Reject overlapping rotations of one trainee in the database.

Same approach as organisations/migrations/0002_placement_no_overlap.py: PostgreSQL
gets an exclusion constraint over the date range (btree_gist), SQLite triggers with
the same rule. Both raise an IntegrityError naming `rotation_no_overlap`.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE traineeship_rotation ADD CONSTRAINT rotation_no_overlap
    EXCLUDE USING gist (
        trainee_id WITH =,
        daterange(start_date, end_date, '[]') WITH &&
    )
    """,
]
PG_BACKWARD = ["ALTER TABLE traineeship_rotation DROP CONSTRAINT rotation_no_overlap"]

SQLITE_CONDITION = """
    EXISTS (
        SELECT 1 FROM traineeship_rotation r
        WHERE r.trainee_id = NEW.trainee_id
          AND r.id IS NOT NEW.id
          AND r.start_date <= NEW.end_date
          AND NEW.start_date <= r.end_date
    )
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER rotation_no_overlap_insert
    BEFORE INSERT ON traineeship_rotation
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'rotation_no_overlap'); END
    """,
    f"""
    CREATE TRIGGER rotation_no_overlap_update
    BEFORE UPDATE ON traineeship_rotation
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'rotation_no_overlap'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS rotation_no_overlap_insert",
    "DROP TRIGGER IF EXISTS rotation_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"No overlap rule for database {schema_editor.connection.vendor!r}")
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("traineeship", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
