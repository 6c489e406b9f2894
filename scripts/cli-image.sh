#!/usr/bin/env bash
# The image service with the real clients: Debian's `openstack` CLI (python3-openstackclient) and `glance`
# (python3-glanceclient, for stage and import, which this openstack CLI lacks), against a fresh Xloud.
# create --file (100 MiB), show, list with filters, set properties, tag, share to another project and accept
# there, save (bytes identical), deactivate/reactivate, stage + import (glance-direct, web-download from a URL
# on this machine), delete.
# Output: one line per step, then `cli-image: N passed, N failed`; exit 1 on any failure.
# Env: KEEP_DATA=1 keeps the data dir; IMAGE_MIB (default 100) sizes the big image.
# shellcheck disable=SC2015
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
# shellcheck source=scripts/lib/steps.sh
. "$ROOT/scripts/lib/steps.sh"

OSC=/usr/bin/openstack
GLANCE=/usr/bin/glance
[ -x "$OSC" ] || { echo "cli-image: $OSC missing (apt-get install python3-openstackclient)" >&2; exit 1; }
[ -x "$GLANCE" ] || { echo "cli-image: $GLANCE missing (apt-get install python3-glanceclient)" >&2; exit 1; }
clean_client_env
xloud_find_java
xloud_ensure_jar

DATA=$(mktemp -d /tmp/xloud-cli-image.XXXXXX)
STEP_ERR=$DATA/step.err
PORT=$(xloud_free_port)
WEB_PORT=$(xloud_free_port)
WEB_PID=''
cleanup() {
    local rc=$?
    [ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null || true
    xloud_stop_bg
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ] || [ "${KEEP_DATA:-0}" = 1 ]; then
        echo "cli-image: data dir and server log kept in $DATA"
    else
        rm -rf "$DATA"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

MIB=${IMAGE_MIB:-100}
FILES=$DATA/files
mkdir -p "$FILES"
head -c $((MIB * 1024 * 1024)) /dev/urandom > "$FILES/big.img"
head -c 3000000 /dev/urandom > "$FILES/staged.img"
head -c 2000000 /dev/urandom > "$FILES/web.img"
# A plain HTTP server on this machine serves the web-download source.
(cd "$FILES" && exec /usr/bin/python3 -m http.server "$WEB_PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
WEB_PID=$!

echo "cli-image: starting Xloud on 127.0.0.1:$PORT (data $DATA)"
xloud_start_bg "$DATA" "$PORT" XLOUD_IMAGE_WEB_DOWNLOAD_ALLOWED_HOSTS=127.0.0.1

export OS_CLIENT_CONFIG_FILE=$DATA/clouds.yaml
admin() { timeout 300 "$OSC" --os-cloud xloud "$@"; }
EMPTY_CLOUDS=$DATA/no-clouds.yaml
echo 'clouds: {}' > "$EMPTY_CLOUDS"
PW='Cli-image-Passw0rd!'
user_env() {  # user_env USER PROJECT
    echo OS_CLIENT_CONFIG_FILE="$EMPTY_CLOUDS" OS_AUTH_URL="$XLOUD_AUTH_URL" OS_IDENTITY_API_VERSION=3 \
        OS_REGION_NAME=RegionOne OS_INTERFACE=public OS_AUTH_TYPE=password OS_USERNAME="$1" OS_PASSWORD="$PW" \
        OS_USER_DOMAIN_NAME=Default OS_PROJECT_NAME="$2" OS_PROJECT_DOMAIN_NAME=Default
}
# shellcheck disable=SC2046
owner() { env $(user_env img-owner img-proj) timeout 300 "$OSC" "$@"; }
# shellcheck disable=SC2046
other() { env $(user_env img-other img-other-proj) timeout 300 "$OSC" "$@"; }
# shellcheck disable=SC2046
# stdin closed: glanceclient reads image data from any stdin that is not a terminal
glance_owner() { env $(user_env img-owner img-proj) timeout 300 "$GLANCE" "$@" <&-; }
field() { /usr/bin/python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"; }
refused() { ! "$@" >/dev/null 2>&1; }
md5() { md5sum "$1" | cut -d' ' -f1; }
wait_status() {  # wait_status IMAGE STATUS: poll `image show` until STATUS (60 s)
    local s='' i
    for i in $(seq 1 120); do
        s=$(owner image show "$1" -f value -c status 2>/dev/null || true)
        [ "$s" = "$2" ] && return 0
        [ "$s" = killed ] && break
        sleep 0.5
    done
    echo "image $1 is '$s', not '$2'" >&2
    return 1
}

echo "cli-image: set-up (two projects, one member user in each)"
setup() {
    admin project create img-proj >/dev/null && admin project create img-other-proj >/dev/null \
        && admin user create img-owner --password "$PW" >/dev/null && admin user create img-other --password "$PW" >/dev/null \
        && admin role add --project img-proj --user img-owner member \
        && admin role add --project img-other-proj --user img-other member
}
step "projects, users and member roles" setup || true
OTHER_PROJ=$(admin project show img-other-proj -f value -c id 2>/dev/null || true)

echo "cli-image: create, show, list"
IMG=''
step "image create --file (${MIB} MiB)" owner image create cli-big --file "$FILES/big.img" --disk-format raw \
    --container-format bare --property os_distro=debian -f json && IMG=$(field id <<<"$OUT") || true
step "image show" owner image show "$IMG" -f json || true
expect "  ... active" test "$(field status <<<"$OUT")" = active
expect "  ... size is the file's" test "$(field size <<<"$OUT")" = "$(stat -c %s "$FILES/big.img")"
expect "  ... checksum is the file's MD5" test "$(field checksum <<<"$OUT")" = "$(md5 "$FILES/big.img")"
step "image list --name cli-big" owner image list --name cli-big -f value -c ID && expect "  ... lists it" contains "$OUT" "$IMG" || true
step "image list --property os_distro=debian" owner image list --property os_distro=debian -f value -c ID \
    && expect "  ... lists it" contains "$OUT" "$IMG" || true
step "image list --property os_distro=other" owner image list --property os_distro=other -f value -c ID \
    && expect "  ... lists nothing" test -z "$OUT" || true
step "image list --status active --shared (Glance's default visibility)" owner image list --status active --shared -f value -c ID \
    && expect "  ... lists it" contains "$OUT" "$IMG" || true
step "image list --public lists nothing of the owner's" owner image list --public -f value -c ID \
    && expect "  ... not it" refused contains "$OUT" "$IMG" || true

echo "cli-image: properties and tags"
step "image set --property hw_disk_bus=scsi --min-ram 256" owner image set --property hw_disk_bus=scsi --min-ram 256 "$IMG" || true
step "image set --tag golden" owner image set --tag golden "$IMG" || true
step "image show (after set)" owner image show "$IMG" -f json || true
expect "  ... property hw_disk_bus=scsi" contains "$OUT" "scsi"
expect "  ... min_ram 256" test "$(field min_ram <<<"$OUT")" = 256
expect "  ... tag golden" contains "$(field tags <<<"$OUT")" golden
step "image list --tag golden" owner image list --tag golden -f value -c ID && expect "  ... lists it" contains "$OUT" "$IMG" || true
step "image unset --property hw_disk_bus" owner image unset --property hw_disk_bus "$IMG" || true
step "image show (after unset)" owner image show "$IMG" -f json && expect "  ... hw_disk_bus gone" refused contains "$OUT" hw_disk_bus || true

echo "cli-image: sharing"
step "other project does not see the image before it is shared" refused other image show "$IMG" || true
step "image add project (to img-other-proj)" owner image add project "$IMG" "$OTHER_PROJ" -f json \
    && expect "  ... member pending" test "$(field status <<<"$OUT")" = pending || true
step "image set --accept (as img-other-proj)" other image set --accept "$IMG" || true
step "image member list" owner image member list "$IMG" -f value -c Status && expect "  ... accepted" contains "$OUT" accepted || true
step "image list (as img-other-proj) lists the shared image" other image list -f value -c ID && expect "  ... lists it" contains "$OUT" "$IMG" || true

echo "cli-image: save, deactivate, reactivate"
step "image save" owner image save --file "$FILES/saved.img" "$IMG" || true
expect "  ... bytes identical" cmp -s "$FILES/big.img" "$FILES/saved.img"
rm -f "$FILES/saved.img"
step "image save (as img-other-proj, shared)" other image save --file "$FILES/saved2.img" "$IMG" || true
expect "  ... bytes identical" cmp -s "$FILES/big.img" "$FILES/saved2.img"
rm -f "$FILES/saved2.img"
step "image set --deactivate (admin)" admin image set --deactivate "$IMG" || true
step "image show: deactivated" owner image show "$IMG" -f value -c status && expect "  ... deactivated" test "$OUT" = deactivated || true
step "image save refused while deactivated" refused owner image save --file "$FILES/no.img" "$IMG" || true
step "image set --activate (admin)" admin image set --activate "$IMG" || true
step "image show: active again" owner image show "$IMG" -f value -c status && expect "  ... active" test "$OUT" = active || true

echo "cli-image: import (glance CLI)"
# glance prints a table whose cells wrap: the methods are checked with the table's frame and breaks taken out
squash() { tr -d ' |\n' <<<"$1"; }
step "glance import-info lists glance-direct and web-download" glance_owner import-info \
    && expect "  ... glance-direct" contains "$(squash "$OUT")" glance-direct \
    && expect "  ... web-download" contains "$(squash "$OUT")" web-download || true
STAGED=''
step "glance image-create (queued)" glance_owner image-create --name cli-staged --disk-format raw --container-format bare \
    && STAGED=$(awk -F'|' '$2 ~ /^ id /{gsub(/ /,"",$3); print $3}' <<<"$OUT") || true
step "glance image-stage --file" glance_owner image-stage --file "$FILES/staged.img" "$STAGED" || true
step "glance image-import --import-method glance-direct" glance_owner image-import --import-method glance-direct "$STAGED" || true
step "  ... becomes active" wait_status "$STAGED" active || true
step "  ... saved bytes identical" owner image save --file "$FILES/staged.out" "$STAGED" && expect "  ... cmp" cmp -s "$FILES/staged.img" "$FILES/staged.out" || true
WEB=''
step "glance image-create-via-import web-download" glance_owner image-create-via-import --name cli-web --disk-format raw \
    --container-format bare --import-method web-download --uri "http://127.0.0.1:$WEB_PORT/web.img" \
    && WEB=$(awk -F'|' '$2 ~ /^ id /{gsub(/ /,"",$3); print $3}' <<<"$OUT") || true
step "  ... becomes active" wait_status "$WEB" active || true
step "  ... checksum is the source's MD5" owner image show "$WEB" -f value -c checksum \
    && expect "  ... equal" test "$OUT" = "$(md5 "$FILES/web.img")" || true

echo "cli-image: delete"
step "image delete (all three)" owner image delete "$IMG" "$STAGED" "$WEB" || true
step "image list is empty for the owner" owner image list -f value -c ID && expect "  ... empty" test -z "$OUT" || true

echo "cli-image: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
