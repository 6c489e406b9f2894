#!/usr/bin/env bash
# OS-FEDERATION with the real OpenStack CLI (Debian's python3-openstackclient) against a fresh Xloud:
# identity provider, mapping and federation protocol created with the CLI, then an OpenID Connect login
# through keystoneauth's v3oidcaccesstoken plugin with a token signed by a small local provider
# (scripts/lib/oidc_provider.py: discovery + JWKS), scoped to the project the mapping creates.
# Output: one line per step, then `cli-federation: N passed, N failed`; exit 1 on any failure.
# Env: KEEP_DATA=1 keeps the data dir.
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
[ -x "$OSC" ] || { echo "cli-federation: $OSC missing (apt-get install python3-openstackclient)" >&2; exit 1; }
clean_client_env
xloud_find_java
xloud_ensure_jar

DATA=$(mktemp -d /tmp/xloud-cli-federation.XXXXXX)
STEP_ERR=$DATA/step.err
PORT=$(xloud_free_port)
OP_PORT=$(xloud_free_port)
OP_PID=''
cleanup() {
    local rc=$?
    [ -n "$OP_PID" ] && kill "$OP_PID" 2>/dev/null || true
    xloud_stop_bg
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ] || [ "${KEEP_DATA:-0}" = 1 ]; then
        echo "cli-federation: data dir and server log kept in $DATA"
    else
        rm -rf "$DATA"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

OP="/usr/bin/python3 $ROOT/scripts/lib/oidc_provider.py"
ISSUER=http://127.0.0.1:$OP_PORT
$OP serve "$DATA" "$OP_PORT" & OP_PID=$!
for _ in $(seq 50); do curl -fs "$ISSUER/jwks" >/dev/null 2>&1 && break; sleep 0.1; done

echo "cli-federation: starting Xloud on 127.0.0.1:$PORT (data $DATA), OpenID provider $ISSUER"
xloud_start_bg "$DATA" "$PORT" XLOUD_ADMIN_PASSWORD="$XLOUD_ADMIN_PASSWORD"
export OS_CLIENT_CONFIG_FILE=$DATA/clouds.yaml
admin() { timeout 120 "$OSC" --os-cloud xloud "$@"; }
EMPTY_CLOUDS=$DATA/no-clouds.yaml
echo 'clouds: {}' > "$EMPTY_CLOUDS"
# keystoneauth's v3oidcaccesstoken: POST .../identity_providers/corp/protocols/openid/auth with Authorization: Bearer
as_federated() {
    local access_token=$1
    shift
    env OS_CLIENT_CONFIG_FILE="$EMPTY_CLOUDS" OS_AUTH_URL="$XLOUD_AUTH_URL" OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne \
        OS_INTERFACE=public OS_AUTH_TYPE=v3oidcaccesstoken OS_ACCESS_TOKEN="$access_token" OS_IDENTITY_PROVIDER=corp \
        OS_PROTOCOL=openid OS_PROJECT_NAME=fed-proj OS_PROJECT_DOMAIN_ID="$IDP_DOMAIN" timeout 120 "$OSC" "$@"
}

cat > "$DATA/rules.json" <<'RULES'
[{"local": [{"user": {"name": "{0}", "email": "{1}"}},
            {"projects": [{"name": "fed-proj", "roles": [{"name": "member"}]}]}],
  "remote": [{"type": "OIDC-preferred_username"}, {"type": "OIDC-email"},
             {"type": "OIDC-groups", "any_one_of": ["cloud-users"]}]}]
RULES

IDP_DOMAIN=''
echo "cli-federation: admin creates the provider, the mapping and the protocol"
step "identity provider create corp --remote-id <issuer>" admin identity provider create corp --remote-id "$ISSUER" --enable -f json \
    && IDP_DOMAIN=$(json_get domain_id <<<"$OUT") || true
expect "  ... has its own domain" test -n "$IDP_DOMAIN"
step "identity provider show corp" admin identity provider show corp -f json \
    && expect "  ... enabled, remote id kept" contains "$OUT" "$ISSUER" || true
step "identity provider list" admin identity provider list -f value -c ID && expect "  ... lists corp" contains "$OUT" corp || true
step "mapping create --rules rules.json corp-map" admin mapping create --rules "$DATA/rules.json" corp-map -f json || true
step "mapping show corp-map" admin mapping show corp-map -f json && expect "  ... keeps the rules" contains "$OUT" cloud-users || true
printf '[{"local": [{"user": {"name": "x"}}]}]' > "$DATA/bad-rules.json"
printf '  %-62s ' "mapping create with rules lacking remote is refused"
if OUT=$(admin mapping create --rules "$DATA/bad-rules.json" bad-map 2>&1); then
    FAILED=$((FAILED + 1)); echo FAIL
elif contains "$OUT" "HTTP 400"; then PASSED=$((PASSED + 1)); echo PASS
else FAILED=$((FAILED + 1)); echo FAIL; sed 's/^/    err: /' <<<"$OUT" | head -n 5; fi
step "federation protocol create openid --identity-provider corp --mapping corp-map" \
    admin federation protocol create openid --identity-provider corp --mapping corp-map -f json || true
step "federation protocol list --identity-provider corp" admin federation protocol list --identity-provider corp -f value \
    && expect "  ... lists openid" contains "$OUT" openid || true
step "service provider create sp2" admin service provider create sp2 --auth-url "https://sp2.example/identity/v3/OS-FEDERATION/identity_providers/corp/protocols/saml2/auth" \
    --service-provider-url "https://sp2.example/Shibboleth.sso/SAML2/ECP" -f json || true

echo "cli-federation: an OpenID Connect login (OS_AUTH_TYPE=v3oidcaccesstoken)"
JWT=$($OP token "$DATA" "$ISSUER" xloud alice cloud-users)
step "token issue (federated alice, scoped to fed-proj)" as_federated "$JWT" token issue -f json \
    && expect "  ... scoped to a project" test -n "$(json_get project_id <<<"$OUT")" || true
step "project list --my-projects (as alice)" as_federated "$JWT" project list --my-projects -f value -c Name \
    && expect "  ... lists fed-proj" contains "$OUT" fed-proj || true
step "user list --domain <provider's domain>" admin user list --domain "$IDP_DOMAIN" -f value -c Name \
    && expect "  ... shows the shadow user alice" contains "$OUT" alice || true
EXPIRED=$($OP token "$DATA" "$ISSUER" xloud alice cloud-users -3600)
printf '  %-62s ' "an expired provider token is refused (HTTP 401)"
if OUT=$(as_federated "$EXPIRED" token issue 2>&1); then
    FAILED=$((FAILED + 1)); echo FAIL
elif contains "$OUT" "401"; then PASSED=$((PASSED + 1)); echo PASS
else FAILED=$((FAILED + 1)); echo FAIL; sed 's/^/    err: /' <<<"$OUT" | head -n 5; fi

step "federation protocol delete openid" admin federation protocol delete --identity-provider corp openid || true
step "mapping delete corp-map" admin mapping delete corp-map || true
step "identity provider delete corp" admin identity provider delete corp || true

echo "cli-federation: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
