#!/usr/bin/env bash
# Run Xloud in the background from a shell (for manual testing):
#   scripts/serve-bg.sh start [DATA_DIR] [PORT] [KEY=VALUE ...]   prints URL and pid, leaves it running
#   scripts/serve-bg.sh stop  [DATA_DIR]                          SIGTERM the pid in DATA_DIR/server.pid
#   scripts/serve-bg.sh port                                      print a free port
# DATA_DIR defaults to ./data, PORT to a free one. Scripts should source scripts/lib/server.sh instead.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
    start)
        xloud_find_java
        xloud_ensure_jar
        data=${1:-$ROOT/data}
        port=${2:-$(xloud_free_port)}
        shift $(($# > 2 ? 2 : $#))
        if [ -f "$data/server.pid" ] && kill -0 "$(cat "$data/server.pid")" 2>/dev/null; then
            echo "already running: pid $(cat "$data/server.pid") (data $data)" >&2
            exit 1
        fi
        xloud_start_bg "$data" "$port" "$@"
        echo "XLOUD_URL=$XLOUD_URL"
        echo "XLOUD_PID=$XLOUD_PID"
        echo "OS_CLIENT_CONFIG_FILE=$XLOUD_DATA/clouds.yaml  (openstack --os-cloud xloud ...)"
        ;;
    stop)
        data=${1:-$ROOT/data}
        [ -f "$data/server.pid" ] || { echo "no $data/server.pid" >&2; exit 1; }
        xloud_stop_bg "$(cat "$data/server.pid")"
        rm -f "$data/server.pid"
        ;;
    port) xloud_free_port ;;
    *) sed -n '2,7p' "$0" >&2; exit 2 ;;
esac
