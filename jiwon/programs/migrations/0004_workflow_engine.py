"""The one workflow engine (jiwon.core.workflow): the object pins its workflow version, its
history rows carry the actor's label and a settable time."""


import django.utils.timezone
from django.db import migrations, models


def label_actors(apps, schema_editor):
    """History rows now name their actor in text too, as audit entries do: a user by their
    username, a write nobody signed in made by "system" (what such rows were before)."""
    history = apps.get_model("programs", "ProgramStatusChange")
    history.objects.filter(actor__isnull=True).update(actor_label="system")
    for row in history.objects.filter(actor__isnull=False).select_related("actor"):
        row.actor_label = row.actor.username
        row.save(update_fields=["actor_label"])


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0003_program_target_backfill'),
    ]

    operations = [
        migrations.AddField(
            model_name='program',
            name='workflow_version',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='workflow version'),
        ),
        migrations.AddField(
            model_name='programstatuschange',
            name='actor_label',
            field=models.CharField(blank=True, max_length=150, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='programstatuschange',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time'),
        ),
        migrations.AlterField(
            model_name='programstatuschange',
            name='source',
            field=models.CharField(blank=True, max_length=32, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='programstatuschange',
            name='target',
            field=models.CharField(max_length=32, verbose_name='to'),
        ),
        migrations.RunPython(label_actors, migrations.RunPython.noop),
    ]
