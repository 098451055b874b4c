#!/usr/bin/env bash
# Everything the project needs, on a fresh Debian machine that has only Python:
# system packages (Tesseract and its French model for OCR; Chromium for the browser
# tests when WITH_BROWSER=1), a virtualenv in .venv, the package with what the test
# suite needs (extra `test`) and what the benchmarks compare it with (extra `bench`:
# camelot, pandas). Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(tesseract-ocr tesseract-ocr-fra)
if [ "${WITH_BROWSER:-0}" = "1" ]; then
  packages+=(chromium)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "setup: cannot install ${missing[*]} (no apt-get)." >&2
    echo "setup: without Tesseract, scanned pages are recorded with method 'none'." >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,bench]"
echo "setup: done (.venv ready)" >&2
