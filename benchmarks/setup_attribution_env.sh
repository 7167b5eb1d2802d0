#!/usr/bin/env bash
# Create the isolated virtualenv holding the peer attribution library used by attribution.py:
# DP6's marketing-attribution-models (Markov and Shapley attribution in Python).  Idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${ATTRIBUTION_VENV:-$HERE/.venv-attribution}"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q "marketing-attribution-models==${MAM_VERSION:-2.1.1}"
"$VENV/bin/python" -m pip list 2>/dev/null | grep -i -E "marketing|polars|pandas|numpy"
