"""`jiwon audit verify [--expect-head HASH]`: check the audit hash chain.

Output is English whatever the site language (no_translations): monitoring scripts match it
and operators paste it into incident reports.
"""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils import timezone

from jiwon.audit.chain import GENESIS
from jiwon.audit.selectors import VERIFY_CHUNK_SIZE, chain_report

_HASH = re.compile(r"[0-9a-f]{64}")


class Command(BaseCommand):
    help = "Audit log tools."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="subcommand")
        verify = commands.add_parser(
            "verify",
            help="Walk the hash chain in id order and report the first broken link.",
            description=(
                "Walk the audit hash chain in id order. Prints 'OK: N entries, chain intact' "
                "and the head hash, or the first broken link and exits with status 1. Record "
                "the head hash outside the database and pass it back with --expect-head to "
                "detect entries deleted from the end of the chain."
            ),
        )
        verify.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A head hash printed by an earlier run; fail unless the chain still contains it.",
        )
        verify.add_argument(
            "--chunk-size",
            type=int,
            default=VERIFY_CHUNK_SIZE,
            help=f"Entries read per query (default {VERIFY_CHUNK_SIZE}).",
        )

    @no_translations
    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            self.verify(expect_head=options["expect_head"], chunk_size=options["chunk_size"])

    def verify(self, *, expect_head: str | None, chunk_size: int) -> None:
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if expect_head is not None:
            expect_head = expect_head.strip().lower()
            if not _HASH.fullmatch(expect_head):
                raise CommandError("--expect-head must be a hash of 64 hexadecimal digits.")
        report = chain_report(expect_head=expect_head, chunk_size=chunk_size)
        if report.broken is not None:
            raise CommandError(
                f"Chain broken at {report.broken.summary()}. "
                f"The {report.count} entries before it are intact."
            )
        self.stdout.write(f"OK: {report.count} entries, chain intact")
        if report.head_id is None:
            self.stdout.write(f"Head: {GENESIS} (empty chain)")
        else:
            at = timezone.localtime(report.head_at).strftime("%Y-%m-%d %H:%M:%S %Z")
            self.stdout.write(f"Head: {report.head_hash} (entry #{report.head_id}, {at})")
        if expect_head is None:
            self.stdout.write(
                "Record the head hash outside this database; pass it to --expect-head later "
                "to detect entries deleted from the end of the chain."
            )
        elif report.expected_head_found:
            where = "the start" if expect_head == GENESIS else f"entry #{report.expected_head_id}"
            self.stdout.write(f"Expected head found at {where}.")
        else:
            raise CommandError(
                f"Expected head {expect_head} is not in the chain: entries were deleted from "
                f"the end of the chain, or the chain was rewritten, since it was recorded."
            )
