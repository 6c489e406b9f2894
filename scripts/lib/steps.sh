#!/usr/bin/env bash
# Sourced helpers for the client flow scripts: counted steps and assertions.
#   step NAME CMD...       run CMD, keep its stdout in $OUT, print PASS/FAIL (stderr shown on failure)
#   expect NAME COND...    an assertion counted like a step
#   contains TEXT NEEDLE   TEXT contains NEEDLE
#   json_get KEY           print KEY of the JSON object on stdin
#   clean_client_env       Debian's python first on PATH, no stray OS_* settings
# Counters: PASSED, FAILED. Set STEP_ERR to a file for the stderr of the running step.
# shellcheck disable=SC2034
PASSED=0
FAILED=0
OUT=''
STEP_ERR=${STEP_ERR:-$(mktemp /tmp/xloud-step.XXXXXX)}

step() {
    local name=$1
    shift
    printf '  %-62s ' "$name"
    if OUT=$("$@" 2>"$STEP_ERR"); then
        PASSED=$((PASSED + 1))
        echo PASS
        return 0
    fi
    FAILED=$((FAILED + 1))
    echo FAIL
    echo "    \$ $*" | cut -c1-300
    [ -n "$OUT" ] && sed 's/^/    out: /' <<<"$OUT" | head -n 20
    sed 's/^/    err: /' "$STEP_ERR" | head -n 20
    return 1
}

expect() {
    local name=$1
    shift
    printf '  %-62s ' "$name"
    if "$@"; then PASSED=$((PASSED + 1)); echo PASS; return 0; fi
    FAILED=$((FAILED + 1)); echo FAIL
    return 1
}

contains() { grep -qF -- "$2" <<<"$1"; }
json_get() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

clean_client_env() {
    export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
    unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
    local v
    while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)
}
