#!/usr/bin/env bash
# Object storage benchmark against a server it starts (fresh data dir, rate limiting off):
#   4 KiB PUT and GET operations per second at 32 connections, for S3 (presigned URLs, so the client
#   does no signing work) and for Swift (token); MiB/s for one large object in and out through each
#   face (BENCH_OBJECT_MB, default 1024; 0 skips them); peak RSS, and RSS before/after the large transfers.
#   Every acknowledged write is synced to disk (object bytes and the database's commit), so the 4 KiB PUT rate is
#   bounded by the disk's sync rate: the output also gives the disk's single-stream synced 4 KiB write rate
#   (dd oflag=dsync in the data dir), taken right before each PUT run, and each PUT rate as a multiple of it.
#   BENCH_GETS=0 skips the GET runs.
# JAVA_OPTS is passed to the server; it defaults to -Xmx256m, to show that streaming needs no heap.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
xloud_find_java
xloud_ensure_jar
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 1; }

CONN=${BENCH_CONNECTIONS:-32}
# 30 s of warm-up for each face and kind of request: on two cores the JIT is still compiling the PUT path well
# after 10 s (C2 took about a quarter of the CPU after 15 s of PUTs, 8-16% after 30-40 s), so a figure taken
# sooner is the compiler's more than the server's: with 10 s the Swift PUT rate measured 430/s where the same
# build gave 930/s after 30 s
WARMUP=${BENCH_WARMUP:-30s}
DUR=${BENCH_DURATION:-10s}
MB=${BENCH_OBJECT_MB:-1024}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
DATA=$(mktemp -d /tmp/xloud-bench-objects.XXXXXX)
PORT=$(xloud_free_port)
cleanup() { xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT

export XLOUD_RATE_LIMIT_PER_SECOND=0
xloud_start_bg "$DATA/server" "$PORT" >/dev/null
URL=$XLOUD_URL
export OS_AUTH_URL=$XLOUD_AUTH_URL OS_USERNAME=admin OS_PASSWORD=$XLOUD_ADMIN_PASSWORD OS_PROJECT_NAME=admin \
    OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3
TOKEN=$(openstack token issue -f value -c id)
PROJECT=$(openstack token issue -f value -c project_id)
CREDS=$(openstack ec2 credentials create -f value -c access -c secret)
export AWS_ACCESS_KEY_ID=$(sed -n 1p <<<"$CREDS") AWS_SECRET_ACCESS_KEY=$(sed -n 2p <<<"$CREDS")

rss() { awk -v f="$1" '$1 == f":" { print int($2 / 1024) }' "/proc/$XLOUD_PID/status"; }

# presigned URLs for 2,000 keys, PUT and GET (the path and query only: wrk adds the host)
/usr/bin/python3 - "$URL/s3" "$DATA" <<'PY'
import sys, boto3
from botocore.config import Config
endpoint, out = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="RegionOne",
                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="bench")
prefix = endpoint.split("/", 3)[2]
for method, name in (("put_object", "put"), ("get_object", "get")):
    with open(f"{out}/s3-{name}.txt", "w") as f:
        for i in range(2000):
            url = s3.generate_presigned_url(method, Params={"Bucket": "bench", "Key": f"k{i}"}, ExpiresIn=3600)
            f.write(url.split(prefix, 1)[1] + "\n")
PY

warm() { # METHOD URLFILE [TOKEN]
    echo "bench: warm-up, $1 $(basename "$2"), $WARMUP" >&2
    XLOUD_BENCH_METHOD=$1 XLOUD_BENCH_URLS=$2 XLOUD_BENCH_TOKEN=${3:-} \
        wrk -t2 -c"$CONN" -d"$WARMUP" --timeout 10s -s "$ROOT/scripts/bench/urls.lua" "$URL" >/dev/null
}
measure() { # NAME METHOD URLFILE [TOKEN]
    echo "bench: $1, $CONN connections, $DUR" >&2
    local out
    out=$(XLOUD_BENCH_METHOD=$2 XLOUD_BENCH_URLS=$3 XLOUD_BENCH_TOKEN=${4:-} \
        wrk -t2 -c"$CONN" -d"$DUR" --timeout 10s --latency -s "$ROOT/scripts/bench/urls.lua" "$URL")
    grep '^BENCH ' <<<"$out" | tail -n1
}
row() { # NAME BENCH-LINE
    printf '  %-28s %10s ops/s   p50 %6s ms   p99 %7s ms   errors %s\n' "$1" \
        "$(sed -n 's/.*rps=\([^ ]*\).*/\1/p' <<<"$2")" "$(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$2")" \
        "$(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$2")" \
        "$(( $(sed -n 's/.*http_errors=\([^ ]*\).*/\1/p' <<<"$2") + $(sed -n 's/.*socket_errors=\([^ ]*\).*/\1/p' <<<"$2") ))"
}

# every key exists before the GET run, so that GETs measure reads, not 404s
populate() { # URLFILE [TOKEN]
    head -c 4096 /dev/zero > "$DATA/4k"
    sed "s|^|$URL|" "$1" | xargs -P 8 -I{} curl -s -o /dev/null ${2:+-H "X-Auth-Token: $2"} -T "$DATA/4k" "{}"
}
GETS=${BENCH_GETS:-1}
# the disk's rate of single synced 4 KiB writes, one after another: what one writer that syncs each write gets.
# It is taken right before each PUT run, with the server idle: on a shared machine the disk's rate can double
# within minutes, and a ratio means something only between figures of the same minute
disk_rate() {
    local out seconds
    out=$(dd if=/dev/zero of="$DATA/server/probe" bs=4k count=3000 oflag=dsync 2>&1)
    rm -f "$DATA/server/probe"
    seconds=$(sed -n 's/.* copied, \([0-9.e+-]*\) s.*/\1/p' <<<"$out" | tail -n1)
    awk -v s="$seconds" 'BEGIN { printf "%.0f", 3000 / s }'
}

SWIFT=0 SWIFT_PUT='' SWIFT_GET='' S3_GET=''
if [ "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "X-Auth-Token: $TOKEN" "$URL/object-store/v1/AUTH_$PROJECT/bench-swift")" -lt 300 ]; then
    SWIFT=1
    for i in $(seq 0 1999); do echo "/object-store/v1/AUTH_$PROJECT/bench-swift/k$i"; done > "$DATA/swift.txt"
fi
# both faces warm up before either is measured: most of what the JIT compiles (the HTTP path, the store, the
# database) serves both, and a face measured before the other had its warm-up would pay for that alone
warm PUT "$DATA/s3-put.txt"
if [ "$SWIFT" = 1 ]; then warm PUT "$DATA/swift.txt" "$TOKEN"; fi
S3_DISK=$(disk_rate)
S3_PUT=$(measure "S3 4 KiB PUT" PUT "$DATA/s3-put.txt")
if [ "$SWIFT" = 1 ]; then
    SWIFT_DISK=$(disk_rate)
    SWIFT_PUT=$(measure "Swift 4 KiB PUT" PUT "$DATA/swift.txt" "$TOKEN")
fi
# the embedded database's file after the PUT runs: objects up to 16 KiB are rows of it, and every sync adds a chunk
DB_FILE=$(du -m "$DATA/server/xloud.mv.db" 2>/dev/null | cut -f1 || true)
if [ "$GETS" != 0 ]; then
    populate "$DATA/s3-put.txt"
    if [ "$SWIFT" = 1 ]; then populate "$DATA/swift.txt" "$TOKEN"; fi
    warm GET "$DATA/s3-get.txt"
    if [ "$SWIFT" = 1 ]; then warm GET "$DATA/swift.txt" "$TOKEN"; fi
    S3_GET=$(measure "S3 4 KiB GET" GET "$DATA/s3-get.txt")
    if [ "$SWIFT" = 1 ]; then SWIFT_GET=$(measure "Swift 4 KiB GET" GET "$DATA/swift.txt" "$TOKEN"); fi
fi

# one large object in and out, streamed by curl from and to disk
S3_IN='' S3_OUT='' SW_IN='' SW_OUT='' RSS_BEFORE=$(rss VmRSS)
if [ "$MB" -gt 0 ]; then
head -c "$((MB * 1024 * 1024))" /dev/urandom > "$DATA/large"
mibs() { awk -v mb="$MB" -v s="$1" 'BEGIN { printf "%.1f", mb / s }'; }
PUT_URL=$(/usr/bin/python3 -c "
import boto3, sys
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url='$URL/s3', region_name='RegionOne', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(s3.generate_presigned_url('put_object', Params={'Bucket': 'bench', 'Key': 'large'}, ExpiresIn=3600))
print(s3.generate_presigned_url('get_object', Params={'Bucket': 'bench', 'Key': 'large'}, ExpiresIn=3600))")
S3_IN=$(curl -s -o /dev/null -w '%{time_total}' -T "$DATA/large" "$(sed -n 1p <<<"$PUT_URL")")
S3_OUT=$(curl -s -o "$DATA/large.back" -w '%{time_total}' "$(sed -n 2p <<<"$PUT_URL")")
cmp -s "$DATA/large" "$DATA/large.back" || { echo "bench: S3 large object came back different" >&2; exit 1; }
rm -f "$DATA/large.back"
if [ -n "$SWIFT_PUT" ]; then
    SW_IN=$(curl -s -o /dev/null -w '%{time_total}' -T "$DATA/large" -H "X-Auth-Token: $TOKEN" "$URL/object-store/v1/AUTH_$PROJECT/bench-swift/large")
    SW_OUT=$(curl -s -o "$DATA/large.back" -w '%{time_total}' -H "X-Auth-Token: $TOKEN" "$URL/object-store/v1/AUTH_$PROJECT/bench-swift/large")
    cmp -s "$DATA/large" "$DATA/large.back" || { echo "bench: Swift large object came back different" >&2; exit 1; }
fi
fi
RSS_AFTER=$(rss VmRSS)
HWM=$(rss VmHWM)
# the server reports at shutdown how many file syncs its durable commits took (shared among concurrent commits)
xloud_stop_bg
SYNCS=$(grep -o 'database: [0-9]* durable commits took [0-9]* syncs' "$DATA/server/server.log" | tail -n1 | sed 's/^database: //' || true)

echo
echo "Xloud object storage benchmark ($(nproc) cores, wrk -t2 -c$CONN -d$DUR after $WARMUP of warm-up per face, 4 KiB objects, JAVA_OPTS=${JAVA_OPTS:-none})"
row "S3 PUT (presigned)" "$S3_PUT"
if [ -n "$S3_GET" ]; then row "S3 GET (presigned)" "$S3_GET"; fi
if [ -n "$SWIFT_PUT" ]; then row "Swift PUT" "$SWIFT_PUT"; if [ -n "$SWIFT_GET" ]; then row "Swift GET" "$SWIFT_GET"; fi; else echo "  Swift: not served by this build"; fi
rps() { sed -n 's/.*rps=\([^ ]*\).*/\1/p' <<<"$1"; }
printf '  %-28s %10s writes/s right before the S3 PUT run (dd bs=4k count=3000 oflag=dsync in the data dir)\n' "disk, one synced stream" "$S3_DISK"
if [ -n "$SWIFT_PUT" ]; then printf '  %-28s %10s writes/s right before the Swift PUT run\n' "disk, one synced stream" "$SWIFT_DISK"; fi
ratio() { awk -v r="$(rps "$2")" -v d="$3" 'BEGIN { printf "  %-28s %10.2f x the disk'"'"'s synced 4 KiB write rate of the same minute\n", "'"$1"'", r / d }'; }
ratio "S3 PUT / disk" "$S3_PUT" "$S3_DISK"
if [ -n "$SWIFT_PUT" ]; then ratio "Swift PUT / disk" "$SWIFT_PUT" "$SWIFT_DISK"; fi
if [ -n "$SYNCS" ]; then printf '  %-28s %s (whole run)\n' "database commit syncs" "$SYNCS"; fi
if [ -n "$DB_FILE" ]; then printf '  %-28s %10s MiB after the PUT runs (2,000 names of 4 KiB written over and over)\n' "database file" "$DB_FILE"; fi
if [ -n "$S3_IN" ]; then
printf '  %-28s %10s MiB/s  (%s MiB in %ss)\n' "S3 large object in" "$(mibs "$S3_IN")" "$MB" "$S3_IN"
printf '  %-28s %10s MiB/s  (%s MiB in %ss)\n' "S3 large object out" "$(mibs "$S3_OUT")" "$MB" "$S3_OUT"
fi
if [ -n "$SW_IN" ]; then
    printf '  %-28s %10s MiB/s  (%s MiB in %ss)\n' "Swift large object in" "$(mibs "$SW_IN")" "$MB" "$SW_IN"
    printf '  %-28s %10s MiB/s  (%s MiB in %ss)\n' "Swift large object out" "$(mibs "$SW_OUT")" "$MB" "$SW_OUT"
fi
if [ -n "$S3_IN" ]; then
    printf '  %-28s %10s MiB before the large transfers, %s MiB after; peak (VmHWM) %s MiB\n' "RSS" "$RSS_BEFORE" "$RSS_AFTER" "$HWM"
else
    printf '  %-28s %10s MiB peak (VmHWM)\n' "RSS" "$HWM"
fi
