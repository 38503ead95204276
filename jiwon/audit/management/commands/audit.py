"""`jiwon audit verify [--expect-head HASH] [--checkpoints FILE ...]`: check the audit hash chain
and every checkpoint; `jiwon audit checkpoint`: anchor the head now; `jiwon audit
export-checkpoints [--output FILE]`: the checkpoints as JSON, to keep outside the database.

Output is English whatever the site language (no_translations): monitoring scripts match it
and operators paste it into incident reports.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils import timezone

from jiwon.audit.chain import GENESIS
from jiwon.audit.checkpoints import Anchor, ExportError, anchors_from_export
from jiwon.audit.selectors import VERIFY_CHUNK_SIZE, chain_verification, checkpoints_export
from jiwon.audit.services import CheckpointRefused, checkpoint_create
from jiwon.core.actor import SystemActor

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
            "--checkpoints",
            metavar="FILE",
            action="append",
            default=[],
            help="Also check the checkpoints of a file from export-checkpoints (repeatable).",
        )
        verify.add_argument(
            "--chunk-size",
            type=int,
            default=VERIFY_CHUNK_SIZE,
            help=f"Entries read per query (default {VERIFY_CHUNK_SIZE}).",
        )

        commands.add_parser(
            "checkpoint",
            help="Anchor the chain's head now with a keyed checkpoint (after checking the "
            "entries since the last one).",
        )
        export = commands.add_parser(
            "export-checkpoints",
            help="Write every checkpoint as JSON, to keep outside the database.",
        )
        export.add_argument("--output", metavar="FILE", help="Write here (default: stdout).")

    @no_translations
    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            self.verify(
                expect_head=options["expect_head"],
                chunk_size=options["chunk_size"],
                files=options["checkpoints"],
            )
        elif subcommand == "checkpoint":
            self.checkpoint()
        elif subcommand == "export-checkpoints":
            self.export(options["output"])

    def checkpoint(self) -> None:
        try:
            made = checkpoint_create(actor=SystemActor("jiwon audit checkpoint"))
        except CheckpointRefused as exc:
            raise CommandError(f"No checkpoint made: {exc}") from exc
        if made is None:
            self.stdout.write("Nothing new since the last checkpoint (or the chain is empty).")
        else:
            self.stdout.write(
                f"Checkpoint at entry #{made.entry_id} ({made.entry_count} entries), "
                f"head {made.entry_hash}."
            )

    def export(self, output: str | None) -> None:
        text = json.dumps(checkpoints_export(), indent=1, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
        else:
            sys.stdout.write(text)

    def _anchors_from(self, files: list[str]) -> list[Anchor]:
        anchors: list[Anchor] = []
        for name in files:
            try:
                data = json.loads(Path(name).read_text(encoding="utf-8"))
                anchors += anchors_from_export(data, source=name)
            except (OSError, json.JSONDecodeError, ExportError) as exc:
                raise CommandError(f"Cannot read checkpoints from {name}: {exc}") from exc
        return anchors

    def verify(self, *, expect_head: str | None, chunk_size: int, files: list[str]) -> None:
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if expect_head is not None:
            expect_head = expect_head.strip().lower()
            if not _HASH.fullmatch(expect_head):
                raise CommandError("--expect-head must be a hash of 64 hexadecimal digits.")
        verification = chain_verification(
            expect_head=expect_head, extra_anchors=self._anchors_from(files), chunk_size=chunk_size
        )
        report = verification.report
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
        if verification.findings:
            lines = "\n".join(f"- {finding.summary()}" for finding in verification.findings)
            raise CommandError(
                f"{len(verification.findings)} of {verification.anchors_checked} checkpoints "
                f"do not hold:\n{lines}"
            )
        self.stdout.write(f"Checkpoints: {verification.anchors_checked} checked, all hold.")
        if expect_head is None:
            self.stdout.write(
                "Keep the checkpoints outside this database (jiwon audit export-checkpoints) "
                "and pass them back with --checkpoints to detect a cut or rewritten chain."
            )
        elif report.expected_head_found:
            where = "the start" if expect_head == GENESIS else f"entry #{report.expected_head_id}"
            self.stdout.write(f"Expected head found at {where}.")
        else:
            raise CommandError(
                f"Expected head {expect_head} is not in the chain: entries were deleted from "
                f"the end of the chain, or the chain was rewritten, since it was recorded."
            )
