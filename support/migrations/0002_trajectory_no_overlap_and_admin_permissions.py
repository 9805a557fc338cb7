"""Reject overlapping trajectories of one employee at one level in the database, and let
the functional admin edit the intervention catalogue in the Django admin.

PostgreSQL gets an exclusion constraint over the date range (btree_gist); SQLite, the
embedded default, gets triggers with the same rule. Both raise an IntegrityError naming
`trajectory_no_overlap`. The range ends on `ended_on`, or the planned end while running.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# SQLite rebuilds a table to change its constraints, which drops triggers: a later
# migration that alters support_trajectory on SQLite must create these triggers again.
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE support_trajectory ADD CONSTRAINT trajectory_no_overlap
    EXCLUDE USING gist (
        employee_id WITH =,
        level WITH =,
        daterange(start_date, COALESCE(ended_on, planned_end_date), '[]') WITH &&
    )
    """,
]
PG_BACKWARD = ["ALTER TABLE support_trajectory DROP CONSTRAINT trajectory_no_overlap"]

SQLITE_CONDITION = """
    EXISTS (
        SELECT 1 FROM support_trajectory t
        WHERE t.employee_id = NEW.employee_id
          AND t.level = NEW.level
          AND t.id IS NOT NEW.id
          AND t.start_date <= COALESCE(NEW.ended_on, NEW.planned_end_date)
          AND NEW.start_date <= COALESCE(t.ended_on, t.planned_end_date)
    )
"""
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER trajectory_no_overlap_insert
    BEFORE INSERT ON support_trajectory
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'trajectory_no_overlap'); END
    """,
    f"""
    CREATE TRIGGER trajectory_no_overlap_update
    BEFORE UPDATE ON support_trajectory
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'trajectory_no_overlap'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS trajectory_no_overlap_insert",
    "DROP TRIGGER IF EXISTS trajectory_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"No overlap rule for database {schema_editor.connection.vendor!r}")
        for sql in statements:
            schema_editor.execute(sql)

    return run


ADMIN_PERMISSIONS = [("intervention", ["add", "change", "view"])]


def grant_catalogue(apps, schema_editor):
    app_config = apps.get_app_config("support")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="functional_admin")
    for model, actions in ADMIN_PERMISSIONS:
        for action in actions:
            perm = Permission.objects.filter(
                content_type__app_label="support", codename=f"{action}_{model}"
            ).first()
            if perm is not None:
                group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("organisations", "0003_role_groups"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(grant_catalogue, migrations.RunPython.noop),
    ]
