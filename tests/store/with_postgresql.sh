#!/usr/bin/env bash
# Runs COMMAND with a PostgreSQL server of its own (Debian's postgresql
# binaries): a new cluster in a temporary directory, listening only on a unix
# socket there (no TCP), fsync off; stopped and removed when COMMAND ends,
# however it ends. COMMAND finds it in HAMMER_TEST_POSTGRESQL, a libpq
# connection string, and psql in HAMMER_TEST_PSQL.
#
# PostgreSQL refuses to run as root: as root, the server runs as `nobody`
# (setpriv), and the files it writes are in a directory given to nobody.
# Without the server binaries the test is skipped (77) — except under CI=true,
# where that is a failure: CI must run these tests.
#
# Usage: with_postgresql.sh COMMAND [ARGS...]
set -uo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/install-deps.sh installs postgresql)" >&2
        exit 1
    fi
    echo "SKIP: no PostgreSQL server binaries here (apt-get install postgresql)" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hammer-pg-XXXXXX")
owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown nobody:nogroup "$work"
    owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
server_pid=
cleanup() {
    if [ -f "$work/data/postmaster.pid" ]; then
        "${owner[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate -w -t 20 stop >/dev/null 2>&1
    fi
    # The server this script started, by its PID, if pg_ctl could not stop it.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail_with_log() {
    echo "FAIL: $1" >&2
    cat "$work"/*.log >&2 2>/dev/null
    exit 1
}

# A port number names the socket file only: nothing listens on TCP.
port=5432
"${owner[@]}" "$bin/initdb" -D "$work/data" -U hammer --auth=trust --no-sync -E UTF8 --locale=C \
    >"$work/initdb.log" 2>&1 || fail_with_log "initdb"
"${owner[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $work -p $port -F" start >"$work/pg_ctl.log" 2>&1 || fail_with_log "pg_ctl start"
server_pid=$(head -n 1 "$work/data/postmaster.pid")
"$bin/createdb" -h "$work" -p "$port" -U hammer hammer >"$work/createdb.log" 2>&1 || fail_with_log "createdb"

export HAMMER_TEST_POSTGRESQL="host=$work port=$port dbname=hammer user=hammer"
export HAMMER_TEST_PSQL="$bin/psql"
"$@"
status=$?
exit "$status"
