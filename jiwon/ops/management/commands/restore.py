"""`jiwon restore FILE`: bring a `jiwon backup` back into an empty database and file storage,
check counts, files and the audit head against its manifest, then verify the audit chain."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations

from jiwon.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `jiwon backup` into an empty database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="the tar file `jiwon backup` wrote")

    @no_translations
    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        try:
            restored = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {restored.rows} rows in {restored.tables} tables and {restored.files} "
            "files; counts, SHA-256 of every file and the audit head match the backup."
        )
        if restored.audit_head:
            call_command(
                "audit", "verify", "--expect-head", restored.audit_head, stdout=self.stdout
            )
