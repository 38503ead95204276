"""Reads of the audit log: the filtered list, one entry with its neighbours, and the chain walk."""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from jiwon.audit import chain
from jiwon.audit import checkpoints as cp
from jiwon.audit.models import AuditCheckpoint, AuditEntry

VERIFY_CHUNK_SIZE = 2000


@dataclass(frozen=True, kw_only=True)
class EntryFilters:
    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query-string values, for pagination links."""
        return {k: str(v) for k, v in asdict(self).items() if v not in ("", None)}


def _start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone (KST)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def entry_search(*, filters: EntryFilters) -> QuerySet[AuditEntry]:
    """Entries matching `filters`, newest first. Dates are KST calendar days, both inclusive."""
    qs = AuditEntry.objects.order_by("-id")
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.actor:
        # The label is the username at the time of the write, and names non-user actors too.
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(at__gte=_start_of_day(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_start_of_day(filters.date_to + timedelta(days=1)))
    return qs


def distinct_values(column: str) -> list[str]:
    """The distinct values of an indexed column, sorted.

    A recursive query jumps from one value to the next through the index (a "loose index
    scan"), so it costs one index probe per distinct value instead of a scan of every entry;
    plain DISTINCT would read millions of rows on each page view."""
    if column not in ("object_type", "action"):
        raise ValueError(f"no index to list distinct values of {column!r}")
    quote = connection.ops.quote_name
    table, col = quote(AuditEntry._meta.db_table), quote(column)
    sql = (
        f"WITH RECURSIVE v(x) AS ("
        f" SELECT MIN({col}) FROM {table}"
        f" UNION ALL"
        f" SELECT (SELECT MIN({col}) FROM {table} WHERE {col} > v.x) FROM v WHERE v.x IS NOT NULL"
        f") SELECT x FROM v WHERE x IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


class EntryDetail(TypedDict):
    entry: AuditEntry
    content_intact: bool
    is_first: bool
    # None when no entry carries the hash the entry follows (deleted or altered), or for the
    # first entry.
    previous: AuditEntry | None
    # None for the head of the chain, or when the next entry is missing.
    following: AuditEntry | None


def entry_detail(*, entry: AuditEntry) -> EntryDetail:
    """Whether `entry` still matches its hash, and its neighbours in the chain."""
    previous = (
        None
        if entry.prev_hash == chain.GENESIS
        else AuditEntry.objects.filter(hash=entry.prev_hash).only("id").first()
    )
    following = AuditEntry.objects.filter(prev_hash=entry.hash).only("id").first()
    return {
        "entry": entry,
        "content_intact": chain.digest_of(entry) == entry.hash,
        "is_first": entry.prev_hash == chain.GENESIS,
        "previous": previous,
        "following": following,
    }


def entries_in_chain_order(
    *, chunk_size: int = VERIFY_CHUNK_SIZE, after_id: int = 0
) -> Iterator[AuditEntry]:
    """Every entry (after `after_id`) in id order, fetched `chunk_size` at a time by keyset
    (id > last seen), so memory stays flat and each query is a short primary-key range scan
    however long the chain."""
    last_id = after_id
    while True:
        chunk = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:chunk_size])
        yield from chunk
        if len(chunk) < chunk_size:
            return
        last_id = chunk[-1].id


def chain_report(
    *, expect_head: str | None = None, chunk_size: int = VERIFY_CHUNK_SIZE
) -> chain.ChainReport:
    return chain.walk(entries_in_chain_order(chunk_size=chunk_size), expect_head=expect_head)


def chain_report_since(checkpoint: AuditCheckpoint | None) -> chain.ChainReport | None:
    """The walk from `checkpoint` on (the whole chain without one); None when the checkpoint
    itself no longer holds (its signature, or its entry as it was)."""
    if checkpoint is None:
        return chain_report()
    anchor = cp.Anchor.of(checkpoint)
    entry = AuditEntry.objects.filter(id=checkpoint.entry_id).only("hash").first()
    if (
        anchor.key_id != cp.key_id()
        or not anchor.mac_holds()
        or entry is None
        or entry.hash != checkpoint.entry_hash
    ):
        return None
    return chain.walk(
        entries_in_chain_order(after_id=checkpoint.entry_id),
        start_hash=checkpoint.entry_hash,
        start_count=checkpoint.entry_count,
    )


@dataclass(frozen=True)
class Verification:
    """The whole chain walked, and every checkpoint (stored and given) checked against it."""

    report: chain.ChainReport
    anchors_checked: int
    findings: list[cp.AnchorFinding]

    @property
    def holds(self) -> bool:
        return self.report.broken is None and not self.findings


def checkpoint_list() -> QuerySet[AuditCheckpoint]:
    return AuditCheckpoint.objects.order_by("-entry_id", "-id")


def chain_verification(
    *,
    expect_head: str | None = None,
    extra_anchors: list[cp.Anchor] | None = None,
    chunk_size: int = VERIFY_CHUNK_SIZE,
) -> Verification:
    anchors = [cp.Anchor.of(c) for c in AuditCheckpoint.objects.order_by("entry_id", "id")]
    anchors += extra_anchors or []
    report = chain.walk(
        entries_in_chain_order(chunk_size=chunk_size),
        expect_head=expect_head,
        watch={a.entry_id for a in anchors},
    )
    findings = []
    if report.broken is None:
        current = cp.key_id()
        for anchor in anchors:
            finding = cp.check_anchor(
                anchor, seen=report.seen, head_id=report.head_id, current_key=current
            )
            if finding is not None:
                findings.append(finding)
    return Verification(report=report, anchors_checked=len(anchors), findings=findings)


def checkpoints_export() -> dict[str, object]:
    """Every stored checkpoint as the JSON document auditors keep outside the database
    (`jiwon audit verify --checkpoints FILE` checks the chain against it later)."""
    return {
        "format": cp.EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "key_id": cp.key_id(),
        "checkpoints": [
            cp.Anchor.of(c).as_json() for c in AuditCheckpoint.objects.order_by("entry_id", "id")
        ],
    }
