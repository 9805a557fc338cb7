"""One Django group per role, with the model permissions its holders need in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "hr_advisor",
    "practice_supervisor",
    "mentor",
    "manager",
    "support_coordinator",
    "side_entrant",
    "functional_admin",
]
# Only the functional admin works in the Django admin (reference data and roles).
ADMIN_PERMISSIONS = [
    ("organisations", "organisation", ["add", "change", "view"]),
    ("organisations", "team", ["add", "change", "view"]),
    ("organisations", "membership", ["add", "change", "delete", "view"]),
    ("auth", "user", ["add", "change", "view"]),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    admin_group = Group.objects.get(name="functional_admin")
    for app_label, model, actions in ADMIN_PERMISSIONS:
        for action in actions:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if perm is not None:
                admin_group.permissions.add(perm)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_placement_no_overlap"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
