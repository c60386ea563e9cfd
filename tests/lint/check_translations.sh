#!/usr/bin/env bash
# Fails when a UI string has no Turkish translation: refreshes a copy of each .ts from the sources
# with lupdate (so strings added to the code but not to the .ts are caught), then looks for
# unfinished or empty translations. Usage: check_translations.sh LUPDATE SOURCE_DIR TS_FILE...
set -euo pipefail
lupdate=$1; src=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for ts in "$@"; do
  copy="$work/$(basename "$ts")"
  cp "$ts" "$copy"
  "$lupdate" -silent -no-obsolete -locations none "$src/ui/src" "$src/ui/include" "$src/app/inspect" "$src/core/src" "$src/core/include" \
    -ts "$copy" >/dev/null
  unfinished=$(grep -c 'type="unfinished"' "$copy" || true)
  empty=$(grep -cE '<translation>\s*</translation>|<translation/>' "$copy" || true)
  messages=$(grep -c '<message>' "$copy" || true)
  if [[ $unfinished -ne 0 || $empty -ne 0 ]]; then
    echo "$(basename "$ts"): $unfinished unfinished and $empty empty of $messages strings:"
    grep -B3 'type="unfinished"' "$copy" | grep '<source>' | sed 's/^ */  /' | head -40
    echo "Translate them in $ts (Qt Linguist, or edit the XML); 'cmake --build build --target ahenk_ui_lupdate' refreshes it."
    status=1
  else
    echo "$(basename "$ts"): all $messages strings translated"
  fi
done
exit $status
