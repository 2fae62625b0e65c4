#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine:
# Chromium for the browser tests (no browser download: Debian's package), the
# pinned Python packages, including the course's helpers package, and axe-core (one pinned
# file from the npm registry, for tests/axe.py). First of all it stops with one line when
# `python` is not a Python the course supports (scripts/check_python.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python scripts/check_python.py
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q -r requirements-test.txt
# axe-core, the accessibility checker the browser tests inject into pages (tests/axe.py):
# one pinned file from the npm registry, into an ignored folder (never committed).
AXE_VERSION=4.14.1
AXE_DIR=tests/vendor/axe-core
if [ "$(cat "$AXE_DIR/VERSION" 2>/dev/null)" != "$AXE_VERSION" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
  fi
  AXE_TMP="$(mktemp -d)"
  npm pack --silent "axe-core@$AXE_VERSION" --pack-destination "$AXE_TMP" >/dev/null
  tar -xzf "$AXE_TMP/axe-core-$AXE_VERSION.tgz" -C "$AXE_TMP" package/axe.min.js package/LICENSE
  mkdir -p "$AXE_DIR"
  mv "$AXE_TMP/package/axe.min.js" "$AXE_TMP/package/LICENSE" "$AXE_DIR/"
  echo "$AXE_VERSION" > "$AXE_DIR/VERSION"
  rm -rf "$AXE_TMP"
fi
