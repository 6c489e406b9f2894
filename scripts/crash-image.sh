#!/usr/bin/env bash
# Crash test for the image service: the server is killed with SIGKILL while clients upload image data
# (PUT /v2/images/{id}/file) and while imports run (glance-direct after a stage, web-download from a slow
# server on this machine). After a restart: no image stays `saving` or `importing` (each ends `active`,
# `queued` or `killed`; a staged image waiting for its import call stays `uploading`); every acknowledged
# upload is `active` with its MD5; every `active` image reads back with the bytes its checksum names; and no
# orphan bytes remain: the object engine holds one blob file per active image over 16 KiB (smaller ones are rows of
# its database), plus at most one staged blob per
# `uploading` image. Repeats ROUNDS times (default 2). Ends with `crash-image: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar

ROUNDS=${ROUNDS:-2}
DATA=$(mktemp -d /tmp/xloud-crash-image.XXXXXX)
WORK=$(mktemp -d /tmp/xloud-crash-image-work.XXXXXX)
PORT=$(xloud_free_port)
WEB_PORT=$(xloud_free_port)
WEB_PID=''
PASS=0 FAIL=0
cleanup() {
    [ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null || true
    xloud_stop_bg
    if [ "$FAIL" = 0 ]; then rm -rf "$DATA" "$WORK"; else echo "crash-image: data kept in $DATA, $WORK"; fi
}
trap cleanup EXIT
# a dead node's import jobs wait out its lease before the restarted node takes them up: 10 s rather than 30
SETTINGS=(XLOUD_IMAGE_WEB_DOWNLOAD_ALLOWED_HOSTS=127.0.0.1 XLOUD_JOBS_LEASE_SECONDS=10)

check() { # NAME CONDITION...
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); printf '  %-72s PASS\n' "$name"; else FAIL=$((FAIL + 1)); printf '  %-72s FAIL\n' "$name"; fi
}

login() { # sets TOKEN and IMAGES
    curl -s -D "$WORK/login-headers" -o /dev/null -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
        -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}"
    TOKEN=$(tr -d '\r' < "$WORK/login-headers" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
    IMAGES=$XLOUD_URL/image/v2/images
}
json() { /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }
new_image() { # prints the id of a new queued image
    curl -s -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' "$IMAGES" \
        -d "{\"name\":\"$1\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}" | json 'd["id"]'
}

# A source that trickles its bytes, so a web-download import is still running when the server dies.
head -c 4000000 /dev/urandom > "$WORK/web.img"
WEB_MD5=$(md5sum "$WORK/web.img" | cut -d' ' -f1)
/usr/bin/python3 - "$WEB_PORT" "$WORK/web.img" >/dev/null 2>&1 <<'PY' &
import http.server, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
data = open(path, 'rb').read()
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        try:
            for i in range(0, len(data), 65536):
                self.wfile.write(data[i:i + 65536]); self.wfile.flush(); time.sleep(0.05)
        except Exception:
            pass
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(('127.0.0.1', port), Slow).serve_forever()
PY
WEB_PID=$!

# uploader N: uploads new images until the server dies, logging "id md5" on 204
uploader() {
    local n=$1 i=0 id code size md5 file=$WORK/body-$n
    while true; do
        size=$(( (RANDOM * 32768 + RANDOM) % 12000000 + 1 ))
        head -c "$size" /dev/urandom > "$file"
        md5=$(md5sum "$file" | cut -d' ' -f1)
        id=$(new_image "up-$ROUND-$n-$i" 2>/dev/null) || return 0
        [ -n "$id" ] || return 0
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -X PUT -H "X-Auth-Token: $TOKEN" \
            -H 'Content-Type: application/octet-stream' --data-binary @"$file" "$IMAGES/$id/file" || true)
        [ "$code" = 204 ] && echo "$id $md5" >> "$WORK/acked"
        [ "$code" = 000 ] && return 0
        i=$((i + 1))
    done
}
# importer: stage + glance-direct, and web-download, until the server dies
importer() {
    local i=0 id code
    head -c 3000000 /dev/urandom > "$WORK/staged.img"
    while true; do
        id=$(new_image "stage-$ROUND-$i" 2>/dev/null) || return 0
        [ -n "$id" ] || return 0
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -X PUT -H "X-Auth-Token: $TOKEN" \
            -H 'Content-Type: application/octet-stream' --data-binary @"$WORK/staged.img" "$IMAGES/$id/stage" || true)
        [ "$code" = 000 ] && return 0
        curl -s -o /dev/null --max-time 20 -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
            -d '{"method":{"name":"glance-direct"}}' "$IMAGES/$id/import" || return 0
        id=$(new_image "web-$ROUND-$i" 2>/dev/null) || return 0
        [ -n "$id" ] || return 0
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
            -d "{\"method\":{\"name\":\"web-download\",\"uri\":\"http://127.0.0.1:$WEB_PORT/web.img\"}}" "$IMAGES/$id/import" || true)
        [ "$code" = 000 ] && return 0
        i=$((i + 1))
    done
}

xloud_start_bg "$DATA" "$PORT" "${SETTINGS[@]}"
for ROUND in $(seq 1 "$ROUNDS"); do
    echo "crash-image: round $ROUND"
    login
    : > "$WORK/acked"
    pids=()
    for n in 1 2; do uploader "$n" & pids+=($!); done
    importer & pids+=($!)
    sleep $(( 4 + RANDOM % 4 ))
    kill -9 "$XLOUD_PID"
    wait "$XLOUD_PID" 2>/dev/null || true
    XLOUD_PID=''
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    acked=$(wc -l < "$WORK/acked")
    xloud_start_bg "$DATA" "$PORT" "${SETTINGS[@]}"
    login

    # imports that survived finish now, once the dead node's leases run out (a loaded machine may need a while);
    # then nothing may be in flight
    stuck=0
    deadline=$((SECONDS + 120))
    while true; do
        curl -s -H "X-Auth-Token: $TOKEN" "$IMAGES?limit=1000" > "$WORK/list.json"
        stuck=$(json 'len([i for i in d["images"] if i["status"] in ("saving", "importing")])' < "$WORK/list.json")
        [ "$stuck" = 0 ] && break
        [ "$SECONDS" -lt "$deadline" ] || break
        sleep 0.5
    done
    check "round $ROUND: no image stuck in saving or importing ($stuck)" test "$stuck" -eq 0

    lost=0
    while read -r id md5; do
        got=$(curl -s -H "X-Auth-Token: $TOKEN" "$IMAGES/$id" | json 'd.get("status"), d.get("checksum")' || true)
        [ "$got" = "('active', '$md5')" ] || lost=$((lost + 1))
    done < "$WORK/acked"
    check "round $ROUND: every acknowledged upload is active with its MD5 ($acked acked, $lost lost)" test "$lost" -eq 0

    torn=0 active=0
    while read -r id checksum; do
        active=$((active + 1))
        got=$(curl -s -H "X-Auth-Token: $TOKEN" "$IMAGES/$id/file" | md5sum | cut -d' ' -f1)
        [ "$got" = "$checksum" ] || torn=$((torn + 1))
    done < <(json '"\n".join(i["id"] + " " + str(i["checksum"]) for i in d["images"] if i["status"] == "active")' < "$WORK/list.json" | sed '/^$/d')
    check "round $ROUND: every active image reads back as its checksum ($active active, $torn torn)" test "$torn" -eq 0
    webs=$(json 'len([i for i in d["images"] if i["name"].startswith("web-") and i["status"] == "active" and i["checksum"] != "'"$WEB_MD5"'"])' < "$WORK/list.json")
    check "round $ROUND: every finished web-download has the source's bytes ($webs wrong)" test "$webs" -eq 0

    staged=$(json 'len([i for i in d["images"] if i["status"] == "uploading"])' < "$WORK/list.json")
    # an image of at most object_store.small_object_bytes is a row of the database, not a file
    large=$(json 'len([i for i in d["images"] if i["status"] == "active" and i["size"] > 16384])' < "$WORK/list.json")
    blobs=0
    # the orphan sweep runs soon after the start, later on a busy machine: up to 30 s
    for _ in $(seq 1 150); do
        blobs=$(find "$DATA/objects" -path "$DATA/objects/tmp" -prune -o -type f -print | wc -l)
        [ "$blobs" -ge "$large" ] && [ "$blobs" -le $((large + staged)) ] && break
        sleep 0.2
    done
    check "round $ROUND: no orphan bytes ($blobs blob files for $large active images over 16 KiB and $staged staged)" \
        test "$blobs" -ge "$large" -a "$blobs" -le $((large + staged))
done
echo "crash-image: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
