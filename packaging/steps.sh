# Sourced by run.sh and test.sh: runs named steps, times them, and fails loudly with the step's name.
#   step install packaging/install-deps.sh
#   summary            # "time: install 0.4s, configure 6.1s, build 88.0s"
AHENK_STEP_TIMES=()

step() {
  local name=$1; shift
  local start end status
  start=$(date +%s.%N)
  echo "==> $name: $*" >&2
  set +e
  "$@"
  status=$?
  set -e
  end=$(date +%s.%N)
  AHENK_STEP_TIMES+=("$name $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1fs", b-a}')")
  if [[ $status -ne 0 ]]; then
    summary
    echo "FAILED at step '$name' (exit $status): $*" >&2
    echo "The output above says why; fix it and rerun." >&2
    exit "$status"
  fi
}

summary() {
  local IFS=','
  echo "time: ${AHENK_STEP_TIMES[*]}" | sed 's/,/, /g' >&2
}

# Builds with both cores by default; AHENK_JOBS overrides.
export CMAKE_BUILD_PARALLEL_LEVEL=${AHENK_JOBS:-$(nproc)}
# Qt and Vulkan want a private runtime folder; make one when the session has none.
if [[ -z "${XDG_RUNTIME_DIR:-}" || ! -d "${XDG_RUNTIME_DIR:-/nonexistent}" ]]; then
  export XDG_RUNTIME_DIR=/tmp/ahenk-runtime-$(id -u)
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi
