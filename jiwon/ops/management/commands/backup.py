"""`jiwon backup [--output FILE]`: a consistent snapshot of the database, the uploaded files
and the audit head hash in one tar file (see jiwon.ops.backup)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone

from jiwon.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup (database, uploaded files, audit head hash) to one tar file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the tar file to write (default: JIWON_VAR_DIR/backups/jiwon-<time>.tar)",
        )

    @no_translations
    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        now = timezone.now()
        if output is None:
            output = settings.VAR_DIR / "backups" / f"jiwon-{now:%Y%m%dT%H%M%SZ}.tar"
        if output.exists():
            raise CommandError(f"{output} exists already: a backup never overwrites another")
        try:
            manifest = backup(output, now=now)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backup written to {output}: {manifest['engine']}, {rows} rows in "
            f"{len(manifest['counts'])} tables, {len(manifest['files'])} files, "
            f"audit head {manifest['audit_head'] or '(empty chain)'}"
        )
