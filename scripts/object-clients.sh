#!/usr/bin/env bash
# Object storage through the real clients, each with its defaults: python-swiftclient (`swift`, a
# segmented upload of a large file), aws-cli (`aws s3 cp/sync/ls/rm`, path-style under /s3), s3cmd
# (against the S3 listener at its root), rclone (S3 and Swift remotes), and both faces on the same objects.
# Size of the large file: OBJECT_CLIENTS_MB (default 64; the issue's 1 GiB run: OBJECT_CLIENTS_MB=1024).
# Ends with `object-clients: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH   # Debian's clients, not a pyenv's
xloud_find_java
xloud_ensure_jar

MB=${OBJECT_CLIENTS_MB:-64}
DATA=$(mktemp -d /tmp/xloud-objects.XXXXXX)
WORK=$DATA/work
mkdir -p "$WORK"
PORT=$(xloud_free_port)
S3_PORT=$(xloud_free_port)
PASS=0 FAIL=0
cleanup() { xloud_stop_bg; if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else echo "object-clients: data kept in $DATA"; fi; }
trap cleanup EXIT

check() {
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then PASS=$((PASS + 1)); printf '  %-64s PASS\n' "$name"
    else FAIL=$((FAIL + 1)); printf '  %-64s FAIL\n' "$name"; printf '%s\n' "$out" | tail -n 8 | sed 's/^/      /'; fi
}

xloud_start_bg "$DATA/server" "$PORT" XLOUD_S3_LISTEN="127.0.0.1:$S3_PORT" >/dev/null
export OS_AUTH_URL=$XLOUD_AUTH_URL OS_USERNAME=admin OS_PASSWORD=$XLOUD_ADMIN_PASSWORD OS_PROJECT_NAME=admin \
    OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3 OS_AUTH_VERSION=3 OS_INTERFACE=public

echo "object-clients: making a ${MB} MiB file"
head -c "$((MB * 1024 * 1024))" /dev/urandom > "$WORK/big"
printf 'hello from swift\n' > "$WORK/small.txt"
BIG_MD5=$(md5sum < "$WORK/big" | cut -d' ' -f1)

# ---- swift
echo "object-clients: swift (python-swiftclient)"
check "swift upload (segments of 16 MiB)" swift upload --segment-size 16777216 swift-c "$WORK/big" --object-name big
check "swift upload small" swift upload swift-c "$WORK/small.txt" --object-name dir/small.txt
check "swift list shows both" bash -c "swift list swift-c | grep -qx big && swift list swift-c | grep -qx dir/small.txt"
check "swift stat big (manifest)" swift stat swift-c big
check "swift download big, bytes identical" bash -c "swift download swift-c big -o '$WORK/big.swift' && [ \"\$(md5sum < '$WORK/big.swift' | cut -d' ' -f1)\" = $BIG_MD5 ]"
check "swift post metadata, stat shows it" bash -c "swift post -m color:blue swift-c dir/small.txt && swift stat swift-c dir/small.txt | grep -qi 'color: blue'"

# ---- S3 credentials from identity
CREDS=$(openstack ec2 credentials create -f value -c access -c secret)
ACCESS=$(sed -n 1p <<<"$CREDS")
SECRET=$(sed -n 2p <<<"$CREDS")
export AWS_ACCESS_KEY_ID=$ACCESS AWS_SECRET_ACCESS_KEY=$SECRET AWS_DEFAULT_REGION=RegionOne
cat > "$DATA/aws-config" <<CFG
[default]
region = RegionOne
s3 =
    addressing_style = path
CFG
export AWS_CONFIG_FILE=$DATA/aws-config
AWS=(aws --endpoint-url "$XLOUD_URL/s3")

echo "object-clients: aws-cli $(aws --version 2>&1 | cut -d' ' -f1)"
check "aws s3 mb" "${AWS[@]}" s3 mb s3://aws-bucket
check "aws s3 cp big (multipart)" "${AWS[@]}" s3 cp "$WORK/big" s3://aws-bucket/big
check "aws s3 cp back, bytes identical" bash -c "$(printf '%q ' "${AWS[@]}") s3 cp s3://aws-bucket/big '$WORK/big.aws' && [ \"\$(md5sum < '$WORK/big.aws' | cut -d' ' -f1)\" = $BIG_MD5 ]"
mkdir -p "$WORK/tree/a/b"; for i in 1 2 3; do echo "file $i" > "$WORK/tree/a/b/f$i"; done
check "aws s3 sync up" "${AWS[@]}" s3 sync "$WORK/tree" s3://aws-bucket/tree
check "aws s3 ls --recursive lists 3 synced files" bash -c "[ \$($(printf '%q ' "${AWS[@]}") s3 ls --recursive s3://aws-bucket/tree/ | wc -l) = 3 ]"
check "aws s3 sync down" bash -c "$(printf '%q ' "${AWS[@]}") s3 sync s3://aws-bucket/tree '$WORK/tree-back' && diff -r '$WORK/tree' '$WORK/tree-back'"

echo "object-clients: boto3 $(/usr/bin/python3 -c 'import boto3; print(boto3.__version__)' 2>/dev/null || echo missing)"
boto3_multipart() {
    /usr/bin/python3 - "$XLOUD_URL/s3" "$WORK/big" <<'PY'
import hashlib, sys, boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
endpoint, path = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="RegionOne",
                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="boto-bucket")
# 8 MiB parts, several at once: boto3's own multipart upload and ranged, parallel download
config = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4)
s3.upload_file(path, "boto-bucket", "big", Config=config)
head = s3.head_object(Bucket="boto-bucket", Key="big")
assert head["ETag"].strip('"').endswith("-%d" % -(-head["ContentLength"] // (8 * 1024 * 1024))), head["ETag"]
s3.download_file("boto-bucket", "big", path + ".boto", Config=config)
want = hashlib.md5(open(path, "rb").read()).hexdigest()
got = hashlib.md5(open(path + ".boto", "rb").read()).hexdigest()
assert want == got, (want, got)
listed = s3.list_objects_v2(Bucket="boto-bucket")["Contents"]
assert [o["Key"] for o in listed] == ["big"], listed
s3.delete_object(Bucket="boto-bucket", Key="big")
s3.delete_bucket(Bucket="boto-bucket")
PY
}
check "boto3 multipart upload, ranged download, bytes identical" boto3_multipart
rm -f "$WORK/big.boto"
# boto3 1.26 with no region configured presigns with Signature Version 2 (AWSAccessKeyId, Expires, Signature)
boto3_default_presign() {
    env -u AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null /usr/bin/python3 - "$XLOUD_URL/s3" <<'PY'
import http.client, sys, urllib.parse, urllib.request, boto3
from botocore.config import Config
endpoint = sys.argv[1]
setup = boto3.client("s3", endpoint_url=endpoint, region_name="RegionOne", config=Config(signature_version="s3v4"))
setup.create_bucket(Bucket="presign-bucket")
s3 = boto3.client("s3", endpoint_url=endpoint)
put = s3.generate_presigned_url("put_object", Params={"Bucket": "presign-bucket", "Key": "p.txt"}, ExpiresIn=300)
assert "AWSAccessKeyId=" in put and "Signature=" in put, put
# as curl -T or requests.put send it: no Content-Type, which the URL signed empty
url = urllib.parse.urlsplit(put)
connection = http.client.HTTPConnection(url.netloc)
connection.request("PUT", url.path + "?" + url.query, body=b"presigned body")
response = connection.getresponse()
assert response.status == 200, (response.status, response.read())
get = s3.generate_presigned_url("get_object", Params={"Bucket": "presign-bucket", "Key": "p.txt"}, ExpiresIn=300)
with urllib.request.urlopen(get) as response:
    assert response.read() == b"presigned body"
setup.delete_object(Bucket="presign-bucket", Key="p.txt")
setup.delete_bucket(Bucket="presign-bucket")
PY
}
check "boto3 default presigned PUT and GET (Signature Version 2)" boto3_default_presign

echo "object-clients: both faces on the same objects"
check "swift reads what S3 wrote" bash -c "swift download aws-bucket tree/a/b/f1 -o - | grep -qx 'file 1'"
check "S3 reads what swift wrote" bash -c "$(printf '%q ' "${AWS[@]}") s3 cp s3://swift-c/dir/small.txt - | grep -qx 'hello from swift'"

echo "object-clients: s3cmd (S3 listener at 127.0.0.1:$S3_PORT)"
S3CMD=(s3cmd --no-ssl --host="127.0.0.1:$S3_PORT" --host-bucket="127.0.0.1:$S3_PORT" --access_key="$ACCESS" --secret_key="$SECRET"
    --region=RegionOne --config=/dev/null)
check "s3cmd mb" "${S3CMD[@]}" mb s3://s3cmd-bucket
check "s3cmd put" "${S3CMD[@]}" put "$WORK/small.txt" s3://s3cmd-bucket/small.txt
check "s3cmd ls" bash -c "$(printf '%q ' "${S3CMD[@]}") ls s3://s3cmd-bucket | grep -q small.txt"
check "s3cmd get, bytes identical" bash -c "$(printf '%q ' "${S3CMD[@]}") get --force s3://s3cmd-bucket/small.txt '$WORK/small.back' && cmp '$WORK/small.txt' '$WORK/small.back'"
check "s3cmd del" "${S3CMD[@]}" del s3://s3cmd-bucket/small.txt

echo "object-clients: rclone $(rclone version 2>/dev/null | sed -n '1s/^rclone //p')"
# remotes from the environment, no config file: S3 (path style, SigV4) and Swift through keystone (OS_* above)
export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_XS3_TYPE=s3 RCLONE_CONFIG_XS3_PROVIDER=Other RCLONE_CONFIG_XS3_ENDPOINT=$XLOUD_URL/s3 \
    RCLONE_CONFIG_XS3_ACCESS_KEY_ID=$ACCESS RCLONE_CONFIG_XS3_SECRET_ACCESS_KEY=$SECRET RCLONE_CONFIG_XS3_REGION=RegionOne \
    RCLONE_CONFIG_XS3_FORCE_PATH_STYLE=true
export RCLONE_CONFIG_XSW_TYPE=swift RCLONE_CONFIG_XSW_ENV_AUTH=true
# the AWS SDK inside rclone refuses an AWS_CA_BUNDLE for its plain-HTTP transport; the endpoint is http
RCLONE=(env -u AWS_CA_BUNDLE rclone --retries 1 --low-level-retries 1)
check "rclone mkdir (S3)" "${RCLONE[@]}" mkdir xs3:rclone-bucket
check "rclone copy tree (S3)" "${RCLONE[@]}" copy "$WORK/tree" xs3:rclone-bucket/tree
check "rclone copy big, multipart in 8 MiB chunks (S3)" "${RCLONE[@]}" copy --s3-upload-cutoff 8M --s3-chunk-size 8M "$WORK/big" xs3:rclone-bucket
check "rclone check: sizes and hashes match (S3)" "${RCLONE[@]}" check "$WORK/tree" xs3:rclone-bucket/tree
check "rclone lsf lists the tree (S3)" bash -c "[ \"\$($(printf '%q ' "${RCLONE[@]}") lsf -R --files-only xs3:rclone-bucket/tree | sort | tr '\n' ' ')\" = 'a/b/f1 a/b/f2 a/b/f3 ' ]"
check "rclone cat big, bytes identical (S3)" bash -c "[ \"\$($(printf '%q ' "${RCLONE[@]}") cat xs3:rclone-bucket/big | md5sum | cut -d' ' -f1)\" = $BIG_MD5 ]"
check "rclone sync deletes what the source lost (S3)" bash -c "rm '$WORK/tree/a/b/f3' && $(printf '%q ' "${RCLONE[@]}") sync '$WORK/tree' xs3:rclone-bucket/tree \
    && [ \"\$($(printf '%q ' "${RCLONE[@]}") lsf -R --files-only xs3:rclone-bucket/tree | wc -l)\" = 2 ]"
check "rclone copy tree (Swift)" "${RCLONE[@]}" copy "$WORK/tree" xsw:rclone-c/tree
check "rclone check: sizes and hashes match (Swift)" "${RCLONE[@]}" check "$WORK/tree" xsw:rclone-c/tree
check "rclone reads over Swift what it wrote over S3" bash -c "$(printf '%q ' "${RCLONE[@]}") cat xsw:rclone-bucket/tree/a/b/f1 | grep -qx 'file 1'"
check "rclone purge (S3 and Swift)" bash -c "$(printf '%q ' "${RCLONE[@]}") purge xs3:rclone-bucket && $(printf '%q ' "${RCLONE[@]}") purge xsw:rclone-c"

echo "object-clients: clean up"
check "aws s3 rm --recursive" "${AWS[@]}" s3 rm --recursive s3://aws-bucket
check "aws s3 rb" "${AWS[@]}" s3 rb s3://aws-bucket
check "swift delete container (with its segments)" bash -c "swift delete swift-c && swift delete swift-c_segments 2>/dev/null; true"

echo "object-clients: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
