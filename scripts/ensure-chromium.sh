#!/usr/bin/env bash
# The browser tests (tests/web, marker `browser`) drive Debian's Chromium headless through
# Playwright (executable_path=/usr/bin/chromium; never `playwright install`). Install the
# `chromium` package with apt when the binary is missing: as root directly, else with sudo.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available; install Chromium" \
       "and set CHROMIUM=/path/to/chromium (the browser tests fail under CI=true without it)." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  SUDO=""
  echo "ensure-chromium: $CHROMIUM is missing; installing the Debian package chromium with apt-get"
elif command -v sudo >/dev/null; then
  SUDO="sudo"
  echo "ensure-chromium: $CHROMIUM is missing; installing the Debian package chromium with sudo apt-get"
else
  echo "ensure-chromium: $CHROMIUM is missing; run as root: apt-get install -y chromium" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: chromium installed but $CHROMIUM is absent" >&2; exit 1; }
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
