from django.db import migrations, models


def registry_in_force(apps, schema_editor):
    """Pre-founders hold no employees or sales (eligibility counts them as 0), and a company
    filed under a code retired on 2026-07-01 with one successor moves to that code."""
    from jiwon.core.reference import region_successors

    Company = apps.get_model("companies", "Company")
    Region = apps.get_model("core", "Region")
    Company.objects.filter(kind="prefounder").update(employees=0, annual_sales_won=0)
    regions = {r.code: r for r in Region.objects.filter(valid_to__isnull=True, level=2)}
    for old, new in region_successors().items():
        if new in regions:
            Company.objects.filter(region__code=old).update(region=regions[new])


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_company_closed_on"),
        ("core", "0004_closures_and_scheduled_jobs"),
    ]

    operations = [
        migrations.RunPython(registry_in_force, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "company"))
                | models.Q(("annual_sales_won", 0), ("employees", 0)),
                name="company_prefounder_no_figures",
            ),
        ),
    ]
