#!/usr/bin/env sh
# Test-only system dependencies: Debian's chromium for the browser tests (Playwright drives it;
# Playwright's own browser download is not used). Skipped, with a message, where apt is unavailable.
set -e
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || true)"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
else
  echo "chromium not installed (needs root and apt-get): the browser tests will be skipped"
fi
