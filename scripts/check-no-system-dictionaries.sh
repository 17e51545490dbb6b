#!/usr/bin/env sh
# The spelling rules read no dictionary of the operating system: audit PATH twice, once as the machine
# is and once with the system's Hunspell/MySpell folders hidden (an empty tmpfs over them, in a private
# mount namespace: needs root and util-linux unshare), and compare the two audit.json byte for byte.
#   sh scripts/check-no-system-dictionaries.sh PATH [OUTDIR]
set -e
path=${1:?usage: $0 PATH [OUTDIR]}
out=${2:-/tmp/trial-audit-dicts}
py=${PYTHON:-python3}
args="--format json --fail-on never --quiet --today 2026-12-03"
$py -m auditor audit "$path" --out "$out/shown" $args
hide=""
for d in /usr/share/hunspell /usr/share/myspell; do [ -d "$d" ] && hide="$hide mount -t tmpfs none $d;"; done
unshare -m --propagation private sh -c "$hide $py -m auditor audit '$path' --out '$out/hidden' $args"
cmp "$out/shown/audit.json" "$out/hidden/audit.json" && echo "byte-identical with the system dictionaries hidden"
