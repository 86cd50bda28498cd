"""Read-side queries. Everything returns plain rows or GeoDataFrames in EPSG:4326 for serving."""
