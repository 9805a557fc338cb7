"""The pipeline board ranks each stage's cards by weighted total (unscored last), then
submission time. This index holds exactly that order per campaign and stage, so the
ranking reads the index instead of sorting every application of the campaign.

PostgreSQL only: SQLite cannot index DESC NULLS LAST (and needs no help at test sizes),
so the index is not part of the model state.
"""

from django.db import migrations

INDEX = "application_board_rank"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "intake_application" '
            '("campaign_id", "stage", "weighted_total" DESC NULLS LAST, "submitted_at", "id")'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_import_job_rejected_may_be_empty")]

    operations = [migrations.RunPython(create, drop)]
