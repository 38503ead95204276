"""The one workflow engine (jiwon.core.workflow): the object pins its workflow version, its
history rows carry the actor's label and a settable time."""


import django.utils.timezone
from django.db import migrations, models


def label_actors(apps, schema_editor):
    """History rows now name their actor in text too, as audit entries do: a user by their
    username, a write nobody signed in made by "system" (what such rows were before)."""
    history = apps.get_model("applications", "ApplicationStatusChange")
    history.objects.filter(actor__isnull=True).update(actor_label="system")
    for row in history.objects.filter(actor__isnull=False).select_related("actor"):
        row.actor_label = row.actor.username
        row.save(update_fields=["actor_label"])


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='application',
            name='workflow_name',
        ),
        migrations.AddField(
            model_name='applicationstatuschange',
            name='actor_label',
            field=models.CharField(blank=True, max_length=150, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='application',
            name='workflow_version',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='workflow version'),
        ),
        migrations.AlterField(
            model_name='applicationstatuschange',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time'),
        ),
        migrations.AlterField(
            model_name='applicationstatuschange',
            name='source',
            field=models.CharField(blank=True, max_length=32, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='applicationstatuschange',
            name='target',
            field=models.CharField(max_length=32, verbose_name='to'),
        ),
        migrations.RunPython(label_actors, migrations.RunPython.noop),
    ]
