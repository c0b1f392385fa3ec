#!/usr/bin/env bash
# Make sure `python3 -m venv` works (Debian splits venv into python3-venv).
set -euo pipefail
py=${1:-python3}
if ! "$py" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "exportctl needs Python 3.11 or newer as '$py'" >&2; exit 1
fi
if ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-venv
  else
    echo "python3-venv is missing: install it (sudo apt-get install python3-venv)" >&2; exit 1
  fi
fi
