"""Place search: one ranked list over every loaded name and, when loaded, the address register.

Names and the query are compared after `kk_fold` (migration 0007): lower case, æ/ø/å spelled
ae/oe/aa, punctuation as spaces, so "aalborg", "Ålborg" and "AALBORG" are the same word and
"tønder" finds "Tønder". Ranking: the whole name starts with the query, then a word in it does,
then pg_trgm word similarity (typos). Approved assets only, and a person's skill at its
generalised cell (assets_public.PUBLIC_GEOM), so the search reveals no more than the public map.
Addresses can be hundreds of thousands of rows, so they are searched on their own with the
indexed `search` column (btree text_pattern_ops for the prefix, GIN trigram for the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.queries.assets_public import PUBLIC_GEOM, SERVED, generalisation

STOP_CATEGORIES = ("bus", "train", "tram", "metro", "ferry", "stop", "station", "letbane")
_STOPS = ", ".join(f"'{c}'" for c in STOP_CATEGORIES)
# Every named place a visitor may see: kind, display name, geometry in EPSG:25832.
NAMED_PLACES = (  # fixed SQL fragments only
    "SELECT kind, CASE WHEN kind = 'postnummer' THEN code || ' ' || name ELSE name END AS name, "  # noqa: S608
    "geom FROM areas WHERE kind <> 'grid' "
    "UNION ALL SELECT 'estate', name, geom FROM estates "
    "UNION ALL SELECT 'venue', name, geom FROM venues "
    "UNION ALL SELECT 'association', name, geom FROM associations "
    f"UNION ALL SELECT CASE WHEN category IN ({_STOPS}) THEN 'stop' ELSE 'poi' END, name, geom "
    "FROM pois "
    f"UNION ALL SELECT 'asset', a.title, s.geom FROM {SERVED.format(geom=PUBLIC_GEOM)} "
    "WHERE a.status = 'approved'"
)
# The rank of a folded name `f` against the folded query: 0 prefix, 1 word prefix, 2 similar.
RANK = "CASE WHEN {f} LIKE :prefix THEN 0 WHEN {f} LIKE :word THEN 1 ELSE 2 END"
MATCH = "({f} LIKE :prefix OR {f} LIKE :word OR :fq <% {f})"
POSITION = (
    "ST_X(ST_Transform(ST_PointOnSurface({g}), 4326)) AS lon, "
    "ST_Y(ST_Transform(ST_PointOnSurface({g}), 4326)) AS lat, "
    "CASE WHEN GeometryType({g}) IN ('POLYGON', 'MULTIPOLYGON') THEN "
    "ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] END AS box"
)
# The extent of `{g}` in WGS84, for POSITION's bbox.
EXTENT = "CROSS JOIN LATERAL (SELECT ST_Transform({g}, 4326)::box2d AS b) e"
ADDRESS_LABEL = (
    "vejnavn || ' ' || husnr || CASE WHEN etage IS NULL AND doer IS NULL THEN '' ELSE ', ' || "
    "concat_ws(' ', etage || '.', doer) END || ', ' || postnr || ' ' || postnrnavn"
)


@dataclass(frozen=True)
class Place:
    """One search result: what to show, what kind of place, where, and its extent if an area."""

    name: str
    kind: str
    lon: float
    lat: float
    bbox: tuple[float, float, float, float] | None
    rank: int
    score: float

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind,
                               "lon": round(self.lon, 6), "lat": round(self.lat, 6)}  # fmt: skip
        if self.bbox is not None:
            out["bbox"] = [round(v, 6) for v in self.bbox]
        return out


def search_places(
    session: Session, q: str, limit: int = 10, generalise_m: float = 250, offset: int = 0,
    bbox: tuple[float, float, float, float] | None = None,
) -> list[Place]:  # fmt: skip
    """The best `limit` places for `q` from the `offset`-th on, names and addresses merged by
    rank, then similarity; with `bbox` (WGS84) only places touching it. Each source is asked
    for its best offset + limit, which is all the merged page can hold."""
    folded = session.execute(text("SELECT kk_fold(:q)"), {"q": q}).scalar_one() or ""
    if len(folded) < 2:
        return []
    params = {"fq": folded, "prefix": folded + "%", "word": "% " + folded + "%",
              "limit": offset + limit, "g": generalisation(generalise_m)}  # fmt: skip
    if bbox is not None:
        params |= dict(zip(("bx0", "by0", "bx1", "by1"), bbox, strict=True))
    found = _named(session, params) + _addresses(session, params)
    found.sort(key=lambda p: (p.rank, -p.score, len(p.name), p.name))
    return found[offset : offset + limit]


def _inside(g: str, params: dict[str, Any]) -> str:
    """The bbox condition on geometry `g` when the search has one (values bound), else none."""
    if "bx0" not in params:
        return ""
    box = "ST_Transform(ST_MakeEnvelope(:bx0, :by0, :bx1, :by1, 4326), 25832)"
    return f" AND ST_Intersects({g}, {box})"


def _named(session: Session, params: dict[str, Any]) -> list[Place]:
    f = "x.f"
    sql = (
        f"SELECT x.kind, x.name, {RANK.format(f=f)} AS rank, word_similarity(:fq, {f}) AS score, "  # noqa: S608 -- fixed fragments
        f"{POSITION.format(g='x.geom')} FROM (SELECT p.*, kk_fold(p.name) AS f "
        f"FROM ({NAMED_PLACES}) p WHERE p.name IS NOT NULL) x {EXTENT.format(g='x.geom')} "
        f"WHERE {MATCH.format(f=f)}{_inside('x.geom', params)} "
        "ORDER BY rank, score DESC, length(x.name), x.name LIMIT :limit"
    )
    return [_place(row) for row in session.execute(text(sql), params)]


def _addresses(session: Session, params: dict[str, Any]) -> list[Place]:
    """Two steps, so a common word ("6270", "tønder") never ranks thousands of rows: prefix
    matches straight from the btree in index order; only when they are too few, word-prefix and
    similar matches through the trigram index. Labels and positions only for the final rows."""
    f = "a.search"
    sql = (
        "WITH pre AS (SELECT a.id, 0 AS rank FROM addresses a WHERE a.search LIKE :prefix "  # noqa: S608 -- fixed fragments
        f"{_inside('a.geom', params)} ORDER BY a.search LIMIT :limit), "
        f"more AS (SELECT a.id, {RANK.format(f=f)} AS rank FROM addresses a "
        f"WHERE {MATCH.format(f=f)} AND a.search NOT LIKE :prefix{_inside('a.geom', params)} "
        "AND (SELECT count(*) FROM pre) < :limit "
        # similarity only ranks the rows no word starts with the query (it is the costly part)
        f"ORDER BY rank, CASE WHEN {f} LIKE :word THEN 1 ELSE word_similarity(:fq, {f}) END "
        "DESC, a.search LIMIT :limit), "
        "hit AS (SELECT * FROM pre UNION ALL SELECT * FROM more) "
        f"SELECT 'address' AS kind, {ADDRESS_LABEL} AS name, hit.rank, "
        f"word_similarity(:fq, {f}) AS score, {POSITION.format(g='a.geom')} "
        f"FROM hit JOIN addresses a ON a.id = hit.id {EXTENT.format(g='a.geom')}"
    )
    return [_place(row) for row in session.execute(text(sql), params)]


def _place(row: Any) -> Place:
    box = None if row.box is None else tuple(float(v) for v in row.box)
    return Place(row.name, row.kind, float(row.lon), float(row.lat), box, int(row.rank),  # type: ignore[arg-type]
                 float(row.score))  # fmt: skip
