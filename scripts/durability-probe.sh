#!/usr/bin/env bash
# Durability probe: does an acknowledged Swift object PUT survive a power loss? Starts a server on a fresh data
# dir, creates a container, then traces one object PUT with `strace -f -e trace=fsync,fdatasync` (plus the
# socket writes, to see when the response leaves) and prints, in order, every sync of the object's bytes, of
# directories and of the database file (xloud.mv.db), and the moment the 201 was written. Passes when the
# database file was synced after the request arrived and before the response; ends with
# `durability-probe: PASS` or `durability-probe: FAIL`. XLOUD_JAR=... probes another build (e.g. an older one).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar
command -v strace >/dev/null || { echo "durability-probe: strace missing (apt-get install strace)" >&2; exit 1; }

DATA=$(mktemp -d /tmp/xloud-durability.XXXXXX)
PORT=$(xloud_free_port)
TRACER=''
cleanup() { [ -n "$TRACER" ] && kill -INT "$TRACER" 2>/dev/null; xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT

xloud_start_bg "$DATA/server" "$PORT" >/dev/null
response=$(curl -s -D "$DATA/login-headers" -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}")
TOKEN=$(tr -d '\r' < "$DATA/login-headers" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
ACCOUNT="$XLOUD_URL/object-store/v1/AUTH_$(echo "$response" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')"
curl -sf -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$ACCOUNT/probe"
head -c 4096 /dev/urandom > "$DATA/body"
# a first object, so that the traced one finds every path warm
curl -sf -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" --data-binary @"$DATA/body" "$ACCOUNT/probe/warm"

# -f with -p attaches every thread of the JVM; -y names the file behind each descriptor; -ttt -T: start and duration
strace -f -p "$XLOUD_PID" -y -ttt -T -s 16 -e trace=fsync,fdatasync,write,writev,sendto,sendmsg,read,recvfrom \
    -e signal=none -o "$DATA/trace" &
TRACER=$!
sleep 2
CODE=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "X-Auth-Token: $TOKEN" --data-binary @"$DATA/body" "$ACCOUNT/probe/traced")
sleep 1
kill -INT "$TRACER" 2>/dev/null; wait "$TRACER" 2>/dev/null || true
TRACER=''
# a thread caught in a stop while strace let go would keep the server from stopping
kill -CONT "$XLOUD_PID" 2>/dev/null || true
[ "$CODE" = 201 ] || { echo "durability-probe: the PUT answered $CODE" >&2; exit 1; }

# one line per event: start time, end time, what. Syncs that strace split into "unfinished" and "resumed" are
# joined by thread id.
/usr/bin/python3 - "$DATA/trace" "$DATA/server" <<'PY'
import re, sys
trace, data = sys.argv[1], sys.argv[2]
line_re = re.compile(r'^(\d+)\s+(\d+\.\d+)\s+(.*)$')
pending, events = {}, []
for raw in open(trace, errors="replace"):
    m = line_re.match(raw.rstrip("\n"))
    if not m:
        continue
    tid, ts, rest = m.group(1), float(m.group(2)), m.group(3)
    if rest.endswith("<unfinished ...>"):
        pending[tid] = (ts, rest)
        continue
    if rest.startswith("<..."):
        start, head = pending.pop(tid, (ts, rest))
        rest = head.replace("<unfinished ...>", "") + rest.split("resumed>", 1)[-1]
        ts = start
    dur = re.search(r'<(\d+\.\d+)>$', rest)
    end = ts + (float(dur.group(1)) if dur else 0.0)
    call = rest.split("(", 1)[0]
    path = re.search(r'\(\d+<([^>]*)>', rest)
    path = path.group(1) if path else ""
    if call in ("fsync", "fdatasync"):
        what = "database file" if path.endswith(".mv.db") else "object store"
        events.append((ts, end, f"{call:9} {what:14} {path.replace(data, '<data>')}"))
    elif call in ("read", "recvfrom") and '"PUT /' in rest:
        events.append((ts, end, "request   PUT arrives"))
    elif call in ("write", "writev", "sendto", "sendmsg") and '"HTTP/1.1 201' in rest:
        events.append((ts, end, "response  201 written"))
events.sort()
if not events:
    print("durability-probe: nothing traced"); print("durability-probe: FAIL"); sys.exit(1)
t0 = events[0][0]
print("durability-probe: one Swift object PUT (4 KiB), syscalls in order (ms from the first):")
for ts, end, what in events:
    print(f"  {1000 * (ts - t0):8.2f} .. {1000 * (end - t0):8.2f}  {what}")
request = min((e[0] for e in events if e[2].startswith("request")), default=None)
response = min((e[0] for e in events if e[2].startswith("response")), default=None)
db_syncs = [e for e in events if "database file" in e[2] and (request is None or e[0] >= request)]
ok = response is not None and any(end <= response for _, end, _ in db_syncs)
print(f"durability-probe: database file synced between the request and the response: {'yes' if ok else 'no'}")
print("durability-probe: PASS" if ok else "durability-probe: FAIL")
sys.exit(0 if ok else 1)
PY
