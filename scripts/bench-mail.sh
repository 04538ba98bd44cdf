#!/usr/bin/env bash
# Notification mail, side by side in one run, all to one SMTP sink on 127.0.0.1
# (scripts/smtp-sink.py --discard: it takes every message and keeps nothing):
#   1. pipeline: COUNT notifications in the queue of a SQLite store, drained by MailDelivery rounds
#      as `pipeline serve` runs them (claim 64, compose, send over 4 connections, record);
#   2. Python smtplib: the same messages (exported as .eml files) over one connection, one after another;
#   3. curl --parallel --parallel-max 4: the same messages, one transfer each.
# Usage: COUNT=5000 RUNS=3 scripts/bench-mail.sh   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5000}
RUNS=${RUNS:-3}
bench=${PIPELINE_BENCH:-.build/release/pipeline-bench}
if [ -z "${PIPELINE_BENCH:-}" ]; then swift build -c release --product pipeline-bench; fi
work=$(mktemp -d)
sink_pid=""
trap 'kill $sink_pid 2>/dev/null || true; rm -rf "$work"' EXIT
python3 scripts/smtp-sink.py --port 0 --folder "$work/sink" --discard > "$work/sink.out" 2>"$work/sink.err" &
sink_pid=$!
for _ in $(seq 100); do grep -q listening "$work/sink.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -E 's/.*:([0-9]+)$/\1/' "$work/sink.out" | head -1)
url="smtp://127.0.0.1:$port"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), $COUNT messages to smtp-sink.py --discard on 127.0.0.1, $RUNS runs"

"$bench" mail --count "$COUNT" --smtp-url "$url" --export "$work/messages" --folder "$work" >/dev/null
for run in $(seq "$RUNS"); do
    echo "## run $run"
    "$bench" mail --count "$COUNT" --smtp-url "$url" --folder "$work"

    python3 - "$work/messages/envelopes.txt" "$port" <<'PY'
import smtplib, sys, time
envelopes, port = sys.argv[1], int(sys.argv[2])
messages = [(path, rcpt, open(path, "rb").read()) for path, rcpt in (line.split() for line in open(envelopes))]
start = time.monotonic()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for _, rcpt, data in messages:
        smtp.sendmail("pipeline@example.org", [rcpt], data)
seconds = time.monotonic() - start
print(f"python smtplib, 1 connection: {len(messages)} messages in {seconds:.2f} s = {int(len(messages) / seconds)}/s")
PY

    start=$(date +%s.%N)
    curl --silent --show-error --no-progress-meter --parallel --parallel-max 4 -K "$work/messages/curl.cfg" 2>"$work/curl.err" || echo "curl exited with $?"
    end=$(date +%s.%N)
    failed=$(grep -c . "$work/curl.err" || true)
    if [ "$failed" != 0 ]; then head -3 "$work/curl.err"; fi
    python3 -c "import sys; n, s, e, f = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]; print(f'curl --parallel-max 4: {n} messages in {e - s:.2f} s = {int(n / (e - s))}/s, error lines {f}')" \
        "$COUNT" "$start" "$end" "$failed"
done
