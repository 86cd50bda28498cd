#!/usr/bin/env bash
# Install the system packages Kvarterkort needs on Debian 12+ / Ubuntu 24.04+:
# PostgreSQL with PostGIS and pgRouting (the embedded database), Chromium (map tests),
# python3-venv (for uv). Safe to run again. Needs root (or sudo).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo bash "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
pg_major=$(apt-cache depends postgresql 2>/dev/null | grep -oE 'postgresql-[0-9]+' | head -n1 | cut -d- -f2)
pg_major=${pg_major:-15}
apt-get install -y -q --no-install-recommends \
  "postgresql-${pg_major}" "postgresql-${pg_major}-postgis-3" "postgresql-${pg_major}-pgrouting" \
  postgresql-client chromium python3-venv python3-pip ca-certificates util-linux passwd
echo "Installed PostgreSQL ${pg_major} with PostGIS and pgRouting, Chromium and python3-venv."
