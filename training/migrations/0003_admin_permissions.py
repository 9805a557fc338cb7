"""The functional admin edits routes, registration rules and weighting tables in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_PERMISSIONS = [
    ("route", ["add", "change", "view"]),
    ("routemilestone", ["add", "change", "delete", "view"]),
    ("registrationrule", ["change", "view"]),
    ("weightingtable", ["add", "change", "view"]),
    ("weightedtask", ["add", "change", "delete", "view"]),
]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("training")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="functional_admin")
    for model, actions in ADMIN_PERMISSIONS:
        for action in actions:
            perm = Permission.objects.filter(
                content_type__app_label="training", codename=f"{action}_{model}"
            ).first()
            if perm is not None:
                group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_seed_routes"),
        ("organisations", "0003_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
