#!/usr/bin/env bash
# Idempotent set-up shared by scripts/demo and scripts/test: system packages when missing,
# uv when missing, then the locked Python environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

need_system=0
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then need_system=1; fi
if [ -n "$pg_bin" ]; then
  major=$(basename "$(dirname "$pg_bin")")
  [ -f "/usr/share/postgresql/$major/extension/postgis.control" ] || need_system=1
  [ -f "/usr/share/postgresql/$major/extension/pgrouting.control" ] || need_system=1
fi
if [ "${KVARTERKORT_NEED_BROWSER:-0}" = "1" ] && ! command -v chromium >/dev/null; then need_system=1; fi
if [ "$need_system" = "1" ]; then
  echo "Installing system packages (PostgreSQL, PostGIS, pgRouting, Chromium)..." >&2
  bash scripts/install-debian.sh
fi

if ! command -v uv >/dev/null 2>&1; then
  export PATH="$HOME/.local/bin:$PATH"
fi
if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv (Python package manager) from PyPI..." >&2
  python3 -m pip install --user --quiet uv 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages uv
  export PATH="$HOME/.local/bin:$PATH"
fi
# Trust the system's certificate store: municipal networks often inspect TLS with their own CA.
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}"
uv sync --frozen --quiet "$@"
