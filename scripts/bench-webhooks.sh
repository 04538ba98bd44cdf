#!/usr/bin/env bash
# Webhook delivery, side by side in one run, all to one nginx answering 204 on 127.0.0.1:
#   1. pipeline's delivery loops (one per core, as `pipeline serve` runs them) draining EVENTS messages;
#   2. curl --parallel --parallel-max 64 sending the same signed requests;
#   3. a Python aiohttp sender with 64 connections sending the same signed requests;
#   4. commit-to-delivery latency while commands arrive at half of run 1's rate;
#   5. peak RSS of `pipeline serve` draining 1,000 and BACKLOG pending messages.
# Usage: EVENTS=100000 BACKLOG=1000000 scripts/bench-webhooks.sh   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
python3 -c "import aiohttp" 2>/dev/null || python3 -m pip install -q aiohttp
swift build -c release --product pipeline-bench
swift build -c release --product pipeline
EVENTS=${EVENTS:-100000}
BACKLOG=${BACKLOG:-1000000}
bench=.build/release/pipeline-bench
pipeline=.build/release/pipeline
work=$(mktemp -d)
nginx_pid=""; serve_pid=""
trap 'kill $nginx_pid $serve_pid 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/local-nginx.sh
start_nginx "$work" 18082
url=http://127.0.0.1:18082/hook
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $EVENTS messages to nginx return 204 on 127.0.0.1"

pipeline_line=$($bench deliver --events "$EVENTS" --url "$url" --folder "$work")
echo "$pipeline_line"

$bench deliver --events "$EVENTS" --url "$url" --folder "$work" --export "$work/requests" >/dev/null
start=$(date +%s.%N)
timeout 900 curl --parallel --parallel-max 64 --parallel-immediate -K "$work/requests/curl.cfg" \
    > "$work/curl-codes.txt" 2>/dev/null || echo "curl exited with $?"
end=$(date +%s.%N)
python3 - "$start" "$end" "$work/curl-codes.txt" <<'PY'
import sys
start, end, path = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
codes = [line.strip() for line in open(path) if line.strip()]
ok = sum(1 for c in codes if c.startswith("2"))
print(f"curl --parallel-max 64: {len(codes)} requests in {end - start:.2f} s = {int(len(codes) / (end - start))}/s, failed {len(codes) - ok}")
PY
timeout 900 python3 scripts/aiohttp-sender.py "$work/requests/requests.jsonl" 64

rate=$(echo "$pipeline_line" | sed -E 's/.* = ([0-9]+)\/s.*/\1/')
$bench deliver --url "$url" --folder "$work" --rate $((rate / 2))

# Memory with a backlog: the server holds only its window, whatever waits in the outbox.
rss() {  # rss PENDING: peak RSS (kB) of `pipeline serve` while it drains PENDING messages (at most 60 s)
    local db="$work/rss-$1.sqlite" port=18090
    $pipeline webhooks create --database "$db" --url "$url" --webhook-allow-network 127.0.0.0/8 >/dev/null
    python3 - "$db" "$1" <<'PY'
import sqlite3, sys
db, count = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
body = '{"data":{"idea":"%s","sequence":1,"stage_after":"voorstel"},"timestamp":"2026-11-23T12:00:00.000Z","type":"idea.submitted"}'
sub = db.execute("SELECT id FROM subscriptions").fetchone()[0]
db.executemany(
    "INSERT INTO outbox (subscription_id, event_position, idea_id, sequence, type, next_attempt_at, created_at, payload)"
    " VALUES (?, NULL, ?, 1, 'idea.submitted', 0, 0, ?)",
    ((sub, f"i{n}", (body % f"i{n}") + " " * 400) for n in range(count)))
db.commit()
PY
    $pipeline serve --database "$db" --port $port --webhook-allow-network 127.0.0.0/8 >/dev/null 2>&1 &
    serve_pid=$!
    local peak=0 left=1 deadline=$((SECONDS + 60))
    while [ "$left" -gt 0 ] && [ $SECONDS -lt $deadline ]; do
        sleep 0.5
        peak=$(awk '/VmHWM/ {print $2}' /proc/$serve_pid/status)
        left=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM outbox WHERE status != 'delivered'\").fetchone()[0])" "$db")
    done
    kill $serve_pid; wait $serve_pid 2>/dev/null || true; serve_pid=""
    echo "pipeline serve with $1 pending: peak RSS $((peak / 1024)) MB, $left still pending after the run"
}
rss 1000
rss "$BACKLOG"
