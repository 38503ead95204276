"""The programmes that are tenancy calls already: their ledger rows come from the contracts,
so a publication of their selection writes none (`Program.selection_writes_ledger`)."""

from django.db import migrations


def ledger_by_contracts(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    TenancyCall = apps.get_model("spaces", "TenancyCall")
    Program.objects.filter(
        pk__in=TenancyCall.objects.values("program_id")
    ).update(selection_writes_ledger=False)


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0002_contracts_never_overlap"),
        ("programs", "0006_program_selection_writes_ledger"),
    ]

    operations = [migrations.RunPython(ledger_by_contracts, migrations.RunPython.noop)]
