"""Words of the vector-tile endpoint (/tiles/...): why a tile request was refused."""

DA = {
    "tiles.err.layer": "Ukendt kortlag; vælg et af: {allowed}",
    "tiles.err.tile": "Fliseadressen {z}/{x}/{y} findes ikke: zoom 0-{max_zoom}, "
    "og x og y skal ligge fra 0 til 2^zoom-1",
    "tiles.err.kind": "kind skal angives for områder og være en af: {allowed}",
    "tiles.err.kind_only_areas": "kind kan kun bruges med laget areas, ikke med {layer}",
}

EN = {
    "tiles.err.layer": "Unknown map layer; choose one of: {allowed}",
    "tiles.err.tile": "There is no tile {z}/{x}/{y}: zoom 0-{max_zoom}, "
    "and x and y must be from 0 to 2^zoom-1",
    "tiles.err.kind": "kind is required for areas and must be one of: {allowed}",
    "tiles.err.kind_only_areas": "kind applies only to the areas layer, not to {layer}",
}
