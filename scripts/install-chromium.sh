#!/usr/bin/env bash
# Installs Debian's chromium at /usr/bin/chromium for the HTML report's browser test
# (test/unit/report/html.test.ts drives it through playwright-core; no Playwright browser download).
# Does nothing when /usr/bin/chromium already exists. Needs root (or sudo) and apt-get.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install-chromium: $CHROMIUM is already installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $CHROMIUM is missing and apt-get is not available on this system." >&2
  echo "install-chromium: install Chromium so that it is at $CHROMIUM (or the HTML report browser test will be skipped)." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: $CHROMIUM is missing; installing it needs root, and sudo is not available." >&2
    echo "install-chromium: run as root: DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
fi

echo "install-chromium: installing Debian's chromium with apt-get"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: apt-get finished but $CHROMIUM does not exist; the package may install it elsewhere on this distribution." >&2
  exit 1
fi
echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
