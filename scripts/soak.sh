#!/usr/bin/env bash
# Soak: `pipeline serve` on SQLite under mixed reads, writes and webhook deliveries for a long run.
# First the maximum rate this driver reaches (closed loop, 32 keep-alive connections, the same mix),
# then an open loop at 70% of it: 60% GET /v1/ideas/{id} on random demo ideas, 20%
# GET /v1/ideas?limit=50, 20% POST .../comments (each a durable commit and a webhook message to a
# local Python receiver answering 204). Every minute: the server's RSS and open descriptors, p50/p99
# and the rate of that minute, errors, webhooks received against comments acknowledged. At the end:
# RSS growth and p99 drift after warm-up, descriptors, deliveries, PASS/FAIL against the goals
# (RSS growth < 5%, p99 drift < 20%, descriptors flat within ±5, every comment delivered).
# The driver (scripts/soak.py, Python threads in 2 processes) shares the machine's cores with the
# server; the maximum is what this driver reaches on that machine, not the server's own ceiling.
# Not in CI. Exits 0 when a goal fails (it is a measurement); the figures say so.
#
# Usage: scripts/soak.sh [--minutes N] [--warmup-minutes W] [--max-seconds S] [--ideas I]
#   defaults 30, 5, 40 and the demo's 16 ideas; --ideas 2000 first submits ideas up to 2,000 so that
#   the comments spread over them (each demo idea otherwise gathers thousands of events).
#   PIPELINE=.build/release/pipeline (default) is the binary: build it first with
#   `swift build -c release --product pipeline`. WORKFLOWS=workflows (default) is the folder of
#   workflow files for `pipeline demo` and `pipeline serve`. Results: docs/benchmarks.md ("Soak").
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=30 warmup=5 max_seconds=40 ideas=0
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --warmup-minutes) warmup=$2; shift 2 ;;
        --max-seconds) max_seconds=$2; shift 2 ;;
        --ideas) ideas=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
pipeline=${PIPELINE:-.build/release/pipeline}
export PIPELINE_WORKFLOWS=${WORKFLOWS:-workflows}  # read by every pipeline command below
[ -x "$pipeline" ] || { echo "no $pipeline: swift build -c release --product pipeline" >&2; exit 1; }

work=$(mktemp -d)
serve_pid="" receiver_pid=""
cleanup() {
    for pid in $serve_pid $receiver_pid; do kill "$pid" 2>/dev/null || true; done
    for pid in $serve_pid $receiver_pid; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
hook_port=$(free_port)
db=$work/soak.sqlite

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), $pipeline, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$pipeline" demo --database "$db" >/dev/null
token=$("$pipeline" tokens create --database "$db" --name soak --role facilitator --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

python3 scripts/soak.py receive --port "$hook_port" >"$work/receiver.log" 2>&1 &
receiver_pid=$!
"$pipeline" webhooks create --database "$db" --url "http://127.0.0.1:$hook_port/hook" \
    --webhook-allow-network 127.0.0.0/8 >/dev/null

"$pipeline" serve --database "$db" --port "$port" --webhook-allow-network 127.0.0.0/8 >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && curl -sf "http://127.0.0.1:$hook_port/count" >/dev/null && break
    kill -0 "$serve_pid" 2>/dev/null || { echo "pipeline serve exited:"; cat "$work/serve.log"; exit 1; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "pipeline serve did not answer"; cat "$work/serve.log"; exit 1; }

python3 scripts/soak.py run --base "http://127.0.0.1:$port" --token "$token" --pid "$serve_pid" \
    --receiver "http://127.0.0.1:$hook_port" --minutes "$minutes" --warmup-minutes "$warmup" \
    --max-seconds "$max_seconds" --ideas "$ideas"
echo "# database at the end: $(du -h "$db" | cut -f1) (+ WAL $(du -h "$db-wal" 2>/dev/null | cut -f1 || echo 0))"
if grep -qiE ' (error|critical) ' "$work/serve.log"; then
    echo "# server log, errors:"; grep -iE ' (error|critical) ' "$work/serve.log" | tail -20
fi
