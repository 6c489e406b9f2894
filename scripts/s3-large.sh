#!/usr/bin/env bash
# S3 streaming check: with the server held to JAVA_OPTS=-Xmx256m, a file of S3_LARGE_MB MiB (default 5120)
# goes up through aws-cli (`aws s3 cp`, multipart, path-style under /s3) and through one presigned PUT
# (`curl -T`), comes back down, and must have the same MD5 each time. Prints the server's VmHWM (peak
# resident memory) before and after. Needs about 3x the file's size free under TMPDIR; skips otherwise.
# Ends with `s3-large: N passed, N failed`. Takes minutes: not part of scripts/test-all.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH   # Debian's clients, not a pyenv's

MB=${S3_LARGE_MB:-5120}
TMP=${TMPDIR:-/tmp}
NEED_KB=$((MB * 1024 * 3))
FREE_KB=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
if [ "$FREE_KB" -lt "$NEED_KB" ]; then
    echo "s3-large: skipped: $((FREE_KB / 1024)) MiB free under $TMP, 3 x $MB MiB needed"
    echo "s3-large: 0 passed, 0 failed"
    exit 0
fi
xloud_find_java
xloud_ensure_jar

DATA=$(mktemp -d "$TMP/xloud-s3-large.XXXXXX")
WORK=$DATA/work
mkdir -p "$WORK"
PORT=$(xloud_free_port)
PASS=0 FAIL=0
cleanup() { xloud_stop_bg; if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else rm -f "$WORK/big"; echo "s3-large: server data kept in $DATA"; fi; }
trap cleanup EXIT

check() {
    local name=$1; shift
    local out start=$SECONDS
    if out=$("$@" 2>&1); then PASS=$((PASS + 1)); printf '  %-60s PASS (%ss)\n' "$name" $((SECONDS - start))
    else FAIL=$((FAIL + 1)); printf '  %-60s FAIL\n' "$name"; printf '%s\n' "$out" | tail -n 8 | sed 's/^/      /'; fi
}

hwm() { awk '/^VmHWM/ { print $2 " " $3 }' "/proc/$XLOUD_PID/status"; }

JAVA_OPTS="${JAVA_OPTS:+$JAVA_OPTS }-Xmx256m" xloud_start_bg "$DATA/server" "$PORT" >/dev/null
echo "s3-large: server pid $XLOUD_PID with -Xmx256m; VmHWM before: $(hwm)"
export OS_AUTH_URL=$XLOUD_AUTH_URL OS_USERNAME=admin OS_PASSWORD=$XLOUD_ADMIN_PASSWORD OS_PROJECT_NAME=admin \
    OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3 OS_AUTH_VERSION=3 OS_INTERFACE=public
CREDS=$(openstack ec2 credentials create -f value -c access -c secret)
export AWS_ACCESS_KEY_ID=$(sed -n 1p <<<"$CREDS") AWS_SECRET_ACCESS_KEY=$(sed -n 2p <<<"$CREDS") AWS_DEFAULT_REGION=RegionOne
cat > "$DATA/aws-config" <<CFG
[default]
region = RegionOne
s3 =
    addressing_style = path
CFG
export AWS_CONFIG_FILE=$DATA/aws-config
AWS=(aws --endpoint-url "$XLOUD_URL/s3")

echo "s3-large: making a ${MB} MiB file"
head -c "$((MB * 1024 * 1024))" /dev/urandom > "$WORK/big"
BIG_MD5=$(md5sum < "$WORK/big" | cut -d' ' -f1)

check "aws s3 mb" "${AWS[@]}" s3 mb s3://large
check "aws s3 cp up (multipart), ${MB} MiB" "${AWS[@]}" s3 cp --only-show-errors "$WORK/big" s3://large/big
check "aws s3 cp down, same MD5" bash -c "[ \"\$($(printf '%q ' "${AWS[@]}") s3 cp --only-show-errors s3://large/big - | md5sum | cut -d' ' -f1)\" = $BIG_MD5 ]"
echo "s3-large: VmHWM after aws-cli: $(hwm)"
# room for the next copy: one stored object at a time
check "aws s3 rm" "${AWS[@]}" s3 rm --only-show-errors s3://large/big

presign() {
    /usr/bin/python3 - "$XLOUD_URL/s3" "$1" "$2" <<'PY'
import sys
import boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="RegionOne",
                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
print(s3.generate_presigned_url(sys.argv[2], Params={"Bucket": "large", "Key": sys.argv[3]}, ExpiresIn=3600))
PY
}
PUT_URL=$(presign put_object put)
GET_URL=$(presign get_object put)
check "presigned PUT with curl -T, ${MB} MiB" bash -c "curl -fsS -T '$WORK/big' '$PUT_URL' -o /dev/null"
check "presigned GET with curl, same MD5" bash -c "[ \"\$(curl -fsS '$GET_URL' | md5sum | cut -d' ' -f1)\" = $BIG_MD5 ]"
echo "s3-large: VmHWM after: $(hwm)"

echo "s3-large: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
