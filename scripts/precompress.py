"""Write a zopfli-compressed ``<file>.gz`` beside each large vendored file (run by
scripts/vendor-assets.sh; app/static_files.CachedStaticFiles serves them to gzip clients).

zopfli is a gzip encoder that searches harder: about 4 % smaller than gzip -9, which keeps /docs
(Swagger UI) under the 500 KB page budget. It is needed only here, at vendoring time:
`uv run --no-project --with zopfli python scripts/precompress.py FILE...`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import zopfli.gzip  # type: ignore[import-not-found]


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        packed = zopfli.gzip.compress(path.read_bytes(), numiterations=15)
        path.with_name(path.name + ".gz").write_bytes(packed)
        print(f"{path}: {path.stat().st_size} -> {len(packed)} bytes gzip")


if __name__ == "__main__":
    main(sys.argv[1:])
