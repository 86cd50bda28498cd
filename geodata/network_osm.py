"""Read the walkable ways of an OpenStreetMap file (.osm.pbf or .osm XML) into a noded graph.

pyosmium streams the file once with its node-location handler, so only the coordinates of the
walkable ways are kept in Python lists. Everything after that is numpy: ways are split wherever
a node is shared with another way (or the same way, for loops), which is where a pedestrian can
turn. Vertex ids are OSM node ids, so a vertex can be looked up on openstreetmap.org.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import shapely
from numpy.typing import NDArray
from pyproj import Transformer

from geodata.errors import LoadError, Problem
from geodata.models import SRID
from geodata.network_store import EdgeSet, vertices_from_endpoints

# highway=* values a pedestrian may use (sidewalks are often mapped on the road itself).
WALKABLE = frozenset({
    "footway", "path", "pedestrian", "living_street", "residential", "service", "unclassified",
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    "track", "steps", "cycleway", "crossing", "bridleway", "corridor", "platform", "road",
})  # fmt: skip
# Trunk roads (motortrafikvej) forbid pedestrians unless the way says otherwise.
WALKABLE_IF_FOOT_ALLOWED = frozenset({"trunk", "trunk_link"})
FOOT_ALLOWED = frozenset({"yes", "designated", "permissive"})
FOOT_FORBIDDEN = frozenset({"no", "private", "use_sidepath"})
ACCESS_FORBIDDEN = frozenset({"no", "private"})


def is_walkable(tags: Any) -> bool:
    """Whether a way with these tags (an osmium TagList or a dict) may be walked on."""
    highway, foot = tags.get("highway"), tags.get("foot")
    if foot in FOOT_FORBIDDEN:
        return False
    if highway in WALKABLE_IF_FOOT_ALLOWED:
        return foot in FOOT_ALLOWED
    if highway not in WALKABLE:
        return False
    return not (tags.get("access") in ACCESS_FORBIDDEN and foot not in FOOT_ALLOWED)


@dataclass
class _Ways:
    """The walkable ways as flat columns: one entry per way node, `owner` = index of its way."""

    refs: array = field(default_factory=lambda: array("q"))
    lon: array = field(default_factory=lambda: array("d"))
    lat: array = field(default_factory=lambda: array("d"))
    owner: array = field(default_factory=lambda: array("q"))
    way_ids: list[int] = field(default_factory=list)
    highways: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, way: Any) -> None:
        k = len(self.way_ids)
        self.way_ids.append(int(way.id))
        self.highways.append(str(way.tags.get("highway")))
        for node in way.nodes:
            loc = node.location
            self.refs.append(node.ref)
            self.lon.append(loc.lon if loc.valid() else np.nan)
            self.lat.append(loc.lat if loc.valid() else np.nan)
            self.owner.append(k)


def read_osm_edges(path: Path, tick: Callable[[], None] | None = None) -> EdgeSet:
    """The walkable graph of an OSM file in EPSG:25832; LoadError when there is none."""
    ways = _read_ways(path, tick)
    name = str(path)
    if not ways.way_ids:
        skipped = ", ".join(f"{k} {v}" for k, v in ways.skipped.most_common(8)) or "none"
        msg = f"no walkable ways (highway=* ways skipped as not walkable: {skipped})"
        raise LoadError([Problem(name, "", "highway", msg)])
    edges = _split(ways)
    if len(edges) == 0:
        msg = "the walkable ways have no usable node locations (is the extract complete?)"
        raise LoadError([Problem(name, "", "geometry", msg)])
    left_out = sum(ways.skipped.values())
    edges.notes.append(f"{len(ways.way_ids)} walkable ways, {left_out} other highway ways skipped")
    return edges


def _read_ways(path: Path, tick: Callable[[], None] | None) -> _Ways:
    name = str(path)
    if not path.is_file():
        raise LoadError([Problem(name, "", "", "file not found")])
    ways = _Ways()
    processor = (
        osmium.FileProcessor(str(path))
        .with_locations()
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    try:
        for obj in processor:
            if not isinstance(obj, osmium.osm.Way):
                continue
            if is_walkable(obj.tags):
                ways.add(obj)
            else:
                ways.skipped[str(obj.tags.get("highway"))] += 1
            if tick:
                tick()
    except RuntimeError as exc:  # libosmium reports format and I/O problems this way
        msg = f"not a readable OpenStreetMap file (.osm.pbf or .osm): {exc}"
        raise LoadError([Problem(name, "", "", msg)]) from exc
    return ways


def _split(ways: _Ways) -> EdgeSet:
    """Cut every way at shared nodes and at gaps where the extract lost node locations."""
    refs = np.frombuffer(ways.refs, dtype=np.int64)
    lon, lat = np.frombuffer(ways.lon), np.frombuffer(ways.lat)
    owner = np.frombuffer(ways.owner, dtype=np.int64)
    valid = np.isfinite(lon)
    starts_piece = np.ones(len(refs), dtype=bool)
    starts_piece[1:] = (owner[1:] != owner[:-1]) | ~valid[:-1]
    piece = (np.cumsum(starts_piece) - 1)[valid]
    refs, owner = refs[valid], owner[valid]
    x, y = Transformer.from_crs(4326, SRID, always_xy=True).transform(lon[valid], lat[valid])
    cut = _cut_points(refs, piece)
    first, last = cut[:-1], cut[1:]
    same_piece = piece[first] == piece[last]
    first, last = first[same_piece], last[same_piece]
    lens = last - first + 1
    index = _ranges(first, lens)
    edge_of = np.repeat(np.arange(len(first)), lens)
    geoms = shapely.linestrings(np.column_stack([x, y])[index], indices=edge_of)
    keep = shapely.length(geoms) > 0
    way_index = owner[first][keep]
    source, target = refs[first][keep], refs[last][keep]
    vertex_id, vertex_xy = vertices_from_endpoints(source, target, geoms[keep])
    return EdgeSet(
        source=source,
        target=target,
        geoms=geoms[keep],
        osm_way_id=[ways.way_ids[i] for i in way_index],
        highway=[ways.highways[i] for i in way_index],
        vertex_id=vertex_id,
        vertex_xy=vertex_xy,
    )


def _cut_points(refs: NDArray[np.int64], piece: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions where an edge must end: shared nodes and the two ends of every piece."""
    _, inverse, counts = np.unique(refs, return_inverse=True, return_counts=True)
    cut = counts[inverse] >= 2
    if len(piece):
        cut[0] = cut[-1] = True
        change = piece[1:] != piece[:-1]
        cut[1:] |= change
        cut[:-1] |= change
    return np.flatnonzero(cut)


def _ranges(starts: NDArray[np.int64], lens: NDArray[np.int64]) -> NDArray[np.int64]:
    """Concatenated range(s, s + n) for every (s, n), without a Python loop."""
    offsets = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    return np.repeat(starts, lens) + offsets
