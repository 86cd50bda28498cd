#!/usr/bin/env bash
# Mutation testing (mutmut 3) of the security, privacy and small-number suppression modules.
#
# What is mutated and which fast tests judge the mutants: [tool.mutmut] in pyproject.toml.
# mutmut copies the packages into ./mutants (git-ignored) and runs the selected tests against
# each mutant; the database-backed tests are left to the normal suite (a PostGIS per mutant is
# too slow). Figures and the surviving mutants explained: docs/SECURITY.md "## Mutation testing".
#
#   scripts/mutation.sh            # full run from a fresh copy (about 15 minutes on 2 busy cores)
#   MUTMUT_CHILDREN=4 scripts/mutation.sh
#   uv run --frozen mutmut show <name>   # afterwards: the diff of one surviving mutant
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
rm -rf mutants  # mutmut caches verdicts there; start clean so the figures are this tree's
start=$(date +%s)
uv run --frozen mutmut run --max-children "${MUTMUT_CHILDREN:-2}"
echo "run time: $(($(date +%s) - start)) s"
echo "surviving mutants (none expected beyond those docs/SECURITY.md explains):"
uv run --frozen mutmut results
