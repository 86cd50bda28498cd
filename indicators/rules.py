"""Statutory area lists (udsat boligområde, parallelsamfund, forebyggelsesområde ...) as data.

The criteria change with the law, so they are versioned YAML files in ``indicators/rulesets``
evaluated by one generic evaluator instead of code per list. A rule set has ``criteria``
(column, operator, threshold) and a ``rule`` tree built from:

* ``"<criterion id>"`` - the criterion is met,
* ``{all: [...]}`` / ``{any: [...]}``,
* ``{at_least: k, of: [...], id: name}`` - at least k of the children are met,
* ``{rule_set: <name>}`` - the overall status of another rule set (e.g. parallelsamfund builds
  on udsat boligområde).

Missing values give three-valued logic: a criterion on a missing value is unknown (<NA>), and a
node is only decided when the known children decide it (e.g. 2 of 4 met is True whatever the
unknowns are). Margins are ``value - threshold`` (signed) so planners see how close an area is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Union

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from indicators.errors import RuleSetError
from indicators.inputs import numeric_matrix, require_columns

RULESET_DIR = Path(__file__).parent / "rulesets"
# The published list kinds; the same names as geodata.models_sources.LIST_KINDS (indicators/ must
# not import geodata; tests/test_statutory_rules.py checks the two agree).
ListKind = Literal[
    "ghettoomraade", "haardt_belastet", "udsat_boligomraade", "parallelsamfund",
    "omdannelsesomraade", "forebyggelsesomraade",
]  # fmt: skip
_OPS = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criterion(_Strict):
    """One threshold test on one column; ``op`` states whether the bound is inclusive."""

    id: str = Field(min_length=1)
    column: str = Field(min_length=1)
    op: Literal[">", ">=", "<", "<="]
    threshold: float
    label_da: str | None = None
    label_en: str | None = None


class AllNode(_Strict):
    all: list[Node] = Field(min_length=1)


class AnyNode(_Strict):
    any: list[Node] = Field(min_length=1)


class AtLeastNode(_Strict):
    at_least: int = Field(ge=1)
    of: list[Node] = Field(min_length=1)
    id: str | None = None

    @model_validator(mode="after")
    def _reachable(self) -> AtLeastNode:
        if self.at_least > len(self.of):
            raise ValueError(f"at_least {self.at_least} of only {len(self.of)} items")
        return self


class RuleSetRef(_Strict):
    rule_set: str


Node = Union[str, AllNode, AnyNode, AtLeastNode, RuleSetRef]  # noqa: UP007 (recursive alias)
for _model in (AllNode, AnyNode, AtLeastNode):
    _model.model_rebuild()


class RuleSet(_Strict):
    """A versioned statutory list definition (see module docstring for the rule grammar)."""

    id: str
    title_da: str
    title_en: str
    legal_basis: str
    version: str
    notes: str | None = None
    # Which published list this rule set decides, and for which list years (last None: in force)
    list_kind: ListKind | None = None
    list_years: tuple[int, int | None] | None = None
    criteria: list[Criterion] = Field(min_length=1)
    rule: Node

    @model_validator(mode="after")
    def _ordered_years(self) -> RuleSet:
        first, last = self.list_years or (0, None)
        if last is not None and last < first:
            raise ValueError(f"list_years must run forwards, got [{first}, {last}]")
        if (self.list_kind is None) != (self.list_years is None):
            raise ValueError("list_kind and list_years go together")
        return self

    def decides(self, list_kind: str, year: int) -> bool:
        """True when this rule set is the one for `list_kind`'s list of `year`."""
        if self.list_kind != list_kind or self.list_years is None:
            return False
        first, last = self.list_years
        return first <= year and (last is None or year <= last)

    @property
    def in_force(self) -> bool:
        """Still the law: no list years, or an open end (the old lists' rule sets are not)."""
        return self.list_years is None or self.list_years[1] is None

    @model_validator(mode="after")
    def _known_references(self) -> RuleSet:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"criterion ids must be unique, got {ids}")
        unknown = sorted(set(_referenced(self.rule)) - set(ids))
        if unknown:
            raise ValueError(f"rule refers to unknown criteria {unknown}; defined: {ids}")
        return self

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(c.column for c in self.criteria))


def _referenced(node: Node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, RuleSetRef):
        return []
    return [name for child in _children(node) for name in _referenced(child)]


def _children(node: AllNode | AnyNode | AtLeastNode) -> list[Node]:
    if isinstance(node, AllNode):
        return node.all
    return node.any if isinstance(node, AnyNode) else node.of


def available_rule_sets() -> list[str]:
    """Names (file stems) of the rule sets shipped in ``indicators/rulesets``."""
    return sorted(p.stem for p in RULESET_DIR.glob("*.yaml"))


def load_rule_set(name: str | Path) -> RuleSet:
    """Load a shipped rule set by name (``"udsat_boligomraade_2024"``) or a YAML file path."""
    path = Path(name)
    if path.suffix not in {".yaml", ".yml"}:
        if str(name) not in available_rule_sets():
            raise RuleSetError(
                f"unknown rule set '{name}'; available: {', '.join(available_rule_sets())}"
            )
        path = RULESET_DIR / f"{name}.yaml"
    if not path.is_file():
        raise RuleSetError(f"rule set file {path} does not exist")
    try:
        return RuleSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleSetError(f"rule set {path.name} is malformed: {exc}") from exc


def current_rule_sets() -> list[str]:
    """Shipped rule sets still in force: what a ranking shows when its profile names none.

    The rule sets of the old lists (ghettoområde 2010-2020) describe published history; showing
    them as today's status on a ranking page would mislead.
    """
    return [name for name in available_rule_sets() if load_rule_set(name).in_force]


def rule_set_for(list_kind: str, year: int) -> RuleSet:
    """The shipped rule set that decided `list_kind`'s list of `year`; RuleSetError when none."""
    found = [rs for rs in map(load_rule_set, available_rule_sets()) if rs.decides(list_kind, year)]
    if len(found) != 1:
        names = ", ".join(rs.id for rs in found)
        raise RuleSetError(
            f"{'several' if found else 'no'} rule sets for the {list_kind} list of {year}"
            + (f": {names}" if names else ""),
            key="statutory.err.no_rule_set",
            list_kind=list_kind,
            year=year,
        )
    return found[0]


def evaluate_rule_sets(
    table: pd.DataFrame,
    rule_sets: Sequence[str | RuleSet],
    id_column: str | None = None,
) -> pd.DataFrame:
    """Evaluate rule sets on every area.

    Columns per rule set ``<rs>``: ``<rs>__status`` (nullable boolean), per criterion
    ``<rs>__<criterion>__met`` and ``<rs>__<criterion>__margin`` (value - threshold), per
    ``at_least`` node ``<rs>__<node id>__n_met``, per referenced rule set ``<rs>__<ref>__met``.
    The frame keeps the table's index; ``id_column`` is copied in first when given.
    """
    sets = [rs if isinstance(rs, RuleSet) else load_rule_set(rs) for rs in rule_sets]
    columns: dict[str, object] = {}
    if id_column is not None:
        require_columns(table, [id_column], "Rule evaluation")
        columns[id_column] = table[id_column].to_numpy()
    for rule_set in sets:
        status, detail = _evaluate(rule_set, table, ())
        columns[f"{rule_set.id}__status"] = _tristate(status)
        columns.update({f"{rule_set.id}__{k}": v for k, v in detail.items()})
    return pd.DataFrame(columns, index=table.index)


def _evaluate(
    rule_set: RuleSet, table: pd.DataFrame, stack: tuple[str, ...]
) -> tuple[np.ndarray, dict[str, object]]:
    if rule_set.id in stack:
        raise RuleSetError(f"rule sets refer to each other in a cycle: {' -> '.join(stack)}")
    require_columns(table, rule_set.columns, f"Rule set '{rule_set.id}'")
    values = numeric_matrix(table, rule_set.columns)
    met: dict[str, np.ndarray] = {}
    detail: dict[str, object] = {}
    for crit in rule_set.criteria:
        value = values[:, rule_set.columns.index(crit.column)]
        met[crit.id] = np.where(np.isnan(value), np.nan, _OPS[crit.op](value, crit.threshold))
        detail[f"{crit.id}__met"] = _tristate(met[crit.id])
        detail[f"{crit.id}__margin"] = value - crit.threshold
    evaluator = _NodeEvaluator(met, table, (*stack, rule_set.id), detail)
    return evaluator.run(rule_set.rule), detail


class _NodeEvaluator:
    """Walks a rule tree over tri-state arrays (1 = met, 0 = not met, NaN = unknown)."""

    def __init__(
        self,
        met: dict[str, np.ndarray],
        table: pd.DataFrame,
        stack: tuple[str, ...],
        detail: dict[str, object],
    ) -> None:
        self.met, self.table, self.stack, self.detail = met, table, stack, detail
        self.counter = 0

    def run(self, node: Node) -> np.ndarray:
        if isinstance(node, str):
            return self.met[node]
        if isinstance(node, RuleSetRef):
            status, _ = _evaluate(load_rule_set(node.rule_set), self.table, self.stack)
            self.detail[f"{node.rule_set}__met"] = _tristate(status)
            return status
        if isinstance(node, AllNode):
            return _at_least(len(node.all), self._stack(node.all))
        if isinstance(node, AnyNode):
            return _at_least(1, self._stack(node.any))
        self.counter += 1
        stacked = self._stack(node.of)
        self.detail[f"{node.id or f'at_least_{self.counter}'}__n_met"] = (stacked == 1).sum(axis=1)
        return _at_least(node.at_least, stacked)

    def _stack(self, children: list[Node]) -> np.ndarray:
        return np.column_stack([self.run(child) for child in children])


def _at_least(k: int, stacked: np.ndarray) -> np.ndarray:
    """Tri-state "at least k of the columns are met"; decided only if the unknowns cannot matter."""
    yes = (stacked == 1).sum(axis=1)
    unknown = np.isnan(stacked).sum(axis=1)
    return np.where(yes >= k, 1.0, np.where(yes + unknown < k, 0.0, np.nan))


def _tristate(values: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(values == 1, np.isnan(values))
