#!/usr/bin/env bash
# Sourced helpers to run an Xloud server in the background for tests and benchmarks.
#   xloud_free_port                         print a free TCP port on 127.0.0.1
#   xloud_ensure_jar                        build the server jar if missing or older than the sources
#   xloud_start_bg DATA_DIR PORT [K=V ...]  start `serve` in the background, wait for /healthz
#   xloud_stop_bg [PID]                     SIGTERM, wait (SIGKILL after XLOUD_STOP_TIMEOUT s)
# After xloud_start_bg: XLOUD_PID, XLOUD_URL (http://127.0.0.1:PORT), XLOUD_AUTH_URL,
# XLOUD_DATA, XLOUD_LOG; the pid is also written to DATA_DIR/server.pid.
# The admin password is XLOUD_ADMIN_PASSWORD (default `secret`, what tempest's harness expects).
# Needs JAVA_HOME >= 21 (scripts/lib/java.sh) and curl.

XLOUD_ROOT=${XLOUD_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# XLOUD_JAR may point at a prebuilt jar; then it is used as it is, never rebuilt.
XLOUD_JAR_GIVEN=${XLOUD_JAR:+1}
XLOUD_JAR=${XLOUD_JAR:-$XLOUD_ROOT/xloud-server/target/xloud-server.jar}
: "${XLOUD_ADMIN_PASSWORD:=secret}"
: "${XLOUD_START_TIMEOUT:=60}" "${XLOUD_STOP_TIMEOUT:=30}"
XLOUD_PID=''

xloud_free_port() {
    # Bind port 0 and report what the kernel picked; Debian's python so pyenv shims don't matter.
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

xloud_ensure_jar() {
    # Same rule as ./xloud: rebuild when the jar is missing or any source/pom is newer.
    if [ -n "$XLOUD_JAR_GIVEN" ]; then
        [ -f "$XLOUD_JAR" ] || { echo "XLOUD_JAR=$XLOUD_JAR does not exist" >&2; return 1; }
        return 0
    fi
    if [ ! -f "$XLOUD_JAR" ] || [ -n "$(cd "$XLOUD_ROOT" && find ./*/src pom.xml ./*/pom.xml -newer "$XLOUD_JAR" -type f -print -quit 2>/dev/null)" ]; then
        echo "building Xloud..." >&2
        (cd "$XLOUD_ROOT" && ./mvnw -B -q -DskipTests package) >&2 || { echo "build failed" >&2; return 1; }
    fi
}

# Launch without waiting (bench-identity.sh times start-up itself). Sets XLOUD_PID etc.
xloud_launch_bg() {
    local data=$1 port=$2
    shift 2
    [ -f "$XLOUD_JAR" ] || { echo "no $XLOUD_JAR; build with ./mvnw -B -q -DskipTests package" >&2; return 1; }
    mkdir -p "$data"
    XLOUD_DATA=$(cd "$data" && pwd)
    XLOUD_URL=http://127.0.0.1:$port
    XLOUD_AUTH_URL=$XLOUD_URL/identity/v3
    XLOUD_LOG=$XLOUD_DATA/server.log
    # Extra args are KEY=VALUE env settings (e.g. XLOUD_IDENTITY_LOCKOUT_FAILURE_ATTEMPTS=2).
    # env execs java, so $! is the java pid. JAVA_OPTS holds several flags: unquoted on purpose.
    # shellcheck disable=SC2086
    env XLOUD_ADMIN_PASSWORD="$XLOUD_ADMIN_PASSWORD" "$@" \
        "$JAVA_HOME/bin/java" $(xloud_jvm_opts "$XLOUD_JAR") ${JAVA_OPTS:-} -jar "$XLOUD_JAR" serve \
        --listen "127.0.0.1:$port" --data-dir "$XLOUD_DATA" --public-url "$XLOUD_URL" \
        >>"$XLOUD_LOG" 2>&1 </dev/null &
    XLOUD_PID=$!
    echo "$XLOUD_PID" > "$XLOUD_DATA/server.pid"
    export XLOUD_PID XLOUD_URL XLOUD_AUTH_URL XLOUD_DATA XLOUD_LOG
}

xloud_start_bg() {
    [ $# -ge 2 ] || { echo "usage: xloud_start_bg DATA_DIR PORT [KEY=VALUE ...]" >&2; return 2; }
    xloud_launch_bg "$@" || return 1
    local deadline=$((SECONDS + XLOUD_START_TIMEOUT))
    until curl -fsS -o /dev/null --max-time 2 "$XLOUD_URL/healthz" 2>/dev/null; do
        if ! kill -0 "$XLOUD_PID" 2>/dev/null; then
            echo "Xloud exited during start-up; last lines of $XLOUD_LOG:" >&2
            tail -n 40 "$XLOUD_LOG" >&2
            XLOUD_PID=''
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "Xloud not healthy after ${XLOUD_START_TIMEOUT}s; last lines of $XLOUD_LOG:" >&2
            tail -n 40 "$XLOUD_LOG" >&2
            xloud_stop_bg "$XLOUD_PID"
            return 1
        fi
        sleep 0.2
    done
    echo "Xloud up: $XLOUD_URL (pid $XLOUD_PID, data $XLOUD_DATA)" >&2
}

xloud_stop_bg() {
    local pid=${1:-$XLOUD_PID} i
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < XLOUD_STOP_TIMEOUT * 10; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "Xloud pid $pid ignored SIGTERM for ${XLOUD_STOP_TIMEOUT}s; killing" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true     # reap it when it is our child
    [ "$pid" = "$XLOUD_PID" ] && XLOUD_PID=''
    return 0
}
