"""`jiwon permissions`: print the capability table (docs/permissions.md is its output)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from jiwon.core.permissions import capabilities_markdown


class Command(BaseCommand):
    help = "Print every capability against every role, as Markdown (docs/permissions.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            self.stdout.write(capabilities_markdown(), ending="")
