#!/usr/bin/env bash
# Tempest conformance run against a fresh Xloud (free port, temp data dir).
#   scripts/conformance.sh [--services identity[,..]] [--all] [--results DIR] [--workers N] [-- run-tempest args]
# Default: runs only the tests in conformance/<service>-must-pass.txt and fails unless every
# one of them passed.  --all: runs every API test of the services and prints the counts;
# the must-pass tests are still required to pass, other failures are only reported.
# Results (results.csv, failures.txt, tempest.log, server.log, ...) go to target/tempest-results/.
# The server runs with the security-compliance values tempest's identity tests assume
# (conformance/README.md): lockout after 2 failures for 10 s, last 2 passwords remembered.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

SERVICES=identity
ALL=0
WORKERS=2
RESULTS=''
PASSTHROUGH=()
while [ $# -gt 0 ]; do
    case $1 in
        --services) SERVICES=$2; shift ;;
        --all) ALL=1 ;;
        --results) RESULTS=$2; shift ;;
        --workers) WORKERS=$2; shift ;;
        --) shift; PASSTHROUGH=("$@"); break ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "conformance: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
SERVICES=$(echo "$SERVICES" | tr ' ' ',' | sed 's/object-storage\|swift/object_storage/g')

if [ -z "$RESULTS" ]; then
    RESULTS=$ROOT/target/tempest-results
    rm -rf "$RESULTS"            # never judge a run by a previous run's files
fi
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
rm -f "$RESULTS"/{results.csv,summary.txt,failures.txt,skips.txt,must-pass.txt,must-pass-report.txt}

# Tempest and its python come from Debian, not from a pyenv that may be first on PATH.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
[ -x /usr/bin/tempest ] || { echo "conformance: /usr/bin/tempest missing (apt-get install tempest)" >&2; exit 1; }

# Combined must-pass list of the selected services.
MUST=$RESULTS/must-pass.txt
: > "$MUST"
IFS=, read -r -a svc_list <<<"$SERVICES"
for svc in "${svc_list[@]}"; do
    f=$ROOT/conformance/$svc-must-pass.txt
    if [ -f "$f" ]; then cat "$f" >> "$MUST"; else echo "conformance: no $f (treated as empty)" >&2; fi
done
NMUST=$(grep -cvE '^\s*(#|$)' "$MUST" || true)
echo "conformance: services=$SERVICES must-pass entries=$NMUST mode=$([ "$ALL" = 1 ] && echo all || echo must-pass)"
if [ "$ALL" = 0 ] && [ "$NMUST" -eq 0 ]; then
    echo "conformance: the must-pass list is empty; nothing to run (use --all for a full run)"
    exit 0
fi

xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-conformance.XXXXXX)
PORT=$(xloud_free_port)
cleanup() {
    xloud_stop_bg
    cp "$DATA/server.log" "$RESULTS/server.log" 2>/dev/null || true
    if [ "${KEEP_DATA:-0}" = 1 ]; then echo "conformance: data kept in $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

xloud_start_bg "$DATA" "$PORT" \
    XLOUD_IMAGE_WEB_DOWNLOAD_INTERNAL_HOSTS=127.0.0.1 \
    XLOUD_IDENTITY_LOCKOUT_FAILURE_ATTEMPTS=2 \
    XLOUD_IDENTITY_LOCKOUT_DURATION=10 \
    XLOUD_IDENTITY_UNIQUE_LAST_PASSWORD_COUNT=2

args=(--auth-url "$XLOUD_AUTH_URL" --password "$XLOUD_ADMIN_PASSWORD" --services "$SERVICES"
      --workers "$WORKERS" --results "$RESULTS")
[ "$ALL" = 1 ] || args+=(--test-list "$MUST")
set +e
# web-download (tempest's image.http_image) fetches from the cloud itself: 127.0.0.1 is let through besides public hosts
# conformance/python/sitecustomize.py drops the ten-second sleep Debian's tempest makes before each subnet delete
PYTHONPATH=$ROOT/conformance/python KEEP_WORKSPACE=0 IDENTITY_LOCKOUT_ATTEMPTS=2 IDENTITY_LOCKOUT_DURATION=10 HTTP_IMAGE=${HTTP_IMAGE:-$XLOUD_URL/healthz} \
    "$ROOT/conformance/run-tempest.sh" "${args[@]}" "${PASSTHROUGH[@]}"
RUN_RC=$?
set -e
echo "conformance: run-tempest.sh exit $RUN_RC (0 all passed, 1 some failed, 2 could not run)"
if [ "$RUN_RC" -ge 2 ] || [ ! -s "$RESULTS/results.csv" ]; then
    echo "conformance: FAILED: tempest did not produce results; see $RESULTS" >&2
    exit 1
fi

# Every must-pass entry has to match at least one result, and all its matches must be 'success'.
CHECK_RC=0
if [ "$NMUST" -gt 0 ]; then
    /usr/bin/python3 - "$MUST" "$RESULTS/results.csv" "$RESULTS/must-pass-report.txt" <<'PY' || CHECK_RC=$?
import csv, re, sys
must_file, csv_file, report_file = sys.argv[1:4]
rows = []
with open(csv_file, newline='') as f:
    r = csv.reader(f)
    next(r, None)                       # header: test id, service, status, seconds
    for row in r:
        if row:
            rows.append((row[0], row[2]))
base = lambda t: t.split('[', 1)[0]
bad, checked, entries = [], 0, 0
for line in open(must_file):
    e = line.strip()
    if not e or e.startswith('#'):
        continue
    entries += 1
    if re.match(r'^[\w.]+(\[[^\]]*\])?$', e):      # test id or module/class prefix
        b = base(e)
        hits = [(t, s) for t, s in rows if base(t) == b or base(t).startswith(b + '.')]
    else:                                          # regex, as run-tempest.sh treats it
        hits = [(t, s) for t, s in rows if re.search(e, t)]
    if not hits:
        bad.append('NOT RUN  %s' % e)
    for t, s in hits:
        checked += 1
        if s != 'success':
            bad.append('%-8s %s' % (s.upper(), t))
with open(report_file, 'w') as out:
    out.write('\n'.join(bad) + ('\n' if bad else ''))
for b in bad:
    print('  must-pass: ' + b)
print('must-pass: %d entries, %d tests checked, %d not passed' % (entries, checked, len(bad)))
sys.exit(1 if bad else 0)
PY
fi

echo "conformance: summary ($RESULTS/summary.txt)"
sed 's/^/  /' "$RESULTS/summary.txt"
if [ "$CHECK_RC" -ne 0 ]; then
    echo "conformance: FAILED: must-pass tests did not pass (details: $RESULTS/failures.txt)"
    exit 1
fi
if [ "$ALL" = 0 ] && [ "$RUN_RC" -ne 0 ]; then
    echo "conformance: FAILED: tempest reported failures"
    exit 1
fi
echo "conformance: OK"
