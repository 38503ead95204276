"""What a predicate kind is made of, and the plan leaves several kinds share: the constants,
ranges over a company column, a flag of the company, and a code matched against the rule's
code lists (region, KSIC)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from jiwon.programs.eligibility.codes import rule_matches
from jiwon.programs.eligibility.columns import CompanyTable
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, Reader
from jiwon.programs.eligibility.plans import FALSE, TRUE, Plan

if TYPE_CHECKING:
    from jiwon.programs.eligibility.batch import Engine

N = TypeVar("N", bound=Node)
Value = dict[str, Any]


def _no_check(node: Any, parser: Parser, path: str) -> None:
    return None


def _no_groups(data: dict[str, Any]) -> Iterable[str]:
    return ()


@dataclass(frozen=True, kw_only=True)
class Predicate(Generic[N]):
    """One kind of criterion: the rule JSON's "type" is its node's `type`."""

    node: type[N]
    # How each field of the node is read from the rule's JSON (attribute → reader).
    read: Mapping[str, Reader]
    # The definition (the reference evaluator): whether the company meets the criterion on
    # the day, and what it has (machine-readable, shown by `value_text`).
    reference: Callable[[N, CompanyFacts, date], tuple[bool, Value]]
    # The plan the engines evaluate (plans.py); it must agree with `reference`.
    plan: Callable[[N, date], Plan]
    # "must be …" and "what the company has", in the active language.
    requirement: Callable[[N, date], str]
    value_text: Callable[[N, Value, date], str]
    # Checks across fields, once the fields are read: the criterion must constrain something
    # and be satisfiable.
    check: Callable[[N, Parser, str], None] = _no_check
    # JSON fields without a default anyone would agree on.
    required: tuple[str, ...] = ()
    # The notice board's target groups the criterion names, read from its JSON (targets.py).
    groups: Callable[[dict[str, Any]], Iterable[str]] = _no_groups
    # Whether what the company has is a person's data (the representative's age): shown only
    # to readers of personal fields (`companies.view_personal`), the requirement to everyone.
    personal: bool = False

    @property
    def kind(self) -> str:
        return self.node.type


# A leaf evaluator for the recommender: the values of some leaves (bool, aligned with their
# keys) for one company.
OneCompany = Callable[[CompanyFacts], np.ndarray]


@dataclass(frozen=True)
class Leaf:
    """One kind of plan leaf: the first item of its keys is `op`."""

    op: str
    # The batch engine: fill `out` (one bool per company of the engine's table) for one key.
    batch: Callable[[Engine, Plan, np.ndarray], None]
    # The recommender: given every distinct key of this op, the evaluator of one company.
    one: Callable[[Sequence[Plan]], OneCompany]


@dataclass(frozen=True)
class Column:
    """A number per company that the range leaves ("ge" | "le", column, value) compare. A
    column's name may carry an argument after a colon (e.g. "sales_avg3:2026")."""

    name: str
    of_table: Callable[[CompanyTable, str], np.ndarray]
    of_company: Callable[[CompanyFacts, str], int]


def constant_leaf(key: Plan, value: bool) -> Leaf:
    def batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
        out[:] = value

    def one(keys: Sequence[Plan]) -> OneCompany:
        return lambda company: np.full(len(keys), value, dtype=bool)

    return Leaf(key[0], batch, one)


CONSTANT_LEAVES = (constant_leaf(TRUE, True), constant_leaf(FALSE, False))


def range_leaves(columns: Mapping[str, Column]) -> tuple[Leaf, Leaf]:
    """The "ge" and "le" leaves over `columns`. The batch engine computes a column once per
    table (derived columns such as a yearly average are kept in `CompanyTable.derived`)."""

    def column(table: CompanyTable, name: str) -> np.ndarray:
        found = table.derived.get(name)
        if found is None:
            base, _colon, argument = name.partition(":")
            found = table.derived[name] = columns[base].of_table(table, argument)
        return found

    def company_value(company: CompanyFacts, name: str) -> int:
        base, _colon, argument = name.partition(":")
        return columns[base].of_company(company, argument)

    def leaf(op: str, compare: np.ufunc) -> Leaf:
        def batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
            compare(column(engine.table, key[1]), key[2], out=out)

        def one(keys: Sequence[Plan]) -> OneCompany:
            grouped: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
            for position, key in enumerate(keys):
                grouped[key[1]][0].append(position)
                grouped[key[1]][1].append(key[2])
            arrays = {
                name: (np.array(positions, dtype=np.int64), np.array(limits, dtype=np.int64))
                for name, (positions, limits) in grouped.items()
            }

            def values(company: CompanyFacts) -> np.ndarray:
                found = np.empty(len(keys), dtype=bool)
                for name, (positions, limits) in arrays.items():
                    found[positions] = compare(company_value(company, name), limits)
                return found

            return values

        return Leaf(op, batch, one)

    return leaf("ge", np.greater_equal), leaf("le", np.less_equal)


def flag_leaf(
    key: Plan,
    of_table: Callable[[CompanyTable], np.ndarray],
    of_company: Callable[[CompanyFacts], bool],
) -> Leaf:
    """A leaf that holds for the companies with a flag (pre-founder, 관내)."""

    def batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
        out[:] = of_table(engine.table)

    def one(keys: Sequence[Plan]) -> OneCompany:
        return lambda company: np.full(len(keys), of_company(company), dtype=bool)

    return Leaf(key[0], batch, one)


def coded_leaf(
    op: str,
    *,
    index: Callable[[CompanyTable], np.ndarray],
    vocabulary: Callable[[CompanyTable], Sequence[str]],
    keys_of: Callable[[str], frozenset[str]],
    code_of: Callable[[CompanyFacts], str],
) -> Leaf:
    """(op, include, exclude): the company's code is covered by one of `include` (or it is
    empty) and by none of `exclude`. `keys_of(code)` are the rule codes that cover `code`."""

    def batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
        rows, vocabulary_keys = engine.prepared(
            op,
            lambda: (
                index(engine.table).astype(np.intp),
                [keys_of(code) for code in vocabulary(engine.table)],
            ),
        )
        lut = np.array([rule_matches(key[1], key[2], k) for k in vocabulary_keys], dtype=bool)
        np.take(lut, rows, out=out)

    def one(keys: Sequence[Plan]) -> OneCompany:
        seen: dict[str, np.ndarray] = {}

        def values(company: CompanyFacts) -> np.ndarray:
            code = code_of(company)
            found = seen.get(code)
            if found is None:
                covering = keys_of(code)
                found = seen[code] = np.array(
                    [rule_matches(key[1], key[2], covering) for key in keys], dtype=bool
                )
            return found

        return values

    return Leaf(op, batch, one)


def within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)
