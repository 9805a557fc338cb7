"""Functional admins keep the list of rejection reasons in the Django admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("intake")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="functional_admin")
    for action in ("add", "change", "delete", "view"):
        perm = Permission.objects.filter(
            content_type__app_label="intake", codename=f"{action}_rejectionreason"
        ).first()
        if perm is not None:
            group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("organisations", "0003_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
