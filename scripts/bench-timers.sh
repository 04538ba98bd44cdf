#!/usr/bin/env bash
# Timers due at one moment (pipeline-bench timers): COUNT ideas whose reminders all come due at
# once, fired by the TimerRunner until none is left; fired per second and the latency from the due
# moment to each committed effect. Then the same with FUTURE timers due later in the table, and
# the process's RSS over rounds of fireDue that find nothing due. SQLite (a temporary file), and
# PostgreSQL when run through scripts/with-postgres.sh (a new database for each measurement).
#   scripts/with-postgres.sh scripts/bench-timers.sh     (results: docs/benchmarks.md, "Timers")
# PIPELINE_BENCH=path/to/pipeline-bench skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-10000}
FUTURE=${FUTURE:-1000000}
RUNS=${RUNS:-3}
if [ -z "${PIPELINE_BENCH:-}" ]; then
    swift build -c release --product pipeline-bench
    bench=.build/release/pipeline-bench
else
    bench=$PIPELINE_BENCH
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "## SQLite, $COUNT timers due at once"
"$bench" timers --count "$COUNT" --runs "$RUNS" --folder "$work" "$@"
echo "## SQLite, $FUTURE future timers first"
"$bench" timers --count "$COUNT" --runs "$RUNS" --folder "$work" --future "$FUTURE" "$@"

if [ -n "${PIPELINE_TEST_POSTGRES_URL:-}" ]; then
    server=$PIPELINE_TEST_POSTGRES_URL
    newdb() { # a new empty database; prints its URL
        local name="bench_timers_$(date +%s%N)"
        psql "$server" -qc "CREATE DATABASE $name" >/dev/null
        echo "${server%/*}/$name"
    }
    echo "## PostgreSQL $(psql "$server" -tAc 'SHOW server_version' | cut -d' ' -f1), $COUNT timers due at once"
    "$bench" timers --count "$COUNT" --runs "$RUNS" --database "$(newdb)" "$@"
    echo "## PostgreSQL, $FUTURE future timers first"
    "$bench" timers --count "$COUNT" --runs "$RUNS" --database "$(newdb)" --future "$FUTURE" "$@"
else
    echo "## PostgreSQL: skipped (run through scripts/with-postgres.sh)"
fi
