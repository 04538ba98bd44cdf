#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL server, for the PostgreSQL store tests:
#   scripts/with-postgres.sh swift test --skip-build
# The server listens on 127.0.0.1 only, on a free port, with its data and socket in a fresh
# temporary folder; COMMAND sees PIPELINE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres.
# The server is stopped and its folder removed when this script ends, however it ends.
# Missing PostgreSQL is installed with apt-get when we are root; when it cannot be had, COMMAND
# runs without the variable after a line saying "PostgreSQL tests SKIPPED: <why>".
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi

# skip WHY COMMAND...: runs COMMAND without a server, saying why.
skip() {
    echo "PostgreSQL tests SKIPPED: $1" >&2
    shift
    unset PIPELINE_TEST_POSTGRES_URL
    exec "$@"
}

# The server's programs: initdb, pg_ctl and postgres of one version, the newest installed.
find_bin() {
    local candidate
    candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
        echo "$candidate"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
    fi
}

bin=$(find_bin)
if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        skip "PostgreSQL is not installed and only root can install it (apt-get install postgresql)" "$@"
    fi
    echo "installing PostgreSQL with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }; then
        skip "apt-get could not install postgresql" "$@"
    fi
    bin=$(find_bin)
    [ -n "$bin" ] || skip "postgresql was installed but initdb is not under /usr/lib/postgresql/*/bin" "$@"
fi

# initdb and the server refuse to run as root: as root they run as the postgres user.
as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    as_server_user=(runuser -u postgres --)
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-postgres.XXXXXX")
data="$folder/data"
started=""
cleanup() {
    local status=$?
    if [ -n "$started" ]; then
        "${as_server_user[@]}" "$bin/pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 ||
            "${as_server_user[@]}" "$bin/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -ne 0 ] || chown postgres: "$folder"
chmod 700 "$folder"
"${as_server_user[@]}" "$bin/initdb" -D "$data" -U postgres -A trust --encoding=UTF8 --locale=C >"$folder/initdb.log" 2>&1 ||
    { cat "$folder/initdb.log" >&2; echo "error: initdb failed" >&2; exit 1; }

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    else
        echo $((20000 + RANDOM % 40000))
    fi
}

# A port taken between choosing and starting makes the start fail: choose again, a few times.
# Enough connections for the store tests, which run in parallel, each store with its own pool.
for try in 1 2 3 4 5; do
    port=$(free_port)
    if "${as_server_user[@]}" "$bin/pg_ctl" start -D "$data" -w -t 60 -l "$folder/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c max_connections=1000" >/dev/null; then
        started=yes
        break
    fi
done
if [ -z "$started" ]; then
    cat "$folder/server.log" >&2 || true
    echo "error: PostgreSQL did not start" >&2
    exit 1
fi

# This throwaway server has no TLS: sslmode=disable spares every store's client the parsing of
# the system's CA bundle on its first connection (the default, prefer, keeps one test of its own).
export PIPELINE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
# Not exec: the trap must stop the server when COMMAND ends.
"$@"
