#!/usr/bin/env bash
# Installs the pinned checkov (requirements.txt) from PyPI into a venv under the repository's
# cache and prints the path of its checkov executable. Idempotent: the venv is keyed by the
# requirements' hash, so a changed pin gets a fresh venv and an unchanged one is reused.
# Works on a fresh machine, as root, with CI=true: it needs only python3 (>= 3.9) with venv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
requirements="$here/requirements.txt"
hash="$(sha256sum "$requirements" | cut -c1-16)"
cache="${CHECKOV_CACHE_DIR:-$repo/node_modules/.cache/checkov}"
venv="$cache/$hash"
bin="$venv/bin/checkov"

if [ ! -x "$bin" ] || [ ! -f "$venv/.complete" ]; then
  python=${PYTHON:-python3}
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "checkov gate: $python not found; install Python 3 (with venv) or set PYTHON" >&2
    exit 69
  fi
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -r "$requirements" >&2
  touch "$venv/.complete"
fi
echo "$bin"
