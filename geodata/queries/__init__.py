"""Read-side queries. Everything returns plain rows or GeoDataFrames in EPSG:4326 for serving."""

from geodata.queries import nul_guard as nul_guard  # refuses NUL in any bound text (422)
