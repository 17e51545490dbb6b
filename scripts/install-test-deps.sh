#!/usr/bin/env sh
# System packages the tests use, from Debian: chromium (Playwright drives it for the browser tests;
# Playwright's own browser download is not used). The spelling rules need no system package: their
# word lists ship with trial-audit (auditor/data/README.md). Where apt is unavailable or we are not
# root, say so: the browser tests then skip with that reason.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
if [ -z "$need" ]; then
  echo "test system packages present"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  echo "installed:$need"
else
  echo "not installed (needs root and apt-get):$need"
fi
