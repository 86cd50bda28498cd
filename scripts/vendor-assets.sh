#!/usr/bin/env bash
# Copy the browser libraries that Folium maps and /docs (Swagger UI) need into app/static/vendor
# (committed), so nothing loads from a CDN and the CSP can stay 'self'. Run by a developer when
# upgrading; needs npm and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=app/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
packages=(
  leaflet@1.9.4 jquery@3.7.1 bootstrap@5.2.2 leaflet.awesome-markers@2.0.5
  @fortawesome/fontawesome-free@6.2.0 leaflet.markercluster@1.5.3 leaflet.locatecontrol@0.79.0
  leaflet.vectorgrid@1.3.0
  swagger-ui-dist@5.35.0
)
(cd "$tmp" && for p in "${packages[@]}"; do npm pack --silent "$p" >/dev/null; done && for f in *.tgz; do mkdir -p "${f%.tgz}" && tar -xzf "$f" -C "${f%.tgz}"; done)
rm -rf "$out" && mkdir -p "$out"/{leaflet,jquery,bootstrap,awesome-markers,fontawesome/css,fontawesome/webfonts,markercluster,locatecontrol,vectorgrid,swagger-ui}
cp -r "$tmp"/leaflet-1.9.4/package/dist/{leaflet.js,leaflet.css,images} "$out/leaflet/"
cp "$tmp"/leaflet-1.9.4/package/LICENSE "$out/leaflet/"
cp "$tmp"/jquery-3.7.1/package/dist/jquery.min.js "$tmp"/jquery-3.7.1/package/LICENSE.txt "$out/jquery/"
cp "$tmp"/bootstrap-5.2.2/package/dist/js/bootstrap.bundle.min.js "$tmp"/bootstrap-5.2.2/package/dist/css/bootstrap.min.css "$tmp"/bootstrap-5.2.2/package/LICENSE "$out/bootstrap/"
am=$(ls -d "$tmp"/leaflet.awesome-markers-*/package)
cp -r "$am"/dist/leaflet.awesome-markers.js "$am"/dist/leaflet.awesome-markers.css "$am"/dist/images "$out/awesome-markers/"
cp "$am"/LICENSE "$out/awesome-markers/" 2>/dev/null || true
fa=$(ls -d "$tmp"/fortawesome-fontawesome-free-*/package)
cp "$fa"/css/all.min.css "$out/fontawesome/css/"
cp "$fa"/webfonts/*.woff2 "$out/fontawesome/webfonts/"
cp "$fa"/LICENSE.txt "$out/fontawesome/"
mc=$(ls -d "$tmp"/leaflet.markercluster-*/package)
cp "$mc"/dist/leaflet.markercluster.js "$mc"/dist/MarkerCluster.css "$mc"/dist/MarkerCluster.Default.css "$mc"/MIT-LICENCE.txt "$out/markercluster/" 2>/dev/null || cp "$mc"/dist/leaflet.markercluster.js "$mc"/dist/MarkerCluster.css "$mc"/dist/MarkerCluster.Default.css "$out/markercluster/"
lc=$(ls -d "$tmp"/leaflet.locatecontrol-*/package)
cp "$lc"/dist/L.Control.Locate.min.js "$lc"/dist/L.Control.Locate.min.css "$lc"/LICENSE "$out/locatecontrol/"
# Leaflet.VectorGrid (vector tiles, mapping/vector_tiles.py): the bundled build carries its
# pbf/vector-tile readers. The package has no LICENSE file: its README's licence section is copied.
vg="$tmp"/leaflet.vectorgrid-1.3.0/package
cp "$vg"/dist/Leaflet.VectorGrid.bundled.min.js "$out/vectorgrid/"
sed -n '/^## Legalese/,$p' "$vg"/README.md > "$out/vectorgrid/LICENSE"
# Swagger UI for /docs (app/apidocs.py): the bundle, its stylesheet, a favicon and the licences.
su="$tmp"/swagger-ui-dist-5.35.0/package
cp "$su"/swagger-ui-bundle.js "$su"/swagger-ui-bundle.js.LICENSE.txt "$su"/swagger-ui.css \
  "$su"/favicon-32x32.png "$su"/LICENSE "$su"/NOTICE "$out/swagger-ui/"
# Swagger UI's bundle is most of /docs: a zopfli .gz beside it (served by app/static_files.py).
uv run --no-project --with zopfli python scripts/precompress.py \
  "$out"/swagger-ui/swagger-ui-bundle.js "$out"/swagger-ui/swagger-ui.css
du -sh "$out"
# axe-core for the accessibility tests only (tests/a11y.py; MPL-2.0; never served by the app).
axe_out=tests/vendor/axe-core
(cd "$tmp" && npm pack --silent axe-core@4 >/dev/null && mkdir -p axe && tar -xzf axe-core-*.tgz -C axe)
mkdir -p "$axe_out" && cp "$tmp"/axe/package/axe.min.js "$tmp"/axe/package/LICENSE "$axe_out/"
