"""`jiwon template companies [-o file.xlsx]`: write an import template."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiwon.companies.excel import write_template

# Kind of template → (writer, default file name). Other imports add their template here.
TEMPLATES = {
    "companies": (write_template, "jiwon-companies-template.xlsx"),
}


class Command(BaseCommand):
    help = "Write the Excel template of an import (e.g. `jiwon template companies -o f.xlsx`)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(TEMPLATES), help="which import's template")
        parser.add_argument(
            "-o",
            "--output",
            help="file to write (default: jiwon-<kind>-template.xlsx in the current directory; "
            "'-' for standard output)",
        )

    def handle(self, *args, kind, output, **options):
        writer, default_name = TEMPLATES[kind]
        if output == "-":
            writer(sys.stdout.buffer)
            return
        path = Path(output or default_name)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path}: the template is an Excel workbook; name it *.xlsx")
        try:
            with path.open("wb") as out:
                writer(out)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(f"Wrote {path}")
