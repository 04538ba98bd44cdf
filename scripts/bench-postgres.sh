#!/usr/bin/env bash
# PostgreSQL beside SQLite, side by side in one run on this machine:
#   commands per second (1 and 64 clients) on SQLite, on PostgreSQL with 1 and with 2 instances;
#   webhook deliveries per second to a local nginx answering 204, the same three ways;
#   the outbox drain beside pgbench running the claim and record statements alone (scripts/pgbench-claim.sql).
# An "instance" is a store with its own connection pool and its own delivery loops, as a
# `pipeline serve` process has; here they share one benchmark process.
# Usage: scripts/with-postgres.sh scripts/bench-postgres.sh     (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${PIPELINE_TEST_POSTGRES_URL:-}" ] || { echo "run me through scripts/with-postgres.sh" >&2; exit 2; }
swift build -c release --product pipeline-bench
bench=.build/release/pipeline-bench
EVENTS=${EVENTS:-30000}
work=$(mktemp -d)
nginx_pid=""
trap 'kill $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/local-nginx.sh
start_nginx "$work" 18084
url=http://127.0.0.1:18084/hook
server=$PIPELINE_TEST_POSTGRES_URL
newdb() {  # a new empty database; prints its URL
    local name="bench_$(date +%s%N)"
    psql "$server" -qc "CREATE DATABASE $name" >/dev/null
    echo "${server%/*}/$name"
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(psql "$server" -tAc 'SHOW server_version' | cut -d' ' -f1) and SQLite"

echo "## commands per second"
echo "SQLite:"; $bench commands --count 4000 --clients 64 --runs 3 --folder "$work" | grep "commands per second"
echo "PostgreSQL, 1 instance:"; $bench commands --count 4000 --clients 64 --runs 3 --database "$(newdb)" | grep "commands per second"
echo "PostgreSQL, 2 instances:"; $bench commands --count 4000 --clients 64 --runs 3 --database "$(newdb)" --instances 2 | grep "commands per second"

echo "## deliveries per second ($EVENTS messages)"
$bench deliver --events "$EVENTS" --url "$url" --folder "$work" | sed 's/^pipeline/SQLite/'
$bench deliver --events "$EVENTS" --url "$url" --database "$(newdb)" | sed 's/^pipeline/PostgreSQL/'
$bench deliver --events "$EVENTS" --url "$url" --database "$(newdb)" --instances 2 | sed 's/^pipeline/PostgreSQL/'

echo "## the claim and record statements alone (pgbench, 2 clients, 32 rows per transaction)"
db=$(newdb)
$bench deliver --events "$EVENTS" --url "$url" --database "$db" --seed-only >/dev/null
psql "$db" -qc "VACUUM ANALYZE" >/dev/null
start=$(date +%s.%N)
pgbench -n -M simple -c 2 -j 2 -t $((EVENTS / 32 / 2 + 2)) -f scripts/pgbench-claim.sql "$db" >/dev/null
end=$(date +%s.%N)
drained=$(psql "$db" -tAc "SELECT count(*) FROM outbox WHERE status = 'delivered'")
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'pgbench claim and record: {n} rows in {s:.2f} s = {int(n/s)}/s')" "$start" "$end" "$drained"
