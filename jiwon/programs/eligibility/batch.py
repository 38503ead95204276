"""The batch engine: every company against every programme, with NumPy.

Each rule tree compiles into a plan (plans.py) whose leaves are one-column array operations,
each defined by its predicate module (predicates/): a comparison with a threshold (dates as
day numbers), a lookup table over the region or KSIC vocabulary, a scatter of the certificates
or selections that count on the day. Leaf results are bit-packed (one bit per company, 64 per
uint64 word) and cached under their canonical key, because programmes repeat the same
conditions: "만 39세 이하 on 2026-03-02" is one comparison however many programmes ask it.
Combinators are word-wise AND/OR/XOR, so a programme costs little more than its new leaves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from jiwon.programs.eligibility.columns import CompanyTable, Participation
from jiwon.programs.eligibility.compiler import compile_criteria, compile_rule
from jiwon.programs.eligibility.nodes import ProgramEligibility
from jiwon.programs.eligibility.plans import COMBINATORS, FALSE, TRUE, Plan
from jiwon.programs.eligibility.predicates import leaf_of


@dataclass
class EligibilityMatrix:
    """Programmes × companies, bit-packed: bit `row % 64` of word `row // 64` in line p."""

    bits: np.ndarray  # uint64, (programmes, words)
    table: CompanyTable

    def counts(self) -> np.ndarray:
        return np.bitwise_count(self.bits).sum(axis=1, dtype=np.int64)

    def rows(self, program: int) -> np.ndarray:
        return unpack(self.bits[program], self.table.n)

    def ids(self, program: int) -> np.ndarray:
        return self.table.ids[self.rows(program)]

    def programs_for(self, row: int) -> np.ndarray:
        word, bit = divmod(row, 64)
        return np.flatnonzero((self.bits[:, word] >> np.uint64(bit)) & np.uint64(1))


def unpack(words: np.ndarray, n: int) -> np.ndarray:
    bits = np.unpackbits(words.view(np.uint8), bitorder="little", count=n)
    return np.flatnonzero(bits)


class Engine:
    """Evaluates plans over a CompanyTable (and the participation records of its rows)."""

    def __init__(
        self,
        table: CompanyTable,
        participation: Participation | None = None,
        *,
        cache_bytes: int = 512 << 20,
    ):
        self.table = table
        self.participation = participation or Participation.empty()
        self.n = table.n
        self.words = (self.n + 63) // 64
        self.full = np.full(self.words, np.iinfo(np.uint64).max, dtype=np.uint64)
        if self.n % 64:
            self.full[-1] = np.uint64((1 << (self.n % 64)) - 1)
        self.cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.cache_bytes = cache_bytes
        self.lock = threading.Lock()
        self.local = threading.local()
        order = np.argsort(self.participation.program, kind="stable")
        starts = np.searchsorted(
            self.participation.program[order], np.arange(len(self.participation.program_keys) + 1)
        )
        self.by_program = {
            key: order[starts[i] : starts[i + 1]]
            for i, key in enumerate(self.participation.program_keys)
            if starts[i + 1] > starts[i]
        }
        self.pinned = {TRUE: self.full, FALSE: np.zeros(self.words, dtype=np.uint64)}
        self.preparations: dict[str, Any] = {}

    def prepared(self, name: str, make: Callable[[], Any]) -> Any:
        """What a kind of leaf computes once per engine (e.g. the lookup of the region
        vocabulary), made on first use."""
        with self.lock:
            found = self.preparations.get(name)
            if found is None:
                found = self.preparations[name] = make()
        return found

    def buffer(self) -> np.ndarray:
        """A per-thread bool scratch padded to whole words; the padding stays False."""
        buf = getattr(self.local, "buf", None)
        if buf is None:
            buf = self.local.buf = np.zeros(self.words * 64, dtype=bool)
        return buf

    def mask(self, program: ProgramEligibility) -> np.ndarray:
        """The packed eligibility of every company for one programme (a fresh array)."""
        plan = compile_rule(program.rule, program.reference_date)
        found = self.run(plan)
        return found if plan[0] in COMBINATORS else found.copy()

    def run(self, plan: tuple, out: np.ndarray | None = None) -> np.ndarray:
        """The packed result of a plan, written into `out` when given. Without `out`, a bare
        leaf returns the cached array itself: do not modify it."""
        op = plan[0]
        if op == "and" or op == "or":
            combine = np.bitwise_and if op == "and" else np.bitwise_or
            parts = plan[1]
            out = combine(self.run(parts[0]), self.run(parts[1]), out=out)
            for part in parts[2:]:
                combine(out, self.run(part), out=out)
            return out
        if op == "not":
            return np.bitwise_xor(self.run(plan[1]), self.full, out=out)
        if out is None:
            return self.leaf(plan)
        out[...] = self.leaf(plan)
        return out

    def leaf(self, key: tuple) -> np.ndarray:
        found = self.pinned.get(key)
        if found is not None:
            return found
        with self.lock:
            found = self.cache.get(key)
            if found is not None:
                self.cache.move_to_end(key)
                return found
        found = self.compute(key)
        with self.lock:
            self.cache[key] = found
            while len(self.cache) * found.nbytes > self.cache_bytes:
                self.cache.popitem(last=False)
        return found

    def compute(self, key: Plan) -> np.ndarray:
        buf = self.buffer()
        leaf_of(key).batch(self, key, buf[: self.n])
        return np.packbits(buf, bitorder="little").view(np.uint64)

    def records(self, keys: frozenset[str]) -> np.ndarray:
        """Indexes of the participation records of the programmes `keys`."""
        found = [self.by_program[k] for k in keys if k in self.by_program]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)

    def matrix(
        self, programs: Sequence[ProgramEligibility], *, threads: int = 2
    ) -> EligibilityMatrix:
        """Every programme's packed eligibility. Each thread takes a slice of the companies
        (whole words) and runs every programme over it, so the threads share nothing but the
        compiled plans; programmes run in reference-date order so that conditions on the
        same day meet in the cache."""
        bits = np.empty((len(programs), self.words), dtype=np.uint64)
        plans = [compile_rule(p.rule, p.reference_date) for p in programs]
        order = sorted(range(len(programs)), key=lambda i: programs[i].reference_date)
        threads = max(1, min(threads, self.words))
        bounds = [self.words * k // threads for k in range(threads + 1)]

        def work(part: int) -> None:
            first, last = bounds[part], bounds[part + 1]
            engine = self
            if threads > 1:
                engine = Engine(
                    self.table.rows(first * 64, min(last * 64, self.n)),
                    self.participation.rows(first * 64, min(last * 64, self.n)),
                    cache_bytes=self.cache_bytes // threads,
                )
            for i in order:
                engine.run(plans[i], out=bits[i, first:last])

        if threads > 1:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(work, range(threads)))
        else:
            work(0)
        return EligibilityMatrix(bits, self.table)

    def near_misses(self, program: ProgramEligibility) -> dict[str, np.ndarray]:
        """For each top-level criterion id, the rows failing that criterion and no other."""
        fails = [
            (cid, np.bitwise_xor(self.run(plan), self.full))
            for cid, plan in compile_criteria(program)
        ]
        once = np.zeros(self.words, dtype=np.uint64)
        twice = np.zeros(self.words, dtype=np.uint64)
        for _, fail in fails:
            twice |= once & fail
            once |= fail
        exactly_one = once & ~twice
        return {cid: unpack(fail & exactly_one, self.n) for cid, fail in fails}
