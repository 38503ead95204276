# The throttle now lives in core (jiwon/core/throttle.py): its rows move there, so nobody
# backing off at the moment of the upgrade gets a fresh count, then the accounts table goes.

from django.db import migrations

FIELDS = ("scope", "key", "count", "since", "last_at", "blocked_until")


def move_rows(apps, schema_editor):
    old = apps.get_model("accounts", "Throttle")
    new = apps.get_model("core", "Throttle")
    rows = old.objects.using(schema_editor.connection.alias).values(*FIELDS).iterator()
    new.objects.using(schema_editor.connection.alias).bulk_create(
        (new(**row) for row in rows), batch_size=500
    )


def move_back(apps, schema_editor):
    old = apps.get_model("accounts", "Throttle")
    new = apps.get_model("core", "Throttle")
    rows = new.objects.using(schema_editor.connection.alias).values(*FIELDS).iterator()
    old.objects.using(schema_editor.connection.alias).bulk_create(
        (old(**row) for row in rows), batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_merge_0002_bank_user_role_0002_throttle"),
        ("core", "0005_throttle"),
    ]

    operations = [
        migrations.RunPython(move_rows, move_back),
        migrations.DeleteModel(name="Throttle"),
    ]
