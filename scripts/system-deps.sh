#!/usr/bin/env bash
# Install the Debian packages the workbook needs, only those that are missing:
#   python3-venv and python3-dev (to create the virtualenv and compile the core), gcc (the core),
#   and, with --browser, chromium (the browser tests drive it headless).
# Runs apt-get as root, or through sudo.
set -euo pipefail
want=()
python3 -c "import ensurepip, venv" 2>/dev/null || want+=(python3-venv)
python3 - <<'PY' 2>/dev/null || want+=(python3-dev)
import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)
PY
command -v gcc >/dev/null || want+=(gcc)
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null; then want+=(chromium); fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${want[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${want[@]}"
