# The throttle moves down from accounts (jiwon/core/throttle.py); accounts' migration 0004
# copies its rows here and drops its own table.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_closures_and_scheduled_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="Throttle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=30)),
                ("key", models.CharField(max_length=255)),
                ("count", models.PositiveIntegerField(default=0)),
                ("since", models.DateTimeField()),
                ("last_at", models.DateTimeField(db_index=True)),
                ("blocked_until", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "key"), name="core_throttle_scope_key_unique"
                    )
                ],
            },
        ),
    ]
