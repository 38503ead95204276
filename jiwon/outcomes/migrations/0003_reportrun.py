import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outcomes', '0002_survey_invitation_answers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('annual', 'Annual performance report')], max_length=16, verbose_name='report')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('format', models.CharField(choices=[('html', 'HTML'), ('pdf', 'PDF'), ('xlsx', 'Excel (.xlsx)'), ('json', 'JSON')], max_length=8, verbose_name='format')),
                ('language', models.CharField(choices=[('ko', '한국어'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=8, verbose_name='status')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                ('message', models.CharField(blank=True, max_length=300, verbose_name='message')),
                ('file', models.FileField(blank=True, max_length=300, upload_to='reports/', verbose_name='file')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'generated report',
                'verbose_name_plural': 'generated reports',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='report_progress_percent')],
            },
        ),
    ]
