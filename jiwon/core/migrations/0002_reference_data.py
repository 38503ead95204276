from django.db import migrations

from jiwon.core.reference import ksic_rows, region_rows


def load(apps, schema_editor):
    KsicCode = apps.get_model("core", "KsicCode")
    Region = apps.get_model("core", "Region")
    KsicCode.objects.bulk_create([KsicCode(**row) for row in ksic_rows()], batch_size=1000)
    Region.objects.bulk_create([Region(**row) for row in region_rows()], batch_size=1000)


def unload(apps, schema_editor):
    apps.get_model("core", "KsicCode").objects.all().delete()
    apps.get_model("core", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
