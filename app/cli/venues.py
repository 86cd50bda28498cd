"""`kvarterkort venues solve|rotation`: which existing venues reach the most target residents.

Reads demand, candidate and cost CSV files (see :mod:`venues.io`), runs a location model from
:mod:`venues` and prints the result as JSON (or writes it with --output). Problems with the
files or the request (unknown ids, non-numbers, p too large, demand out of reach) are printed
as one plain "Error: ..." line on stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # the engine (numpy, scipy, highspy) is imported inside the commands only
    from venues import Decay, Result
    from venues.problem import Problem

venues_app = typer.Typer(
    help="Choose venues for outreach: MCLP, LSCP, p-median, p-center and rotation plans.",
    no_args_is_help=True,
)


class Model(StrEnum):
    mclp = "mclp"
    lscp = "lscp"
    pmedian = "pmedian"
    pcenter = "pcenter"


def register(root: typer.Typer) -> None:
    """Add the `venues` command group to the root `kvarterkort` command."""
    root.add_typer(venues_app, name="venues")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Print a model or file error as one plain line and exit 2 instead of a traceback."""
    from venues import VenueModelError

    try:
        yield
    except VenueModelError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from exc


DEMAND = typer.Option(..., "--demand", help="CSV with columns id,weight.")
CANDIDATES = typer.Option(
    ..., "--candidates", help="CSV with column id (optional: required, capacity)."
)
COSTS = typer.Option(
    ...,
    "--costs",
    help="CSV, long (demand_id,candidate_id,cost) or wide (demand id, one column per "
    "candidate; empty cell = unreachable).",
)
OUTPUT = typer.Option(None, "--output", "-o", help="Write JSON here instead of stdout.")
REQUIRED = typer.Option(None, "--required", help="Comma-separated venue ids to force open.")
EXCLUDE = typer.Option(None, "--exclude", help="Comma-separated venue ids never to open.")


@venues_app.command("solve")
def solve_command(
    model: Model = typer.Option(..., "--model", help="mclp, lscp, pmedian or pcenter."),
    demand: Path = DEMAND,
    candidates: Path = CANDIDATES,
    costs: Path = COSTS,
    p: int | None = typer.Option(None, "--p", help="Number of venues (mclp, pmedian, pcenter)."),
    radius: float | None = typer.Option(
        None, "--radius", help="Reach r, same unit as costs; cost <= r counts (mclp, lscp)."
    ),
    share: float = typer.Option(1.0, "--share", help="LSCP: share of demand weight to cover."),
    heuristic: bool = typer.Option(
        False, "--heuristic", help="Greedy + swap with a bound instead of the exact MILP."
    ),
    decay: str | None = typer.Option(
        None,
        "--decay",
        help="MCLP distance decay KIND:START[:END_WEIGHT], e.g. linear:300 or exponential:300:0.2.",
    ),
    time_limit: float | None = typer.Option(
        None, "--time-limit", help="Seconds for the exact solver (default: venues_time_limit_s)."
    ),
    exact_max_size: int | None = typer.Option(
        None,
        "--exact-max-size",
        help="Demand points × candidates above which the heuristic answers "
        "(default: venues_exact_max_size).",
    ),
    required: str | None = REQUIRED,
    exclude: str | None = EXCLUDE,
    output: Path | None = OUTPUT,
    lang: str = typer.Option("da", "--lang", help="Language of the notice on stderr: da or en."),
) -> None:
    """Solve one location model and print the selected venues and their reach as JSON.

    Above the size limit or past the time limit the heuristic's answer is printed with its
    proven gap ("method": "heuristic", "reason": "size" or "time") and a notice on stderr.
    """
    from app.cli.common import settings
    from venues import solve
    from venues.limits import Limits

    cfg = settings()
    seconds = cfg.venues_time_limit_s if time_limit is None else time_limit
    size = cfg.venues_exact_max_size if exact_max_size is None else exact_max_size
    with _user_errors():
        problem = _problem(demand, candidates, costs, required, exclude)
        result = solve(problem, model.value, p=p, radius=radius, share=share,
                       decay=_decay(decay), heuristic=heuristic,
                       bounds=Limits(exact_max_size=size, time_limit_s=seconds))  # fmt: skip
    notice = fallback_notice(result, lang, size, seconds, problem)
    if notice:
        typer.echo(notice, err=True)
    _emit(result.to_dict(), output)


def fallback_notice(
    result: Result, lang: str, size: int, seconds: float, problem: Problem
) -> str | None:
    """The catalogue's sentence saying the answer is the heuristic's, why, and its gap."""
    from app.messages import venues as words

    if result.method != "heuristic" or result.reason not in ("size", "time"):
        return None
    cat = words.EN if lang == "en" else words.DA
    gap = cat["venues.solved.gap_unknown"] if result.gap is None else _percent(result.gap, lang)
    text = cat[f"venues.solved.heuristic.{result.reason}"]
    return text.format(demand=problem.n_demand, candidates=problem.n_candidates, limit=size,
                       seconds=f"{seconds:g}", gap=gap)  # fmt: skip


def _percent(share: float, lang: str) -> str:
    text = f"{share * 100:.2f} %"
    return text.replace(".", ",") if lang == "da" else text


@venues_app.command("rotation")
def rotation_command(
    slots: int = typer.Option(..., "--slots", "-k", help="Venue slots per week (k)."),
    weeks: int = typer.Option(..., "--weeks", "-w", help="Number of weeks (W)."),
    radius: float = typer.Option(..., "--radius", help="Reach r, same unit as costs."),
    demand: Path = DEMAND,
    candidates: Path = CANDIDATES,
    costs: Path = COSTS,
    exact: bool = typer.Option(
        False, "--exact", help="Optimal total reach via HiGHS instead of greedy."
    ),
    required: str | None = REQUIRED,
    exclude: str | None = EXCLUDE,
    output: Path | None = OUTPUT,
) -> None:
    """Plan k venues a week over W weeks reaching the most distinct residents, week by week."""
    from venues import plan_rotation

    with _user_errors():
        problem = _problem(demand, candidates, costs, required, exclude)
        plan = plan_rotation(problem, radius, slots, weeks, exact=exact)
    _emit(plan.to_dict(), output)


def _problem(
    demand: Path, candidates: Path, costs: Path, required: str | None, exclude: str | None
) -> Problem:
    from venues.io import load_problem

    return load_problem(demand, candidates, costs, required=_ids(required), excluded=_ids(exclude))


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _decay(text: str | None) -> Decay | None:
    from venues import Decay

    if not text:
        return None
    parts = text.split(":")
    try:
        kind = parts[0]
        start = float(parts[1])
        end = float(parts[2]) if len(parts) > 2 else (0.0 if kind == "linear" else 0.1)
    except (IndexError, ValueError):
        typer.echo(
            f"Error: --decay '{text}' must look like linear:300 or exponential:300:0.2", err=True
        )
        raise typer.Exit(2) from None
    if kind == "linear":
        return Decay("linear", start, end)
    if kind == "exponential":
        return Decay("exponential", start, end)
    typer.echo(f"Error: --decay kind must be linear or exponential, got '{kind}'", err=True)
    raise typer.Exit(2)


def _emit(payload: dict[str, Any], output: Path | None) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
