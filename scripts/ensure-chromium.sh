#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the web app's end-to-end test.
# playwright-core drives it through executablePath; a Playwright browser download cannot work
# here (only package registries are reachable), so the browser comes from apt.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: $CHROMIUM is missing; install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)" >&2
  exit 69 # EX_UNAVAILABLE
fi
echo "ensure-chromium: installing Debian's chromium (once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
