"""Ranking profiles: the declarative description of *how* areas are ranked.

A profile is data (YAML/JSON) so that planners can keep, review and version the choices behind a
ranking (which indicators, which direction, which weights, which normalisation) without code.
Validation is strict (unknown keys are rejected) because a typo such as ``wieght`` silently
falling back to a default would change a published ranking without anybody noticing.
Reading and writing files lives in :mod:`indicators.profile_io`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NormMethod = Literal["minmax", "zscore", "rank", "percentile", "goalposts", "imd_exponential"]
NORM_METHODS: tuple[str, ...] = NormMethod.__args__  # type: ignore[attr-defined]
Direction = Literal["lower_is_worse", "higher_is_worse"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorSpec(_Strict):
    """One indicator column and how it enters the score.

    ``worst``/``best`` are the goalposts of the ``goalposts`` normalisation; ``target`` is a
    best goalpost whose worst goalpost is taken from the data (the worst observed value).
    ``rate_per`` is the value of a rate of 1 (100 for percentages, 1000 for per-1,000 rates)
    used when shrinkage turns ``__num``/``__den`` back into values; left empty it is inferred
    from the data (see :mod:`indicators.inputs`).
    """

    column: str = Field(min_length=1)
    direction: Direction
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    domain: str | None = None
    normalisation: NormMethod | None = None
    worst: float | None = None
    best: float | None = None
    target: float | None = None
    count_kind: Literal["persons", "events"] = "persons"
    rate_per: float | None = Field(default=None, gt=0)
    label_da: str | None = None
    label_en: str | None = None

    @model_validator(mode="after")
    def _check_goalposts(self) -> IndicatorSpec:
        if self.target is not None and self.best is not None:
            raise ValueError(
                "give either 'target' or 'best', not both ('target' is the best goalpost)"
            )
        if self.worst is not None and self.best is not None:
            if self.worst == self.best:
                raise ValueError("goalposts 'worst' and 'best' must differ")
            wants_low_worst = self.direction == "lower_is_worse"
            if (self.worst < self.best) != wants_low_worst:
                raise ValueError(
                    f"goalposts contradict direction '{self.direction}': "
                    f"worst={self.worst} must be {'below' if wants_low_worst else 'above'} "
                    f"best={self.best}"
                )
        return self

    @property
    def has_goalposts(self) -> bool:
        """True when the goalposts normalisation has what it needs for this indicator."""
        return self.target is not None or (self.worst is not None and self.best is not None)

    def label(self, language: str) -> str:
        """Human-readable name for explanations; falls back to the column code."""
        text = self.label_da if language == "da" else self.label_en
        return text or self.column


class SmallNumbers(_Strict):
    """Disclosure control (see :mod:`indicators.smallnumbers`): the smallest base (persons) and
    the smallest count of events (numerators, and bases of events-kind indicators) that may be
    published, and whether a lone hidden cell pulls a second one with it (``secondary``)."""

    min_persons: int = Field(default=20, ge=0)
    min_events: int = Field(default=5, ge=0)
    exclude_from_ranking: bool = False
    secondary: bool = True


class Shrinkage(_Strict):
    """Empirical-Bayes smoothing of rates given as ``<col>__num`` / ``<col>__den`` columns.

    ``marshall_global`` shrinks towards the overall rate of all areas; with ``parent_column`` the
    same estimator is applied within each parent (e.g. kommune), i.e. towards the parent's rate.
    """

    method: Literal["marshall_global"] = "marshall_global"
    parent_column: str | None = None
    indicators: list[str] | None = None


class SensitivitySettings(_Strict):
    """Defaults of the Monte Carlo sensitivity analysis (see :mod:`indicators.sensitivity`)."""

    draws: int = Field(default=1000, ge=1)
    concentration: float = Field(default=50.0, gt=0)
    normalisations: list[NormMethod] = Field(default_factory=list)
    top_n: int = Field(default=10, ge=1)
    stability: float = Field(default=0.9, gt=0, le=1)
    seed: int = 0


class Profile(_Strict):
    """A validated ranking profile. Build with :func:`indicators.load_profile`."""

    name: str = Field(min_length=1)
    id_column: str = Field(min_length=1)
    description_da: str | None = None
    description_en: str | None = None
    normalisation: NormMethod = "percentile"
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    geometric_offset: float = Field(default=0.1, gt=0)
    normalise_weights: bool = True
    rank_ties: Literal["min", "average"] = "min"
    indicators: list[IndicatorSpec]
    domain_weights: dict[str, float] = Field(default_factory=dict)
    missing: Literal["reweight", "fail"] = "reweight"
    residents_column: str | None = None
    small_numbers: SmallNumbers = Field(default_factory=SmallNumbers)
    shrinkage: Shrinkage | None = None
    rule_sets: list[str] = Field(default_factory=list)
    flag_percentile: float = Field(default=0.9, gt=0, le=1)
    sensitivity: SensitivitySettings = Field(default_factory=SensitivitySettings)

    @field_validator("indicators")
    @classmethod
    def _non_empty(cls, value: list[IndicatorSpec]) -> list[IndicatorSpec]:
        if not value:
            raise ValueError("a profile needs at least one indicator")
        columns = [ind.column for ind in value]
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise ValueError(f"indicator columns listed more than once: {', '.join(duplicates)}")
        return value

    @field_validator("domain_weights")
    @classmethod
    def _positive_domain_weights(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if not v > 0}
        if bad:
            raise ValueError(f"domain weights must be positive numbers, got {bad}")
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> Profile:
        self._check_domains()
        self._check_goalposts()
        if not self.normalise_weights and self.aggregation == "geometric":
            raise ValueError("normalise_weights: false is only defined for arithmetic aggregation")
        if self.id_column in self.columns:
            raise ValueError(f"id_column '{self.id_column}' is also listed as an indicator")
        self._check_rule_sets()
        return self

    def _check_domains(self) -> None:
        with_domain = [i for i, ind in enumerate(self.indicators) if ind.domain is not None]
        if with_domain and len(with_domain) != len(self.indicators):
            missing = [
                f"indicators[{i}] ({ind.column})"
                for i, ind in enumerate(self.indicators)
                if ind.domain is None
            ]
            raise ValueError(
                "either every indicator has a domain or none has; no domain on: "
                + ", ".join(missing)
            )
        unknown = sorted(set(self.domain_weights) - set(self.domains))
        if unknown:
            raise ValueError(
                f"domain_weights name unknown domains {unknown}; domains in use: {self.domains}"
            )

    def _check_goalposts(self) -> None:
        sampled = set(self.sensitivity.normalisations)
        for i, ind in enumerate(self.indicators):
            own = ind.normalisation
            needs = self.method_for(ind) == "goalposts" or (own is None and "goalposts" in sampled)
            if needs and not ind.has_goalposts:
                raise ValueError(
                    f"indicators[{i}] ({ind.column}) uses normalisation 'goalposts' but has "
                    "neither 'worst' and 'best' nor 'target'"
                )

    def _check_rule_sets(self) -> None:
        from indicators.rules import available_rule_sets

        known = available_rule_sets()
        unknown = [name for name in self.rule_sets if name not in known]
        if unknown:
            raise ValueError(f"unknown rule set(s) {unknown}; available: {', '.join(known)}")

    @property
    def columns(self) -> list[str]:
        """Indicator columns in profile order."""
        return [ind.column for ind in self.indicators]

    @property
    def domains(self) -> list[str]:
        """Domain names in order of first appearance; one implicit domain when none is set."""
        names: list[str] = []
        for ind in self.indicators:
            name = ind.domain or "all"
            if name not in names:
                names.append(name)
        return names

    def method_for(self, indicator: IndicatorSpec) -> str:
        """The normalisation used for ``indicator`` (its override, else the profile default)."""
        return indicator.normalisation or self.normalisation

    def indicator(self, column: str) -> IndicatorSpec:
        """Look an indicator up by column code."""
        for ind in self.indicators:
            if ind.column == column:
                return ind
        raise KeyError(column)
