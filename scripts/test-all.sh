#!/usr/bin/env bash
# The single test command (also `./xloud test`, and what CI runs):
#   h2           ./mvnw -B -Perrorprone verify         unit + integration tests on embedded H2, with Error Prone
#   pg           ./mvnw -B verify -Dxloud.test.db=...  the same on a throwaway PostgreSQL (scripts/pg.sh)
#   crash        scripts/crash-identity.sh, crash-objects.sh  SIGKILL during writes; acknowledged writes survive
#                scripts/crash-webhooks.sh             SIGKILL mid-delivery, receiver down: every event arrives
#                scripts/crash-image.sh                SIGKILL during uploads and imports: nothing stuck, no orphans
#   multinode    scripts/multinode.sh                  two processes on one PostgreSQL act as one cloud
#   cli          scripts/cli-flow.sh, cli-federation.sh  identity flows and an OpenID Connect login,
#                scripts/cli-image.sh, cli-network.sh  image and networking flows, with the real openstack
#                                                      (and glance) CLI
#   objects      scripts/object-clients.sh             swift, aws-cli and s3cmd on the same objects
#   conformance  scripts/conformance.sh                tempest must-pass lists (identity, object storage, image,
#                                                      networking)
# Usage: scripts/test-all.sh [STEP ...]   (default: all seven, in this order)
# Every step runs even if an earlier one failed; the last line is `N passed, N failed` (steps).
# XLOUD_SKIP_EXTERNAL=1 turns a missing openstack CLI / tempest into a skip instead of a failure.
# Logs: target/test-logs/STEP.log.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
xloud_find_java

STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(h2 pg crash multinode cli objects conformance)
LOGS=$ROOT/target/test-logs
mkdir -p "$LOGS"

# Stop PostgreSQL at the end only if this run is the one that starts it.
PG_STARTED=0
if [[ " ${STEPS[*]} " == *" pg "* || " ${STEPS[*]} " == *" multinode "* ]] && ! scripts/pg.sh status >/dev/null 2>&1; then PG_STARTED=1; fi
cleanup() { if [ "$PG_STARTED" = 1 ]; then scripts/pg.sh stop || true; fi; }
trap cleanup EXIT

# Error Prone runs once, here (-Perrorprone): the other steps reuse nothing of it and need not pay for it twice.
step_h2() { ./mvnw -B -Perrorprone verify; }

step_pg() {
    scripts/pg.sh start
    # A fresh database per run, so no rows from an earlier run leak into the tests.
    scripts/pg.sh dropdb xloud_test >/dev/null
    local url
    url=$(scripts/pg.sh createdb xloud_test)
    echo "PostgreSQL test database: $url"
    ./mvnw -B verify -Dxloud.test.db="$url" -Dxloud.test.db.user=xloud -Dxloud.test.db.password=xloud
}

# external TOOL_PATH: 0 = present, 1 = missing (failure), 2 = missing but skipping is allowed
external() {
    [ -x "$1" ] && return 0
    if [ "${XLOUD_SKIP_EXTERNAL:-0}" = 1 ]; then
        echo "SKIPPED: $1 is not installed and XLOUD_SKIP_EXTERNAL=1 (apt-get install it to run this step)"
        return 2
    fi
    echo "FAILED: $1 is not installed (apt-get install it, or set XLOUD_SKIP_EXTERNAL=1 to skip this step)"
    return 1
}
# run_scripts STEP SCRIPT...: runs each script (all of them, even after a failure); the closing line sums
# their "NAME: N passed, N failed" lines
run_scripts() {
    local step=$1 rc=0 passed=0 failed=0 script line
    shift
    for script in "$@"; do
        scripts/$script.sh | tee "$LOGS/$script.log" || rc=1
        line=$(grep -E "^$script: [0-9]+ passed, [0-9]+ failed" "$LOGS/$script.log" | tail -n 1 || true)
        if [ -n "$line" ]; then
            passed=$((passed + $(echo "$line" | sed -E 's/^[a-z-]+: ([0-9]+) passed.*/\1/')))
            failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
        else
            failed=$((failed + 1))
        fi
    done
    echo "$step: $passed passed, $failed failed"
    return "$rc"
}
step_crash() { run_scripts crash crash-identity crash-objects crash-webhooks crash-image; }
step_multinode() { scripts/multinode.sh; }
step_cli() {
    external /usr/bin/openstack || return
    external /usr/bin/glance || return
    run_scripts cli cli-flow cli-image cli-network cli-federation
}
step_objects() { external /usr/bin/swift || return; external /usr/bin/aws || return; external /usr/bin/s3cmd || return; external /usr/bin/rclone || return; scripts/object-clients.sh; }
# Identity and object storage with two workers (the lockout tests time their failures); image and networking
# with eight, since tempest's polling waits dominate their run, not the server.
step_conformance() {
    external /usr/bin/tempest || return
    local rc=0 passed=0 failed=0 results=$ROOT/target/tempest-results line
    rm -rf "$results"
    scripts/conformance.sh --services identity,object_storage --results "$results/identity-objects" || rc=1
    scripts/conformance.sh --services image,network --workers 8 --results "$results/image-network" || rc=1
    for line in "$results"/*/summary.txt; do
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$line" | tail -n 1 || true)
        [ -n "$line" ] || { failed=$((failed + 1)); continue; }
        passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
        failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
    done
    echo "conformance: $passed passed, $failed failed"
    return "$rc"
}

# Test counts of a step, from its log: Maven's "Tests run: N, Failures: F, Errors: E, Skipped: S" summary
# lines (one per module), or a closing "N passed, N failed" line of the scripts. Prints "passed failed skipped".
count_tests() {
    local log=$1
    if grep -q '^\[INFO\] Tests run:\|^\[ERROR\] Tests run:\|^\[WARNING\] Tests run:' "$log"; then
        # the module summaries are the lines without " -- in " (those are per test class)
        grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
            | awk -F'[:,]' '{ run += $2; fail += $4 + $6; skip += $8 } END { printf "%d %d %d", run - fail - skip, fail, skip }'
    else
        grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 \
            | sed -E 's/^([a-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3 0/'
    fi
}

PASSED=0 FAILED=0 SKIPPED=0
TESTS_PASSED=0 TESTS_FAILED=0 TESTS_SKIPPED=0
RESULTS=()
for s in "${STEPS[@]}"; do
    case $s in h2|pg|crash|multinode|cli|objects|conformance) ;; *) echo "unknown step: $s (h2 pg crash multinode cli objects conformance)" >&2; exit 2 ;; esac
    echo
    echo "=== test-all: $s ==="
    start=$SECONDS
    set +e
    ( set -e; "step_$s" ) 2>&1 | tee "$LOGS/$s.log"
    rc=${PIPESTATUS[0]}
    set -e
    took=$((SECONDS - start))
    read -r tp tf ts <<<"$(count_tests "$LOGS/$s.log")" || true
    # a step that failed without a failing test (a build error, a crash) still counts as one failure
    if [ "$rc" != 0 ] && [ "$rc" != 2 ] && [ "${tf:-0}" = 0 ]; then tf=1; fi
    TESTS_PASSED=$((TESTS_PASSED + ${tp:-0})); TESTS_FAILED=$((TESTS_FAILED + ${tf:-0})); TESTS_SKIPPED=$((TESTS_SKIPPED + ${ts:-0}))
    if [ "$rc" = 0 ]; then
        PASSED=$((PASSED + 1)); RESULTS+=("$(printf '%-12s passed  %5ss' "$s" "$took")")
    elif [ "$rc" = 2 ] && grep -q '^SKIPPED: ' "$LOGS/$s.log"; then
        SKIPPED=$((SKIPPED + 1)); RESULTS+=("$(printf '%-12s skipped' "$s")")
    else
        FAILED=$((FAILED + 1)); RESULTS+=("$(printf '%-12s FAILED  %5ss  (exit %s, log %s)' "$s" "$took" "$rc" "$LOGS/$s.log")")
    fi
done

echo
echo "=== test-all: summary ==="
printf '  %s\n' "${RESULTS[@]}"
echo "steps: $PASSED passed, $FAILED failed, $SKIPPED skipped"
# the closing line counts tests, over every step
echo "$TESTS_PASSED passed, $TESTS_FAILED failed, $TESTS_SKIPPED skipped"
[ "$FAILED" -eq 0 ]
