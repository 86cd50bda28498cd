"""How many features a map layer has, and where they are, without reading the features.

A map route decides per layer whether to embed it as GeoJSON or draw it from vector tiles
(``map_embed_max_features``); reading 50,000 rows only to count them would cost what tiles
save. One aggregate per layer answers both the count and the box to open the map on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.queries.assets_public import PUBLIC_GEOM, SERVED, AssetFilter, generalisation
from geodata.sqlnames import quote_ident

COUNTED = ("areas", "estates", "venues", "associations", "pois")


@dataclass(frozen=True)
class LayerSize:
    """Feature count, lon/lat box (minlon, minlat, maxlon, maxlat; None when empty), whether
    any feature is synthetic and the names of synthetic layers and the credit lines among them
    (the map must name and credit what it draws, even when it draws it from tiles)."""

    count: int
    bounds: tuple[float, float, float, float] | None
    synthetic: bool = False
    synthetic_layers: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()


def _size(session: Session, geom: str, source: str, params: dict[str, object], flag: str,
          layer: str = "NULL::text", credit: str = "NULL::text") -> LayerSize:  # fmt: skip
    sql = (
        "SELECT n, coalesce(syn, false), names, credits, "  # noqa: S608 -- fixed fragments
        "ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ("
        f"SELECT count(*) AS n, bool_or({flag}) AS syn, "
        f"array_agg(DISTINCT {layer}) FILTER (WHERE {flag} AND {layer} IS NOT NULL) AS names, "
        f"array_agg(DISTINCT {credit}) FILTER (WHERE coalesce({credit}, '') <> '') AS credits, "
        f"ST_Transform(ST_SetSRID(ST_Extent({geom})::geometry, 25832), 4326) AS e "
        f"FROM {source}) x"
    )
    n, synthetic, names, credits, *box = session.execute(text(sql), params).one()
    bounds = None if box[0] is None else _box(box)
    return LayerSize(int(n), bounds, bool(synthetic), tuple(names or ()), tuple(credits or ()))


def _box(box: list[object]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)  # type: ignore[arg-type]
    return x0, y0, x1, y1


def feature_size(session: Session, kind: str, area_kind: str | None = None) -> LayerSize:
    """One feature table (``areas`` optionally of one kind): count and extent."""
    if kind not in COUNTED:
        raise GeodataError(f"unknown layer kind {kind!r}; choose one of {', '.join(COUNTED)}")
    where = "WHERE t.kind = :kind" if area_kind else ""
    source = f"{quote_ident(session, kind)} t JOIN layers l ON l.id = t.layer_id {where}"
    params: dict[str, object] = {"kind": area_kind}
    return _size(session, "t.geom", source, params, "l.synthetic", "l.name", "l.credit")


def asset_size(session: Session, flt: AssetFilter, generalise_m: float) -> LayerSize:
    """The assets a public map of ``flt`` shows (personal ones generalised, as served)."""
    where, params = flt.where()
    source = f"{SERVED.format(geom=PUBLIC_GEOM)} WHERE {where}"
    params |= {"g": generalisation(generalise_m)}
    return _size(session, "s.geom", source, params, "a.synthetic")
