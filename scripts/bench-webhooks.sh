#!/usr/bin/env bash
# Webhook deliveries per second to a local nginx answering 204 (127.0.0.1 only).
# The side-by-side runs with curl --parallel and aiohttp are still to be added.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
command -v nginx >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx; }
swift build -c release --product pipeline-bench
EVENTS=${EVENTS:-100000}
work=$(mktemp -d)
trap 'kill $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:18082; location / { return 204; } } }
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
nginx_pid=$!
sleep 1
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $EVENTS messages to nginx return 204 on 127.0.0.1"
.build/release/pipeline-bench deliver --events "$EVENTS" --window 64 --url http://127.0.0.1:18082/hook --folder "$work"
