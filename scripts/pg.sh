#!/usr/bin/env bash
# Throwaway PostgreSQL for tests, from Debian's packages (apt-get install postgresql).
#   scripts/pg.sh start          init (first time) + start, idempotent; waits until ready
#   scripts/pg.sh stop           fast shutdown
#   scripts/pg.sh url            print the JDBC URL of database `xloud`
#   scripts/pg.sh createdb NAME  create database NAME owned by `xloud` (if absent), print its JDBC URL
#   scripts/pg.sh dropdb NAME    drop database NAME (if present)
#   scripts/pg.sh status | psql [ARGS] | destroy (stop and delete the directory)
# Env: XLOUD_PG_DIR (/tmp/xloud-pg), XLOUD_PG_PORT (55432).
# Login: user `xloud`, password `xloud` (auth is trust on 127.0.0.1 anyway).
# We avoid the packaged cluster on 5432 so tests never touch a real database and
# need no service manager (CI has no systemd).
set -euo pipefail

PG_DIR=${XLOUD_PG_DIR:-/tmp/xloud-pg}
PG_PORT=${XLOUD_PG_PORT:-55432}
PG_DATA=$PG_DIR/data
PG_HOST=127.0.0.1
PG_USER=xloud
PG_PASSWORD=xloud

die() { echo "pg.sh: $*" >&2; exit 1; }

# Newest installed server version (Debian keeps one dir per major version).
pg_bin() {
    local d
    d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n1)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        die "no PostgreSQL server found in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    fi
    echo "$d"
}
BIN=$(pg_bin)

# initdb and postgres refuse to run as root: run them as the `postgres` OS user then.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

# psql through the private unix socket in $PG_DIR, as the superuser `postgres`.
pg_sql() {
    as_pg env PGOPTIONS="-c client_min_messages=warning" "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

is_running() {
    [ -f "$PG_DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

init_cluster() {
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (it comes with the postgresql package)"
        chown postgres:postgres "$PG_DIR"
        runuser -u postgres -- test -w "$PG_DIR" \
            || die "user postgres cannot reach $PG_DIR (a parent folder is private?); choose another XLOUD_PG_DIR"
    fi
    chmod 700 "$PG_DIR"
    echo "pg.sh: initdb in $PG_DATA ($("$BIN/postgres" --version))" >&2
    as_pg "$BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    # Test-only tuning: durability off (data is disposable), room for many pools in parallel tests.
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF

# --- xloud throwaway test instance ---
listen_addresses = '$PG_HOST'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
CONF
}

start() {
    [ -f "$PG_DATA/PG_VERSION" ] || init_cluster
    if ! is_running; then
        # Port and socket dir on the command line, so XLOUD_PG_PORT can change between runs.
        as_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=$PG_HOST" start >/dev/null \
            || { tail -n 30 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start (port $PG_PORT busy?)"; }
    fi
    local i
    for i in $(seq 1 60); do
        "$BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" && break
        [ "$i" = 60 ] && die "PostgreSQL not ready on $PG_HOST:$PG_PORT after 60s"
        sleep 1
    done
    # Role and database, created once.
    if [ -z "$(pg_sql -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" ]; then
        pg_sql -c "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    ensure_db xloud
    echo "pg.sh: PostgreSQL ready at $PG_HOST:$PG_PORT ($PG_DIR)" >&2
}

ensure_db() {
    local name=$1
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad database name: $name"
    if [ -z "$(pg_sql -tA -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
        pg_sql -c "CREATE DATABASE \"$name\" OWNER $PG_USER"
    fi
}

url() { echo "jdbc:postgresql://$PG_HOST:$PG_PORT/${1:-xloud}"; }

stop() {
    if is_running; then
        as_pg "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
        echo "pg.sh: stopped" >&2
    fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
    start) start ;;
    stop) stop ;;
    url) url ;;
    createdb)
        [ $# = 1 ] || die "usage: pg.sh createdb NAME"
        is_running || die "not running; run 'scripts/pg.sh start' first"
        ensure_db "$1"
        url "$1" ;;
    dropdb)
        [ $# = 1 ] || die "usage: pg.sh dropdb NAME"
        [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad database name: $1"
        pg_sql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" ;;
    status)
        if is_running; then echo "running on $PG_HOST:$PG_PORT ($PG_DIR)"; else echo "stopped"; exit 3; fi ;;
    psql) pg_sql "$@" ;;
    destroy) stop; rm -rf "$PG_DIR" ;;
    *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
