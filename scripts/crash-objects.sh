#!/usr/bin/env bash
# Crash test for the object store: while clients upload (with ETags), delete, and stream a large chunked upload,
# the server is killed with SIGKILL. After a restart: every acknowledged upload is there, whole and with its
# MD5; every acknowledged delete stays deleted; every listed object reads back whole; container and account
# counts and bytes match the listing; no temp file of the dead process is left; and the orphan sweep leaves
# exactly one blob per object: a file for each object over the small-object limit, and as many blobs in all as the
# sweep reports keeping. A third of the bodies are small ones (kept in the database). Meanwhile two writers overwrite five names in a container with versioning on
# (X-Versions-Enabled): every acknowledged version reads back whole by its version id, every listed version too,
# and the blobs are those of the objects plus those of the versions. Repeats ROUNDS times (default 3).
# Ends with `crash-objects: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar

ROUNDS=${ROUNDS:-3}
# object_store.small_object_bytes: objects up to this size are rows of the database, not files
SMALL=16384
DATA=$(mktemp -d /tmp/xloud-crash-objects.XXXXXX)
PORT=$(xloud_free_port)
PASS=0 FAIL=0
cleanup() { xloud_stop_bg; if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else echo "crash-objects: data kept in $DATA"; fi; }
trap cleanup EXIT

check() { # NAME CONDITION...
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); printf '  %-70s PASS\n' "$name"; else FAIL=$((FAIL + 1)); printf '  %-70s FAIL\n' "$name"; fi
}

login() { # sets TOKEN and ACCOUNT
    local response
    response=$(curl -s -D "$DATA/login-headers" -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
        -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}")
    TOKEN=$(tr -d '\r' < "$DATA/login-headers" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
    ACCOUNT="$XLOUD_URL/object-store/v1/AUTH_$(echo "$response" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')"
}

# writer N: uploads w-ROUND-N-i with its MD5 as ETag until the server dies, logging "name md5" on 201
writer() {
    local n=$1 i=0 code size md5 file=$DATA/body-$n
    while true; do
        size=$(( (RANDOM * 32768 + RANDOM) % 1500000 ))
        if (( i % 3 == 0 )); then size=$(( RANDOM % (SMALL + 1) )); fi
        head -c "$size" /dev/urandom > "$file"
        md5=$(md5sum "$file" | cut -d' ' -f1)
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X PUT -H "X-Auth-Token: $TOKEN" -H "ETag: $md5" \
            --data-binary @"$file" "$ACCOUNT/crash/w-$ROUND-$n-$i" || true)
        [ "$code" = 201 ] && echo "w-$ROUND-$n-$i $md5" >> "$DATA/acked"
        [ "$code" = 000 ] && return 0
        i=$((i + 1))
    done
}

# vwriter N: overwrites v-0..v-4 in the versioned container until the server dies, logging "name version-id md5" on 201
vwriter() {
    local n=$1 i=0 code size md5 vid file=$DATA/vbody-$n head=$DATA/vheaders-$n
    while true; do
        size=$(( (RANDOM * 32768 + RANDOM) % 300000 ))
        if (( i % 3 == 0 )); then size=$(( RANDOM % (SMALL + 1) )); fi
        head -c "$size" /dev/urandom > "$file"
        md5=$(md5sum "$file" | cut -d' ' -f1)
        code=$(curl -s -o /dev/null -D "$head" -w '%{http_code}' --max-time 20 -X PUT -H "X-Auth-Token: $TOKEN" -H "ETag: $md5" \
            --data-binary @"$file" "$ACCOUNT/crashv/v-$(( i % 5 ))" || true)
        if [ "$code" = 201 ]; then
            vid=$(tr -d '\r' < "$head" | awk -F': ' 'tolower($1) == "x-object-version-id" { print $2 }')
            echo "v-$(( i % 5 )) $vid $md5" >> "$DATA/vacked"
        fi
        [ "$code" = 000 ] && return 0
        i=$((i + 1))
    done
}

# deleter: deletes acknowledged objects until the server dies, logging the names it tried (deleting) and those it got
# 204 for (deleted)
deleter() {
    local name code
    while true; do
        name=$(shuf -n 1 "$DATA/acked" 2>/dev/null | cut -d' ' -f1 || true)
        if [ -n "$name" ] && ! grep -qx "$name" "$DATA/deleted" 2>/dev/null; then
            # a delete cut off by the kill may or may not have happened: the name is noted before it is sent
            echo "$name" >> "$DATA/deleting"
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X DELETE -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash/$name" || true)
            [ "$code" = 204 ] && echo "$name" >> "$DATA/deleted"
            [ "$code" = 000 ] && return 0
        fi
        sleep 0.05
    done
}

xloud_start_bg "$DATA" "$PORT" >/dev/null
login
curl -s -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash"
curl -s -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -H 'X-Versions-Enabled: true' "$ACCOUNT/crashv"
: > "$DATA/acked"
: > "$DATA/vacked"
: > "$DATA/deleted"
: > "$DATA/deleting"
for ROUND in $(seq 1 "$ROUNDS"); do
    echo "crash-objects: round $ROUND"
    pids=()
    for n in 1 2 3 4; do writer "$n" & pids+=($!); done
    deleter & pids+=($!)
    for n in 1 2; do vwriter "$n" & pids+=($!); done
    # a large chunked upload that is always in flight at the kill
    (head -c 2000000000 /dev/zero | curl -s -o /dev/null --max-time 60 --limit-rate 30M -X PUT -H "X-Auth-Token: $TOKEN" \
        -H 'Transfer-Encoding: chunked' -T - "$ACCOUNT/crash/streaming-$ROUND" || true) & pids+=($!)
    # kill once this round's plain and versioned writes are being acknowledged (a loaded machine may take a while
    # to answer the first), then a bit later
    acked_before=$(wc -l < "$DATA/acked") vacked_before=$(wc -l < "$DATA/vacked")
    for _ in $(seq 1 600); do
        [ "$(wc -l < "$DATA/acked")" -gt "$acked_before" ] && [ "$(wc -l < "$DATA/vacked")" -gt "$vacked_before" ] && break
        sleep 0.1
    done
    sleep "$(awk -v r="$ROUND" 'BEGIN { printf "%.1f", 1 + r * 0.8 }')"
    kill -KILL "$XLOUD_PID"
    wait "$XLOUD_PID" 2>/dev/null || true
    XLOUD_PID=''
    wait "${pids[@]}" 2>/dev/null || true
    # the server log's length before the restart: the orphan sweep after it reports below
    log_mark=$(wc -l < "$XLOUD_LOG")
    check "round $ROUND: restart after SIGKILL" xloud_start_bg "$DATA" "$PORT"
    login
    acked=$(wc -l < "$DATA/acked")
    check "round $ROUND: clients saw $acked uploads acknowledged so far" test "$acked" -gt 0

    lost=0 torn=0
    while read -r name md5; do
        if grep -qx "$name" "$DATA/deleted"; then continue; fi
        code=$(curl -s -o "$DATA/got" -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash/$name")
        # gone is right only for a delete that was sent and cut off by the kill
        if [ "$code" = 404 ] && grep -qx "$name" "$DATA/deleting"; then continue; fi
        if [ "$(md5sum < "$DATA/got" | cut -d' ' -f1)" != "$md5" ]; then lost=$((lost + 1)); fi
    done < "$DATA/acked"
    check "round $ROUND: every acknowledged upload is whole ($lost lost or changed)" test "$lost" -eq 0

    back=0
    while read -r name; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash/$name")
        [ "$code" = 404 ] || back=$((back + 1))
    done < "$DATA/deleted"
    check "round $ROUND: every acknowledged delete stays deleted ($back back)" test "$back" -eq 0

    curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash?format=json" > "$DATA/listing.json"
    while read -r name hash; do
        got=$(curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash/$name" | md5sum | cut -d' ' -f1)
        [ "$got" = "$hash" ] || torn=$((torn + 1))
    done < <(/usr/bin/python3 -c 'import json,sys; [print(o["name"], o["hash"]) for o in json.load(open(sys.argv[1]))]' "$DATA/listing.json")
    check "round $ROUND: every listed object reads back whole ($torn torn)" test "$torn" -eq 0

    read -r listed bytes < <(/usr/bin/python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(len(l), sum(o["bytes"] for o in l))' "$DATA/listing.json")
    headers=$(curl -s -I -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crash" | tr -d '\r')
    count=$(echo "$headers" | awk -F': ' 'tolower($1) == "x-container-object-count" { print $2 }')
    used=$(echo "$headers" | awk -F': ' 'tolower($1) == "x-container-bytes-used" { print $2 }')
    check "round $ROUND: container counts match the listing ($count/$listed objects, $used/$bytes bytes)" \
        test "$count" = "$listed" -a "$used" = "$bytes"
    # the account counts the current objects of both containers, not the older versions
    read -r vcurrent vbytes < <(curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crashv?format=json" \
        | /usr/bin/python3 -c 'import json,sys; l=json.load(sys.stdin); print(len(l), sum(o["bytes"] for o in l))')
    account=$(curl -s -I -H "X-Auth-Token: $TOKEN" "$ACCOUNT" | tr -d '\r')
    account_count=$(echo "$account" | awk -F': ' 'tolower($1) == "x-account-object-count" { print $2 }')
    account_bytes=$(echo "$account" | awk -F': ' 'tolower($1) == "x-account-bytes-used" { print $2 }')
    check "round $ROUND: account counts match ($account_count objects, $account_bytes bytes)" \
        test "$account_count" = "$((listed + vcurrent))" -a "$account_bytes" = "$((bytes + vbytes))"

    vacked=$(wc -l < "$DATA/vacked")
    vlost=0
    while read -r name vid md5; do
        got=$(curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crashv/$name?version-id=$vid" | md5sum | cut -d' ' -f1)
        [ "$got" = "$md5" ] || vlost=$((vlost + 1))
    done < "$DATA/vacked"
    check "round $ROUND: every acknowledged version reads back whole by its id ($vacked acked, $vlost lost)" \
        test "$vacked" -gt 0 -a "$vlost" -eq 0
    curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crashv?versions&format=json" > "$DATA/versions.json"
    vtorn=0
    while read -r name vid hash; do
        got=$(curl -s -H "X-Auth-Token: $TOKEN" "$ACCOUNT/crashv/$name?version-id=$vid" | md5sum | cut -d' ' -f1)
        [ "$got" = "$hash" ] || vtorn=$((vtorn + 1))
    done < <(/usr/bin/python3 -c 'import json,sys; [print(o["name"], o["version_id"], o["hash"]) for o in json.load(open(sys.argv[1]))]' "$DATA/versions.json")
    versions=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$DATA/versions.json")
    # of the objects and versions, those whose bytes are a file rather than a row of the database
    files=$(/usr/bin/python3 -c 'import json,sys; print(sum(1 for f in sys.argv[2:] for o in json.load(open(f)) if o["bytes"] > int(sys.argv[1])))' \
        "$SMALL" "$DATA/listing.json" "$DATA/versions.json")
    check "round $ROUND: every listed version reads back whole ($versions versions, $vtorn torn)" test "$vtorn" -eq 0

    leftovers=$(find "$DATA/objects/tmp" -type f ! -name '*.lock' | wc -l)
    check "round $ROUND: no temp file of the dead process is left ($leftovers)" test "$leftovers" -eq 0
    blobs=0 kept=''
    # the orphan sweep runs soon after the start, later on a busy machine: up to 30 s
    for _ in $(seq 1 150); do
        kept=$(tail -n +"$((log_mark + 1))" "$XLOUD_LOG" | sed -n 's/.*orphan sweep: \([0-9]*\) blobs kept.*/\1/p' | tail -n1)
        blobs=$(find "$DATA/objects" -path "$DATA/objects/tmp" -prune -o -type f -print | wc -l)
        [ -n "$kept" ] && [ "$blobs" = "$files" ] && break
        sleep 0.2
    done
    check "round $ROUND: the orphan sweep keeps one blob per object and per version (${kept:-no sweep}/$listed+$versions)" \
        test "${kept:-x}" = "$((listed + versions))"
    check "round $ROUND: one blob file per object and per version over $SMALL bytes ($blobs/$files)" test "$blobs" = "$files"
done
echo "crash-objects: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
