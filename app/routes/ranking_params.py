"""One parameter model for the ranking feature: the page, its map frame, the area page, the
comparison, the API and the downloads all read :class:`RankingQuery`.

Links between them are built from the same object (:meth:`RankingQuery.link`), so a shared link,
the map frame beside the table and the CSV under it can never answer different questions: they
carry the same profile, area kind, period, draws, seed, uncertainty and weight overrides.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ConfigDict, Field

from app.params import AREA_KIND_ENUM, SEED_MAX, NulFree
from indicators import ProfileError
from indicators.profile import NormMethod
from usecases.ranking import MAP_DRAWS
from usecases.ranking_db import MAX_DRAWS, RunParams, check_draws
from usecases.ranking_profiles import DEFAULT_PROFILE, Overrides

Uncertainty = Literal["weights", "weights+sampling"]
Text = Annotated[str, NulFree]


class RankingQuery(BaseModel):
    """The planner's question. ``draws`` left out means the pages' default (an interval is
    always shown there) and none for the API; ``weight=col:2`` is repeatable."""

    model_config = ConfigDict(extra="ignore")  # lang and format are switches, not the question

    profile: Annotated[Text, Field(max_length=60, description="A built-in or saved profile.")] = (
        DEFAULT_PROFILE
    )
    area_kind: Annotated[Text, Field(max_length=40, json_schema_extra=AREA_KIND_ENUM)] = "sogn"
    period: Annotated[Text | None, Field(max_length=20, description="e.g. 2024")] = None
    mode: Literal["rank", "decile"] = "rank"
    draws: int | None = Field(None, ge=0, le=MAX_DRAWS)
    seed: int | None = Field(None, ge=0, le=SEED_MAX)
    uncertainty: Uncertainty = Field(
        "weights+sampling",
        description="What the 90 % rank interval covers: the weighting choices only, or also "
        "the sampling error of indicators with a known numerator and denominator.",
    )
    normalisation: NormMethod | None = None
    aggregation: Literal["arithmetic", "geometric"] | None = None
    weight: list[Annotated[Text, Field(max_length=100)]] = Field(
        default_factory=list, max_length=50, description="column:weight, repeatable"
    )

    def overrides(self) -> Overrides:
        return Overrides.model_validate(
            {"normalisation": self.normalisation, "aggregation": self.aggregation,
             "weights": parse_weights(self.weight)}
        )  # fmt: skip

    def run_params(self, default_draws: int = 0) -> RunParams:
        """The engine run this question asks for (pages pass their default number of draws)."""
        draws = check_draws(default_draws if self.draws is None else self.draws)
        return RunParams(
            self.profile, self.area_kind, self.period, draws, self.seed, self.overrides(),
            self.uncertainty,
        )  # fmt: skip

    def page_params(self) -> RunParams:
        return self.run_params(MAP_DRAWS)

    def pairs(self, **changes: object) -> list[tuple[str, str]]:
        """The question as query pairs: defaults left out, except profile and area kind."""
        data = self.model_copy(update=changes)
        out: list[tuple[str, str]] = []
        for name in RankingQuery.model_fields:
            value = getattr(data, name)
            if name == "weight":
                out += [("weight", str(v)) for v in value]
            elif value is not None and (
                name in ("profile", "area_kind") or value != RankingQuery.model_fields[name].default
            ):
                out.append((name, str(value)))
        return out

    def query_string(self, **changes: object) -> str:
        return urlencode(self.pairs(**changes))

    def link(
        self,
        path: str,
        lang: str | None = None,
        extra: dict[str, str] | None = None,
        **changes: object,
    ) -> str:
        """``path?<this question>`` plus ``extra`` switches (``lang``, ``format``), with
        ``changes`` applied to the question first."""
        pairs = self.pairs(**changes) + list((extra or {}).items())
        if lang:
            pairs.append(("lang", lang))
        return f"{path}?{urlencode(pairs)}"

    def area_link(self, code: str, lang: str | None = None) -> str:
        """The area page of ``code`` under this question (the kind is in the path)."""
        kind = quote(self.area_kind, safe="")
        pairs = [p for p in self.pairs() if p[0] != "area_kind"]
        if lang:
            pairs.append(("lang", lang))
        return f"/ranking/areas/{kind}/{quote(code, safe='')}?{urlencode(pairs)}"


class CompareQuery(BaseModel):
    """Two profiles compared on the same areas: the ranking question with a second profile."""

    model_config = ConfigDict(extra="ignore")

    a: Annotated[Text, Field(max_length=60)] = DEFAULT_PROFILE
    b: Annotated[Text, Field(max_length=60)] = "boligsocial"
    area_kind: Annotated[Text, Field(max_length=40, json_schema_extra=AREA_KIND_ENUM)] = "sogn"
    period: Annotated[Text | None, Field(max_length=20)] = None

    def side(self, which: str) -> RankingQuery:
        profile = self.a if which == "a" else self.b
        return RankingQuery(profile=profile, area_kind=self.area_kind, period=self.period)

    def link(self, path: str, lang: str | None = None, **changes: object) -> str:
        data = self.model_copy(update=changes).model_dump(exclude_none=True)
        if lang:
            data["lang"] = lang
        return f"{path}?{urlencode(data)}"


def parse_weights(items: list[str]) -> dict[str, float]:
    """``col:2`` items as a mapping; a malformed one is a 422 naming it."""
    out = {}
    for item in items:
        column, sep, value = item.partition(":")
        try:
            out[column] = float(value)
        except ValueError:
            sep = ""
        if not sep or not column:
            raise ProfileError(
                f"weight must look like 'column:2', got '{item[:60]}'",
                key="ranking.err.weight_format",
                item=item[:60],
            )
    return out
