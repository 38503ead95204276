"""`jiwon report annual --year 2021 --format html|pdf|xlsx|json [--lang ko|en] [-o FILE]`.

Writes the report straight to a file (or standard output with `-o -`), computed exactly as the
staff UI's background task computes it.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report import FORMATS
from jiwon.outcomes.report.annual import annual_report
from jiwon.outcomes.report.build import step_label
from jiwon.outcomes.services.reports import FIRST_YEAR


class Command(BaseCommand):
    help = "Write the annual performance report: `jiwon report annual --year 2021 --format pdf`."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportRun.Kind.values, help="which report")
        parser.add_argument("--year", type=int, required=True, help="the report's year")
        parser.add_argument(
            "--format", choices=ReportRun.Format.values, default="html", help="default: html"
        )
        parser.add_argument(
            "--lang", choices=ReportRun.Language.values, default="ko", help="default: ko"
        )
        parser.add_argument(
            "-o",
            "--output",
            help="file to write (default: jiwon-<kind>-<year>-<lang>.<format> in the current "
            "directory; '-' for standard output)",
        )

    def handle(self, *args, kind, year, format, lang, output, **options):
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise CommandError(f"--year must be from {FIRST_YEAR} to {this_year}, not {year}")
        out = FORMATS[format]
        path = Path(output or f"jiwon-{kind}-{year}-{lang}.{out.extension}")
        if output != "-" and path.suffix.lower() != f".{out.extension}":
            raise CommandError(f"{path}: a {format} report should be named *.{out.extension}")

        def progress(percent: int, step: str) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"{percent:3d}% {step_label(step)}")

        content = out.render(annual_report(year, lang, progress=progress))
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes)")
