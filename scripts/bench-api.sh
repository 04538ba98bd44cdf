#!/usr/bin/env bash
# The API under load: wrk against GET /v1/ideas/{id} and POST decisions and comments on a release
# build with 100,000 ideas, and against an nginx that answers 200 on the same machine (the ceiling).
# Prints the figures for docs/benchmarks.md. Uses ports 18080 and 18081 on 127.0.0.1 only.
# SCRATCH: the build folder (default .build); PIPELINE: another `pipeline` binary to serve with
# (e.g. a copy of an earlier build, to compare side by side; built from this tree when unset);
# READS_ONLY=1: only nginx and the two reads, no writes; SEEDED: a database seeded before to copy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
SCRATCH=${SCRATCH:-.build}
if [ -z "${PIPELINE:-}" ]; then swift build -c release --product pipeline --scratch-path "$SCRATCH"; fi
if [ -z "${PIPELINE:-}" ] || [ ! -x "$SCRATCH/release/pipeline-bench" ]; then
    swift build -c release --product pipeline-bench --scratch-path "$SCRATCH"
fi
PIPELINE=${PIPELINE:-$SCRATCH/release/pipeline}
work=$(mktemp -d)
trap 'kill $server $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
export IDEAS=${IDEAS:-100000}  # also read by scripts/wrk-comments.lua
DURATION=${DURATION:-15s}
if [ -n "${SEEDED:-}" ]; then
    # A copy of a database seeded before with the same IDEAS (its -wal and -shm beside it).
    for file in "$SEEDED" "$SEEDED-wal" "$SEEDED-shm"; do
        [ ! -e "$file" ] || cp "$file" "$work/p.sqlite${file#"$SEEDED"}"
    done
else
    "$SCRATCH/release/pipeline-bench" seed --database "$work/p.sqlite" --ideas "$IDEAS"
fi
token=$("$PIPELINE" tokens create --database "$work/p.sqlite" --name bench --role facilitator --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$PIPELINE" serve --database "$work/p.sqlite" --port 18080 > "$work/server.log" 2>&1 &
server=$!
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server { listen 127.0.0.1:18081; location / { return 200 "ok"; } }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
nginx_pid=$!
sleep 2
id=seed050000
[ "$IDEAS" -gt 50000 ] || id=seed000001
auth="Authorization: Bearer $token"
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
LUA
run() { echo "## $1"; shift; wrk "$@" | grep -E "Requests/sec|99%|Latency  |Non-2xx"; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $IDEAS ideas, wrk -t2 -c32 -d$DURATION"
run "nginx return 200 (ceiling)" -t2 -c32 -d"$DURATION" --latency http://127.0.0.1:18081/
run "GET /v1/ideas/{id}" -t2 -c32 -d"$DURATION" --latency -H "$auth" "http://127.0.0.1:18080/v1/ideas/$id"
run "GET /v1/ideas?stage=proposal&limit=50" -t2 -c32 -d"$DURATION" --latency -H "$auth" \
    "http://127.0.0.1:18080/v1/ideas?stage=proposal&limit=50"
if [ -n "${READS_ONLY:-}" ]; then
    echo "## server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
    exit 0
fi
BODY='{"decision": "go"}' run "POST /v1/ideas/{id}/decisions go (refused by the gate: 409)" -t2 -c32 -d"$DURATION" \
    --latency -H "$auth" -s "$work/post.lua" "http://127.0.0.1:18080/v1/ideas/$id/decisions"
run "POST /v1/ideas/{id}/comments on random ideas (a durable write each)" -t2 -c32 -d"$DURATION" \
    --latency -H "$auth" -s scripts/wrk-comments.lua "http://127.0.0.1:18080/"
echo "## server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
