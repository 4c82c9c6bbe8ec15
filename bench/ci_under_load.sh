#!/usr/bin/env bash
# Prove CI does not flake: run .ci/run on a clean clone of HEAD N times in a row while a
# CPU load the size of the machine (stress-ng, one worker per core) runs beside it.
#   bash bench/ci_under_load.sh [RUNS=3]          -> bench/out/ci_under_load.txt
#   E2E_REPEAT=20 bash bench/ci_under_load.sh 0   -> only the browser tests, 20 times each
#   (NO_STRESS=1 when another invocation already runs the load)
# Needs stress-ng (Debian package; installed here when root). Stops at the first failed CI
# run; the browser repeat runs every repetition and reports the count of failures.
set -euo pipefail
runs=${1:-3}
repeat=${E2E_REPEAT:-0}
top=$(git rev-parse --show-toplevel)
out="$top/bench/out"
mkdir -p "$out"
log="$out/ci_under_load.txt"
command -v stress-ng >/dev/null || apt-get install -y -q stress-ng >/dev/null
work=$(mktemp -d /tmp/sinergi-ci-load.XXXXXX)
fresh_clone() {  # a clean clone with shared/ beside it, as CI has
    cd "$work"  # never inside the clone being replaced
    rm -rf "$work/sinergi"
    git clone -q "$top" "$work/sinergi"
    [ -d "$work/shared" ] || cp -r "$top/../shared" "$work/shared" 2>/dev/null || true
}
# NO_STRESS=1: another invocation already loads the machine (runs the two side by side).
if [ -z "${NO_STRESS:-}" ]; then
    stress-ng --cpu "$(nproc)" --timeout 6h --quiet &
    stress=$!
    trap 'kill $stress 2>/dev/null || true' EXIT
fi
echo "# $(date -u +%FT%TZ) commit $(git -C "$top" rev-parse --short HEAD), load: stress-ng --cpu $(nproc)" >>"$log"
for i in $(seq 1 "$runs"); do
    fresh_clone
    cd "$work/sinergi"
    start=$(date +%s)
    if ! CI=true bash .ci/run >"$out/ci_under_load.$i.log" 2>&1; then
        echo "run $i: FAILED after $(( $(date +%s) - start )) s, see $out/ci_under_load.$i.log" | tee -a "$log"
        exit 1
    fi
    echo "run $i: passed in $(( $(date +%s) - start )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
done
if [ "$repeat" -gt 0 ]; then
    [ -d "$work/sinergi" ] || fresh_clone
    cd "$work/sinergi"
    [ -x .venv/bin/python ] || make install-dev browser >/dev/null
    start=$(date +%s)
    status=0
    HYPOTHESIS_PROFILE=ci .venv/bin/python -m pytest -q -m e2e --count "$repeat" \
        >"$out/e2e_repeat.log" 2>&1 || status=$?
    echo "e2e x$repeat: $(tail -1 "$out/e2e_repeat.log") in $(( $(date +%s) - start )) s" | tee -a "$log"
    exit $status
fi
