"""`kvarterkort rank`: rank areas from the command line, with or without the database.

With --input the areas come from a CSV, GeoPackage or GeoJSON file and no database is needed;
without it the loaded areas of --area-kind are ranked. The output follows its extension (.csv,
.geojson, .gpkg, or .html for a map that opens offline); without --output the top ten are
printed. Every output has been through small-number suppression, like the API's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.cli.common import database_url, settings, user_errors

if TYPE_CHECKING:
    import geopandas as gpd
    from sqlalchemy.orm import Session

    from indicators import Profile
    from usecases.ranking import RankingRun

# The ranking itself (pandas, scipy, the database, the maps) is imported when the command runs,
# from the use-case layer the web routes call too: `kvarterkort --help` stays light.
STATIC = Path(__file__).resolve().parent.parent / "static"
TOP = 10
GEO_SUFFIXES = (".geojson", ".gpkg", ".html")


def register(root: typer.Typer) -> None:
    root.command("rank")(rank)


def rank(
    profile: str = typer.Option(
        ...,
        "--profile",
        "-p",
        help="A built-in profile name, a saved profile, or a YAML/JSON file.",
    ),
    input_file: Path | None = typer.Option(
        None, "--input", "-i", help="CSV, GeoPackage or GeoJSON, one row per area (no database)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write .csv, .geojson, .gpkg or .html (a map) instead."
    ),
    area_kind: str = typer.Option("sogn", help="Without --input: which loaded areas to rank."),
    period: str | None = typer.Option(None, help="Without --input: indicator period (latest)."),
    draws: int = typer.Option(
        0, "--sensitivity", min=0, max=100_000, help="Monte Carlo draws for a 90 % rank interval."
    ),
    seed: int | None = typer.Option(None, help="Seed of the draws (default: the profile's)."),
    uncertainty: str = typer.Option(
        "weights+sampling",
        help="What the interval covers: 'weights' or 'weights+sampling' (rates with a known "
        "numerator and denominator are also drawn from their sampling distribution).",
    ),
    mode: str = typer.Option("rank", help="For .html maps: colour by 'rank' or 'decile'."),
    lang: str = typer.Option("da", help="Language of maps and sentences: da or en."),
) -> None:
    """Rank areas by need with a profile and print or write the result."""
    import app.i18n  # noqa: F401 -- hands the catalogue's words and number formats to usecases

    with user_errors():
        _check_options(output, mode, lang)
        if uncertainty not in ("weights", "weights+sampling"):
            raise ValueError("--uncertainty must be 'weights' or 'weights+sampling'")
        sampling = uncertainty == "weights+sampling"
        if input_file is not None:
            run, shapes = _rank_file(profile, input_file, draws, seed, sampling)
            extras: dict = {}
        else:
            run, shapes, extras = _rank_database(
                profile, area_kind, period, draws, seed, output, sampling
            )
        if output is None:
            _print_top(run, lang)
        else:
            _write(run, shapes, output, mode, lang, extras)
            typer.echo(f"Wrote {len(run.frame)} areas to {output}")
        typer.echo(_summary_line(run))


def _check_options(output: Path | None, mode: str, lang: str) -> None:
    if mode not in ("rank", "decile"):
        raise ValueError(f"--mode must be 'rank' or 'decile', got '{mode}'")
    if lang not in ("da", "en"):
        raise ValueError(f"--lang must be 'da' or 'en', got '{lang}'")
    suffix = output.suffix.lower() if output else ".csv"
    if suffix not in (".csv", ".xlsx", *GEO_SUFFIXES):
        raise ValueError(f"{output}: write .csv, .xlsx, .geojson, .gpkg or .html")


def _rank_file(
    source: str, path: Path, draws: int, seed: int | None, sampling: bool = True
) -> tuple[RankingRun, gpd.GeoSeries | None]:
    import geopandas as gpd
    import pandas as pd

    from geodata.ranking_io import read_area_table
    from indicators import load_profile
    from usecases.ranking import run_ranking

    profile = load_profile(source)
    table = read_area_table(path, profile.id_column)
    shapes = table.geometry if isinstance(table, gpd.GeoDataFrame) else None
    if shapes is not None:
        table = pd.DataFrame(table.drop(columns=table.geometry.name))
    key = Path(source).stem if Path(source).suffix else source
    run = run_ranking(table, profile, key, draws, _seed(profile, seed), sampling=sampling)
    return run, shapes


def _seed(profile: Profile, seed: int | None) -> int:
    return profile.sensitivity.seed if seed is None else seed


def _rank_database(
    source: str,
    kind: str,
    period: str | None,
    draws: int,
    seed: int | None,
    output: Path | None,
    sampling: bool = True,
) -> tuple[RankingRun, gpd.GeoSeries | None, dict]:
    """The loaded areas; shapes and map extras only when the output needs them."""
    import geopandas as gpd

    from geodata.db import session_scope
    from geodata.queries.indicators import area_shapes
    from usecases.ranking_db import RunParams, check_draws, check_kind, period_of, rank_loaded

    check_kind(kind)
    check_draws(draws)
    params = RunParams(source, kind, period, draws, seed,
                       uncertainty="weights+sampling" if sampling else "weights")  # fmt: skip
    with session_scope(database_url()) as session:
        profile = _database_profile(session, source)
        run, table = rank_loaded(session, profile, Path(source).stem, params)
        wants_geo = output is not None and output.suffix.lower() in GEO_SUFFIXES
        if not wants_geo:
            return run, None, {}
        shapes = area_shapes(session, kind).set_index("area_code")
        aligned = gpd.GeoSeries(
            shapes.geometry.reindex(run.frame[run.id_column]).to_numpy(), crs=shapes.crs
        )
        return run, aligned, _map_extras(session, kind, period_of(table))


def _database_profile(session: Session, source: str) -> Profile:
    """A file or built-in profile, else a profile saved through the API."""
    from indicators import ProfileError, load_profile
    from usecases.ranking_profiles import resolve_profile

    try:
        return load_profile(source)
    except ProfileError:
        if Path(source).suffix or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", source):
            raise
        return resolve_profile(session, source)


def _map_extras(session: Session, kind: str, period: str) -> dict:
    """Feature layers, synthetic-data names and credits for a map of the loaded areas."""
    from geodata.queries.ranking import overlay_frames
    from usecases.ranking_maps import map_provenance

    overlays = overlay_frames(session, settings().skill_generalisation_m)
    synthetic, credits = map_provenance(session, kind, period, overlays)
    return {"overlays": overlays, "synthetic": synthetic, "credits": credits, "kind": kind}


def _write(
    run: RankingRun, shapes: gpd.GeoSeries | None, path: Path, mode: str, lang: str, extras: dict
) -> None:
    if path.suffix.lower() != ".html":
        from geodata.ranking_io import write_ranking
        from usecases.ranking_text import export_frame

        write_ranking(export_frame(run), path, shapes)
        return
    if shapes is None:
        raise ValueError(
            f"{path.name}: a map needs area shapes; rank a GeoJSON or GeoPackage input, or the "
            "areas in the database"
        )
    path.write_text(_map_html(run, shapes, mode, lang, extras), encoding="utf-8")


def _map_html(run: RankingRun, shapes: gpd.GeoSeries, mode: str, lang: str, extras: dict) -> str:
    import geopandas as gpd

    from mapping.base import render
    from mapping.choropleth import build_ranking_map
    from usecases.ranking_db import RunParams
    from usecases.ranking_maps import map_spec

    frame = run.frame.copy()
    frame["area_code"] = frame[run.id_column].astype(str)
    if "area_name" not in frame.columns:
        frame["area_name"] = frame["area_code"]
    if run.capacity is not None:
        frame["quadrant"] = run.capacity["quadrant"].to_numpy()
    areas = gpd.GeoDataFrame(frame, geometry=shapes.to_numpy(), crs=shapes.crs)
    draws = run.sens.draws if run.sens else 0
    params = RunParams(run.key, extras.get("kind", "custom"), None, draws)
    spec = map_spec(run, params, "", mode, lang, settings().map_tiles)
    spec.area_link = None  # the file opens without the web app
    m = build_ranking_map(
        areas, spec, extras.get("overlays"), extras.get("synthetic"), extras.get("credits")
    )
    return inline_assets(render(m))


def inline_assets(html: str) -> str:
    """Replace /static/vendor links by the files' contents, so the map opens from disk offline."""

    def script(match: re.Match[str]) -> str:
        return f"<script>{_static(match.group(1))}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_static(match.group(1))}</style>"

    # a "?v=<hash>" cache-busting suffix (mapping.base) is not part of the file name
    html = re.sub(r'<script src="/static/(vendor/[^"?]+\.js)(?:\?[^"]*)?"></script>', script, html)
    return re.sub(
        r'<link rel="stylesheet" href="/static/(vendor/[^"?]+\.css)(?:\?[^"]*)?"\s*/?>', style, html
    )


def _static(relative: str) -> str:
    path = (STATIC / relative).resolve()
    if STATIC not in path.parents:
        raise ValueError(f"not a vendored asset: {relative}")
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def _print_top(run: RankingRun, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from usecases.ranking_text import interval_text, rank_text, why

    table = Table(title=f"{run.profile.name}: top {TOP}")
    for name in ("rank", "area", "score", *(["90 %"] if run.sens else []), "why"):
        table.add_column(name)
    frame = run.frame.sort_values("rank", na_position="last", kind="stable").head(TOP)
    for _, row in frame.iterrows():
        name = str(row.get("area_name") or row[run.id_column])
        cells = [rank_text(row["rank"], lang), name, f"{row['score']:.3f}"]
        if run.sens:
            cells.append(interval_text(row["p05_rank"], row["p95_rank"], lang))
        cells.append(why(run, row, lang))
        table.add_row(*cells)
    Console(width=160).print(table)


def _summary_line(run: RankingRun) -> str:
    text = (
        f"{run.result.n_ranked} of {len(run.frame)} areas ranked with profile '{run.profile.name}'"
    )
    if run.sens is not None:
        report = run.sens.report()
        text += (
            f"; {report['n_stable']} of the top {report['top_n']} stable over "
            f"{report['draws']} draws (seed {report['seed']}, {report['uncertainty']})"
        )
    n_hidden = int(run.frame["suppressed"].sum())
    return text + f"; areas with values hidden as small numbers: {n_hidden}."
