#!/usr/bin/env bash
# Create the benchmark environment: accord (editable, from this repo) plus the
# peer library NegMAS, which is AGPL and so lives ONLY here, never in accord's
# own dependencies.  The venv directory (.bench-venv/) is gitignored.
#
#   bash benchmarks/setup.sh            # creates /path/to/repo/.bench-venv
#   BENCH_VENV=/tmp/bv bash benchmarks/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${BENCH_VENV:-$repo/.bench-venv}"
python="${PYTHON:-python3}"
negmas_version="${NEGMAS_VERSION:-0.16.0}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e "$repo"
"$venv/bin/python" -m pip install --quiet "negmas==$negmas_version"
# to run the NegMAS interop tests here: .bench-venv/bin/python -m pytest tests/test_interop_negmas.py
"$venv/bin/python" -m pip install --quiet pytest hypothesis
"$venv/bin/python" - <<'EOF'
import importlib.metadata as md
for name in ("accord", "negmas", "numpy", "numba"):
    print(f"{name:8s} {md.version(name)}")
EOF
echo "benchmark environment ready: $venv"
