#!/usr/bin/env bash
# The networking seed's topology with the real `openstack` CLI (Debian's python3-openstackclient) against a
# fresh Xloud, as a project member: network, subnet, router with a gateway on `public`, interface, security
# group with rules, port, a trunk with a subport, floating IP associated and released; then everything deleted again.
# Output: one line per step, then `cli-network: N passed, N failed`; exit 1 on any failure.
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
[ -x "$OSC" ] || { echo "cli-network: $OSC missing (apt-get install python3-openstackclient)" >&2; exit 1; }
clean_client_env
xloud_find_java
xloud_ensure_jar

DATA=$(mktemp -d /tmp/xloud-cli-net.XXXXXX)
STEP_ERR=$DATA/step.err
PORT=$(xloud_free_port)
cleanup() {
    local rc=$?
    xloud_stop_bg
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ] || [ "${KEEP_DATA:-0}" = 1 ]; then
        echo "cli-network: data dir and server log kept in $DATA"
    else
        rm -rf "$DATA"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "cli-network: starting Xloud on 127.0.0.1:$PORT (data $DATA)"
xloud_start_bg "$DATA" "$PORT"

export OS_CLIENT_CONFIG_FILE=$DATA/clouds.yaml
admin() { timeout 120 "$OSC" --os-cloud xloud "$@"; }
EMPTY_CLOUDS=$DATA/no-clouds.yaml
echo 'clouds: {}' > "$EMPTY_CLOUDS"
PW='Cli-net-Passw0rd!'
user() {  # user USER PROJECT CMD...
    local u=$1 p=$2
    shift 2
    env OS_CLIENT_CONFIG_FILE="$EMPTY_CLOUDS" OS_AUTH_URL="$XLOUD_AUTH_URL" OS_IDENTITY_API_VERSION=3 \
        OS_REGION_NAME=RegionOne OS_INTERFACE=public OS_AUTH_TYPE=password OS_USERNAME="$u" OS_PASSWORD="$PW" \
        OS_USER_DOMAIN_NAME=Default OS_PROJECT_NAME="$p" OS_PROJECT_DOMAIN_NAME=Default timeout 120 "$OSC" "$@"
}
me() { user net-user net-proj "$@"; }
other() { user net-other net-other-proj "$@"; }
refused() { ! "$@" >/dev/null 2>&1; }
field() { /usr/bin/python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"; }

setup() {
    admin project create net-proj >/dev/null && admin project create net-other-proj >/dev/null \
        && admin user create net-user --password "$PW" >/dev/null && admin user create net-other --password "$PW" >/dev/null \
        && admin role add --project net-proj --user net-user member \
        && admin role add --project net-other-proj --user net-other member
}
echo "cli-network: set-up"
step "projects, users and member roles" setup || true
step "network list --external shows public" me network list --external -f value -c Name \
    && expect "  ... public" contains "$OUT" public || true

echo "cli-network: network, subnet, router"
NET='' SUBNET='' ROUTER='' PORT_ID='' FIP='' SG=''
step "network create app-net" me network create app-net -f json && NET=$(field id <<<"$OUT") || true
expect "  ... status ACTIVE" test "$(field status <<<"$OUT")" = ACTIVE
step "subnet create app-subnet 10.10.0.0/24" me subnet create app-subnet --network app-net --subnet-range 10.10.0.0/24 \
    --dns-nameserver 8.8.8.8 -f json && SUBNET=$(field id <<<"$OUT") || true
expect "  ... gateway 10.10.0.1" test "$(field gateway_ip <<<"$OUT")" = 10.10.0.1
step "subnet create refuses an overlapping range" refused me subnet create dup --network app-net --subnet-range 10.10.0.128/25 || true
step "router create app-router" me router create app-router -f json && ROUTER=$(field id <<<"$OUT") || true
step "router set --external-gateway public" me router set --external-gateway public app-router || true
step "router show: gateway on public with an address" me router show app-router -f json \
    && expect "  ... external_fixed_ips" contains "$(field external_gateway_info <<<"$OUT")" ip_address || true
step "router add subnet" me router add subnet app-router app-subnet || true
step "subnet delete refused while the router uses it" refused me subnet delete app-subnet || true

echo "cli-network: security group and port"
step "security group create web" me security group create web -f json && SG=$(field id <<<"$OUT") || true
step "security group rule create tcp 22" me security group rule create --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 web || true
step "security group rule create tcp 443" me security group rule create --protocol tcp --dst-port 443 web || true
step "duplicate rule refused" refused me security group rule create --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 web || true
step "security group rule list web (defaults + 2)" me security group rule list web -f value -c ID \
    && expect "  ... 4 rules" test "$(wc -l <<<"$OUT")" -eq 4 || true
step "port create app-port --fixed-ip ip-address=10.10.0.50" me port create app-port --network app-net \
    --fixed-ip subnet=app-subnet,ip-address=10.10.0.50 --security-group web -f json && PORT_ID=$(field id <<<"$OUT") || true
expect "  ... has 10.10.0.50" contains "$(field fixed_ips <<<"$OUT")" 10.10.0.50
step "port create with the same address refused" refused me port create clash --network app-net --fixed-ip subnet=app-subnet,ip-address=10.10.0.50 || true
step "port create (automatic address)" me port create auto-port --network app-net -f json \
    && expect "  ... an address in 10.10.0.0/24" contains "$(field fixed_ips <<<"$OUT")" "10.10.0." || true

echo "cli-network: QoS"
QOS=''
step "network qos policy create --share bw-limit (admin)" admin network qos policy create --share bw-limit -f json \
    && QOS=$(field id <<<"$OUT") || true
step "qos rule bandwidth-limit 10000 kbps" admin network qos rule create --type bandwidth-limit --max-kbps 10000 \
    --max-burst-kbits 1000 --egress bw-limit || true
step "qos rule dscp-marking 26" admin network qos rule create --type dscp-marking --dscp-mark 26 bw-limit || true
step "qos rule with an invalid DSCP mark refused" refused admin network qos rule create --type dscp-marking --dscp-mark 7 bw-limit || true
step "qos policy create refused to a member" refused me network qos policy create mine || true
step "port set --qos-policy bw-limit (member)" me port set --qos-policy bw-limit app-port || true
step "port show: qos_policy_id" me port show app-port -f value -c qos_policy_id && expect "  ... is bw-limit" test "$OUT" = "$QOS" || true

echo "cli-network: floating IP"
step "floating ip create public" me floating ip create public -f json && FIP=$(field id <<<"$OUT") || true
expect "  ... an address from public's subnet" test -n "$(field floating_ip_address <<<"$OUT")"
step "floating ip set --port app-port" me floating ip set --port app-port "$FIP" || true
step "floating ip show: fixed 10.10.0.50, router set" me floating ip show "$FIP" -f json \
    && expect "  ... fixed_ip_address 10.10.0.50" test "$(field fixed_ip_address <<<"$OUT")" = 10.10.0.50 \
    && expect "  ... router_id is app-router" test "$(field router_id <<<"$OUT")" = "$ROUTER" || true
step "floating ip unset --port" me floating ip unset --port "$FIP" || true
step "floating ip show: disassociated, still allocated" me floating ip show "$FIP" -f json \
    && expect "  ... port_id empty" test -z "$(field port_id <<<"$OUT")" || true

echo "cli-network: trunk"
step "network trunk create app-trunk (parent app-port, subport auto-port vlan 100)" me network trunk create app-trunk --parent-port app-port \
    --subport port=auto-port,segmentation-type=vlan,segmentation-id=100 -f json \
    && expect "  ... status DOWN (its parent is not bound)" test "$(field status <<<"$OUT")" = DOWN || true
step "network subport list --trunk app-trunk" me network subport list --trunk app-trunk -f value \
    && expect "  ... auto-port on vlan 100" contains "$OUT" "vlan 100" || true
step "port delete of a trunk's parent refused" refused me port delete app-port || true
step "network trunk unset --subport auto-port" me network trunk unset app-trunk --subport auto-port || true
step "network trunk set --subport auto-port vlan 101" me network trunk set app-trunk --subport port=auto-port,segmentation-type=vlan,segmentation-id=101 || true
step "network subport list: vlan 101" me network subport list --trunk app-trunk -f value \
    && expect "  ... auto-port on vlan 101" contains "$OUT" "vlan 101" || true
step "network trunk delete app-trunk" me network trunk delete app-trunk || true

echo "cli-network: isolation"
step "another project does not see app-net" refused other network show "$NET" || true
step "another project cannot delete app-port" refused other port delete "$PORT_ID" || true

echo "cli-network: tear-down"
step "floating ip delete" me floating ip delete "$FIP" || true
step "router delete refused while it has an interface" refused me router delete app-router || true
step "port unset --qos-policy" me port unset --qos-policy app-port || true
step "network qos policy delete (admin)" admin network qos policy delete bw-limit || true
step "port delete app-port auto-port" me port delete app-port auto-port || true
step "router remove subnet" me router remove subnet app-router app-subnet || true
step "router unset --external-gateway" me router unset --external-gateway app-router || true
step "router delete" me router delete app-router || true
step "security group delete web" me security group delete web || true
step "subnet delete" me subnet delete app-subnet || true
step "network delete" me network delete app-net || true
step "network list: only public remains visible" me network list -f value -c Name \
    && expect "  ... no app-net" refused contains "$OUT" app-net || true

echo "cli-network: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
