#!/usr/bin/env sh
# System packages the tests use, from Debian: chromium (Playwright drives it for the browser tests;
# Playwright's own browser download is not used) and the hunspell dictionaries the spelling rules
# read at run time (British English and the English medical dictionary). Where apt is unavailable
# or we are not root, say so: the browser tests then skip with that reason and the dictionary test fails.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -f /usr/share/hunspell/en_GB.dic ] || need="$need hunspell-en-gb"
[ -f /usr/share/hunspell/en_med_glut.dic ] || need="$need hunspell-en-med"
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
