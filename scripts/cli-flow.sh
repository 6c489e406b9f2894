#!/usr/bin/env bash
# End-to-end identity flow with the real OpenStack CLI (Debian's python3-openstackclient)
# against a fresh Xloud: proves the wire format is what the reference client expects.
# Starts its own server (free port, temp data dir) and always stops it.
# Env: KEEP_DATA=1 keeps the data dir (it is kept anyway when a step fails).
# Output: one line per step, then `cli-flow: N passed, N failed`; exit 1 on any failure.
# Steps are written `step ... && more || true` on purpose: a failed step is counted, not fatal.
# shellcheck disable=SC2015,SC2001
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

OSC=/usr/bin/openstack
[ -x "$OSC" ] || { echo "cli-flow: $OSC missing (apt-get install python3-openstackclient)" >&2; exit 1; }
# Debian's python for the CLI, not a pyenv one that may be first on PATH; no stray OS_* settings.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

xloud_find_java
xloud_ensure_jar

DATA=$(mktemp -d /tmp/xloud-cli.XXXXXX)
PORT=$(xloud_free_port)
PASSED=0
FAILED=0
cleanup() {
    local rc=$?
    xloud_stop_bg
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ] || [ "${KEEP_DATA:-0}" = 1 ]; then
        echo "cli-flow: data dir and server log kept in $DATA"
    else
        rm -rf "$DATA"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ERR=$DATA/step.err
OUT=''
# step NAME CMD...: run CMD, keep its stdout in $OUT, print PASS/FAIL (with stderr on failure).
step() {
    local name=$1
    shift
    printf '  %-58s ' "$name"
    if OUT=$("$@" 2>"$ERR"); then
        PASSED=$((PASSED + 1))
        echo PASS
        return 0
    fi
    FAILED=$((FAILED + 1))
    echo FAIL
    echo "    \$ $*" | cut -c1-300
    [ -n "$OUT" ] && sed 's/^/    out: /' <<<"$OUT" | head -n 20
    sed 's/^/    err: /' "$ERR" | head -n 20
    return 1
}
# expect NAME CONDITION...: an assertion counted like a step.
expect() {
    local name=$1
    shift
    printf '  %-58s ' "$name"
    if "$@"; then PASSED=$((PASSED + 1)); echo PASS; else FAILED=$((FAILED + 1)); echo FAIL; fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
json_get() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

echo "cli-flow: starting Xloud on 127.0.0.1:$PORT (data $DATA)"
xloud_start_bg "$DATA" "$PORT" XLOUD_ADMIN_PASSWORD="$XLOUD_ADMIN_PASSWORD"

export OS_CLIENT_CONFIG_FILE=$DATA/clouds.yaml
osc() { timeout 120 "$OSC" "$@"; }     # a hung call must not hang the flow
admin() { osc --os-cloud xloud "$@"; }
# The new user and its application credential authenticate from OS_* variables only;
# an empty clouds file keeps ~/.config/openstack out of it.
EMPTY_CLOUDS=$DATA/no-clouds.yaml
echo 'clouds: {}' > "$EMPTY_CLOUDS"
common_env=(OS_CLIENT_CONFIG_FILE="$EMPTY_CLOUDS" OS_AUTH_URL="$XLOUD_AUTH_URL"
            OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public)
USER_PW='Cli-flow-Passw0rd!'
as_user() {
    env "${common_env[@]}" OS_AUTH_TYPE=password OS_USERNAME=cli-user OS_PASSWORD="$USER_PW" \
        OS_USER_DOMAIN_NAME=Default OS_PROJECT_NAME=cli-proj OS_PROJECT_DOMAIN_NAME=Default timeout 120 "$OSC" "$@"
}
as_appcred() {
    env "${common_env[@]}" OS_AUTH_TYPE=v3applicationcredential \
        OS_APPLICATION_CREDENTIAL_ID="$APPCRED_ID" OS_APPLICATION_CREDENTIAL_SECRET="$APPCRED_SECRET" timeout 120 "$OSC" "$@"
}
# A bare token sent straight to the identity endpoint: every call makes the server validate it.
with_token() {
    env "${common_env[@]}" OS_AUTH_TYPE=admin_token OS_TOKEN="$1" OS_ENDPOINT="$XLOUD_AUTH_URL" timeout 120 "$OSC" "${@:2}"
}
# HTTP status of GET /v3/auth/tokens (token validation) for subject $1, as admin.
validate_status() {
    [ -n "$1" ] || { echo no-token; return; }
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
        -H "X-Auth-Token: $ADMIN_TOKEN" -H "X-Subject-Token: $1" "$XLOUD_AUTH_URL/auth/tokens"
}

ADMIN_TOKEN='' PROJ_ID='' USER_ID='' APPCRED_ID='' APPCRED_SECRET='' APP_TOKEN=''
echo "cli-flow: admin via OS_CLIENT_CONFIG_FILE=$OS_CLIENT_CONFIG_FILE --os-cloud xloud"
expect "server wrote clouds.yaml with cloud 'xloud'" grep -qs 'xloud' "$DATA/clouds.yaml"
step "token issue (admin)" admin token issue -f json && ADMIN_TOKEN=$(json_get id <<<"$OUT") || true
step "project create cli-proj" admin project create cli-proj --domain Default -f json \
    && PROJ_ID=$(json_get id <<<"$OUT") || true
step "user create cli-user --password" admin user create cli-user --domain Default --password "$USER_PW" -f json \
    && USER_ID=$(json_get id <<<"$OUT") || true
step "group create cli-group" admin group create cli-group --domain Default -f json || true
step "group add user cli-group cli-user" admin group add user cli-group cli-user || true
step "group contains user" admin group contains user cli-group cli-user || true
step "user list --group cli-group" admin user list --group cli-group -f value -c Name \
    && expect "  ... lists cli-user" contains "$OUT" cli-user || true
step "role create cli-role" admin role create cli-role -f json || true
step "role add --project cli-proj --user cli-user cli-role" \
    admin role add --project cli-proj --project-domain Default --user cli-user --user-domain Default cli-role || true
step "role assignment list --user cli-user --project cli-proj" \
    admin role assignment list --user cli-user --user-domain Default --project cli-proj --project-domain Default \
    --names -f value -c Role && expect "  ... shows cli-role" contains "$OUT" cli-role || true

echo "cli-flow: as cli-user (password, scoped to cli-proj)"
step "token issue (cli-user)" as_user token issue -f json \
    && expect "  ... scoped to cli-proj" test "$(json_get project_id <<<"$OUT")" = "$PROJ_ID" || true
step "application credential create cli-appcred" as_user application credential create cli-appcred -f json \
    && { APPCRED_ID=$(json_get id <<<"$OUT"); APPCRED_SECRET=$(json_get secret <<<"$OUT"); } || true
expect "  ... returned id and secret" test -n "$APPCRED_ID" -a -n "$APPCRED_SECRET"

echo "cli-flow: as the application credential (OS_AUTH_TYPE=v3applicationcredential)"
step "token issue (application credential)" as_appcred token issue -f json && APP_TOKEN=$(json_get id <<<"$OUT") \
    && expect "  ... user cli-user, project cli-proj" \
        test "$(json_get user_id <<<"$OUT")/$(json_get project_id <<<"$OUT")" = "$USER_ID/$PROJ_ID" || true
expect "token validates before revoke (GET /v3/auth/tokens 200)" test "$(validate_status "$APP_TOKEN")" = 200
step "token is accepted by the API (user show cli-user)" with_token "$APP_TOKEN" user show "$USER_ID" -f value -c name \
    && expect "  ... returned cli-user" test "$OUT" = cli-user || true

echo "cli-flow: revoke"
step "token revoke (admin revokes the app-cred token)" admin token revoke "$APP_TOKEN" || true
expect "revoked token fails validation (GET /v3/auth/tokens 404)" test "$(validate_status "$APP_TOKEN")" = 404
printf '  %-58s ' "revoked token is refused by the API (HTTP 401)"
if OUT=$(with_token "$APP_TOKEN" user show "$USER_ID" 2>&1); then
    FAILED=$((FAILED + 1)); echo "FAIL (still accepted)"
elif contains "$OUT" "HTTP 401"; then
    PASSED=$((PASSED + 1)); echo PASS
else
    FAILED=$((FAILED + 1)); echo FAIL; sed 's/^/    err: /' <<<"$OUT" | head -n 10
fi
expect "other tokens stay valid (admin token: GET /v3/auth/tokens 200)" test "$(validate_status "$ADMIN_TOKEN")" = 200

echo "cli-flow: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
