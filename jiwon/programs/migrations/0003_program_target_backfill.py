"""Fill the target groups of existing programmes from their newest rule version (the highest
`version`), as services.rules.rule_version_add keeps them from now on. The table is new (0002),
so there is nothing to replace; going back drops it."""

from django.db import migrations

from jiwon.programs.eligibility.targets import target_groups


def backfill(apps, schema_editor):
    EligibilityRuleVersion = apps.get_model("programs", "EligibilityRuleVersion")
    ProgramTarget = apps.get_model("programs", "ProgramTarget")
    newest: dict[int, dict] = {}
    versions = EligibilityRuleVersion.objects.order_by("program_id", "-version")
    for program_id, rule in versions.values_list("program_id", "rule").iterator():
        newest.setdefault(program_id, rule)
    ProgramTarget.objects.bulk_create(
        [
            ProgramTarget(program_id=program_id, group=group)
            for program_id, rule in newest.items()
            for group in target_groups(rule)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_program_target")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
