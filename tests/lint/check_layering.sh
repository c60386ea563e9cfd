#!/usr/bin/env bash
# Fails when engine code (core/, gpu/) includes Qt or Dear ImGui headers (GUIDE, rule 1).
# Usage: check_layering.sh DIR...   (each DIR is searched recursively)
set -u
status=0
for dir in "$@"; do
  hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](Q[A-Za-z]+|Qt[A-Za-z]*/|qt[a-z]*\.h|imgui|backends/imgui)' \
           --include='*.h' --include='*.hpp' --include='*.cpp' --include='*.cu' --include='*.cuh' \
           "$dir" 2>/dev/null)
  if [[ -n "$hits" ]]; then
    echo "layering violation: the engine must not include Qt or ImGui headers:"
    echo "$hits"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "layering: core/ and gpu/ are free of Qt and ImGui ($*)"
exit $status
