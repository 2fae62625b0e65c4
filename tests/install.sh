#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine:
# Chromium for the browser tests (no browser download: Debian's package) and the
# pinned Python packages, including the course's helpers package. First of all it stops
# with one line when `python` is not a Python the course supports (scripts/check_python.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python scripts/check_python.py
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q -r requirements-test.txt
