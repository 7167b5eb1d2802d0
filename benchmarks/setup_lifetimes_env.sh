#!/usr/bin/env bash
# Create the isolated virtualenv holding the peer library (lifetimes) used by
# clv_vs_lifetimes.py.  Idempotent: re-running only installs what is missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${LIFETIMES_VENV:-$HERE/.venv-lifetimes}"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q \
    "numpy==1.26.4" "scipy==1.11.4" "pandas==1.5.3" "autograd==1.9.1" \
    "lifetimes==0.11.3" "pyarrow<16"
"$VENV/bin/python" -c "import lifetimes, pandas, numpy, scipy; print('lifetimes', lifetimes.__version__, 'pandas', pandas.__version__, 'numpy', numpy.__version__, 'scipy', scipy.__version__)"
