#!/usr/bin/env bash
# Issue 18's goals, all measured in this one invocation, side by side with their peers and
# ceilings on the same machine, printed as one Markdown table (docs/benchmarks.md, "All goals in
# one run"):
#   reads          GET /v1/ideas/{id} and GET /v1/ideas?stage=proposal&limit=50 on IDEAS ideas vs
#                  nginx `return 200`, the same wrk settings (WRK) for all three; p99; peak RSS;
#                  for context, Hummingbird alone answering a constant (pipeline-bench floor)
#   durable writes POST /v1/ideas/{id}/comments on random ideas (wrk, 64 connections) vs the same
#                  command through CommandHandler in-process (64 clients) and vs a durable Python
#                  peer (scripts/durable-peer.py)
#   webhooks       the delivery loops draining EVENTS messages vs curl --parallel-max 64 sending
#                  the same signed requests, both to one local nginx answering 204
#   PostgreSQL     commands at 64 clients vs pgbench's TPC-B-like run; the outbox drain vs the
#                  claim-and-record statements alone (scripts/pgbench-claim.sql), three times
#   start-up       `pipeline serve` on START_IDEAS ideas: exec to the first 200 on /health
#   instructions   valgrind (cachegrind) instructions per gate evaluation, per command and per
#                  GET of one idea through pipeline serve
# Usage: scripts/bench-all.sh                 the issue's sizes (13 minutes on a busy 2-core machine)
#        QUICK=1 scripts/bench-all.sh         small sizes, short runs (a few minutes)
#        OUT=table.md SCRATCH=.build-x ...    also write the table to OUT; build in SCRATCH
# Sizes (env): IDEAS START_IDEAS DURATION (s) EVENTS PG_EVENTS PG_COMMANDS PG_RUNS PG_SECONDS
#              PGBENCH_SCALE OPS_GATES OPS_COMMANDS OPS_READS WRK STEP_TIMEOUT (s, a delivery run at most)
# Runs as root on Debian 12 (installs wrk, nginx, valgrind, PostgreSQL with apt-get when missing);
# uses 127.0.0.1 ports 18180-18189 and a temporary folder, and stops what it started on exit.
# A row that cannot be measured says why; a measurement that fails makes the script exit non-zero.
set -euo pipefail
[ -z "${OUT:-}" ] || OUT=$(realpath -m "$OUT")
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build}
bench=$SCRATCH/release/pipeline-bench
pipeline=$SCRATCH/release/pipeline
say() { echo "bench-all: $*" >&2; }
fail() { say "error: $*"; exit 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {r = a / b; printf (r < 0.01 ? "%.4f" : r < 0.1 ? "%.3f" : "%.2f"), r}'; }
atleast() { awk -v a="$1" -v b="$2" -v g="$3" 'BEGIN {print (a / b >= g ? "yes" : "**no**")}'; }
below() { awk -v a="$1" -v g="$2" 'BEGIN {print (a < g ? "yes" : "**no**")}'; }
wait_for() {  # wait_for URL SECONDS [CODE]: until URL answers CODE (200)
    local deadline=$((SECONDS + $2))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "${3:-200}" ]; do
        [ $SECONDS -lt $deadline ] || fail "$1 did not answer ${3:-200} within $2 s"
        sleep 0.005
    done
}

# --- The PostgreSQL part: run by this script through scripts/with-postgres.sh (see below). -----
if [ "${1:-}" = "--postgres-part" ]; then
    rows=$2 url=http://127.0.0.1:18184/hook
    if [ -z "${PIPELINE_TEST_POSTGRES_URL:-}" ]; then
        why="no PostgreSQL server (see scripts/with-postgres.sh's message above)"
        {
            echo "| PostgreSQL commands/s, 64 clients, vs pgbench TPC-B-like | not measured: $why | | | ≥ 0.5 | — |"
            echo "| PostgreSQL outbox drain, rows/s, vs claim-and-record ceiling | not measured: $why | | | ≥ 0.5 | — |"
        } > "$rows"
        exit 0
    fi
    server=$PIPELINE_TEST_POSTGRES_URL
    work=$(mktemp -d)
    nginx_pid=""
    trap 'kill $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
    source scripts/local-nginx.sh
    start_nginx "$work" 18184
    newdb() {  # newdb [TEMPLATE]: a new database (a copy of TEMPLATE); prints its URL
        local name="bench_$(date +%s%N)" from=""
        [ -z "${1:-}" ] || from="TEMPLATE ${1##*/}"
        for _ in 1 2 3 4 5 6 7 8 9 10; do  # a template must have no sessions: the last may be closing
            psql "$server" -qc "CREATE DATABASE $name $from" >/dev/null 2>"$work/psql.err" && { echo "${server%/*}/$name"; return; }
            sleep 1
        done
        cat "$work/psql.err" >&2; return 1
    }
    version=$(psql "$server" -tAc 'SHOW server_version' | cut -d' ' -f1)
    say "PostgreSQL $version: commands, $PG_COMMANDS per run, 64 clients, $PG_RUNS run(s)"
    line=$("$bench" commands --count "$PG_COMMANDS" --clients 64 --runs "$PG_RUNS" --database "$(newdb)" |
        grep "commands per second, 64 clients")
    say "$line"
    ours=$(echo "$line" | sed -E 's/.*clients: ([0-9]+).*/\1/')
    db=$(newdb)
    say "pgbench -i -s $PGBENCH_SCALE, then -c 64 -j 2 -T $PG_SECONDS"
    pgbench -i -q -s "$PGBENCH_SCALE" "$db" >"$work/pgbench-init.log" 2>&1 || { cat "$work/pgbench-init.log" >&2; exit 1; }
    tps=$(pgbench -n -c 64 -j 2 -T "$PG_SECONDS" "$db" 2>/dev/null | awk '/^tps/ {print int($3); exit}')
    [ -n "$tps" ] || fail "pgbench gave no tps"
    say "pgbench TPC-B-like: $tps tps"
    echo "| PostgreSQL $version commands/s, 64 clients (median of $PG_RUNS) vs pgbench TPC-B-like (scale $PGBENCH_SCALE, -c 64 -j 2, ${PG_SECONDS} s) | $ours | $tps tps | $(ratio "$ours" "$tps") | ≥ 0.5 | $(atleast "$ours" "$tps" 0.5) |" > "$rows"

    say "outbox: $PG_EVENTS messages queued once, each measurement on a fresh copy (CREATE DATABASE ... TEMPLATE)"
    seeded=$(newdb)
    "$bench" deliver --events "$PG_EVENTS" --url "$url" --database "$seeded" --seed-only >/dev/null
    psql "$seeded" -qc "VACUUM ANALYZE" >/dev/null
    wait_for "$url" 10 204
    line=$(timeout "$STEP_TIMEOUT" "$bench" deliver --seeded --events "$PG_EVENTS" --url "$url" --database "$(newdb "$seeded")") ||
        fail "pipeline-bench deliver failed or took over $STEP_TIMEOUT s (nginx on 18184 alive: $(kill -0 $nginx_pid 2>/dev/null && echo yes || echo no))"
    say "$line"
    drain=$(echo "$line" | sed -E 's/.* = ([0-9]+)\/s.*/\1/')
    rates=()
    for run in 1 2 3; do
        copy=$(newdb "$seeded")
        start=$(date +%s.%N)
        pgbench -n -M simple -c 2 -j 2 -t $((PG_EVENTS / 64 + 2)) -f scripts/pgbench-claim.sql "$copy" \
            >"$work/pgbench-claim.log" 2>&1 || { cat "$work/pgbench-claim.log" >&2; exit 1; }
        end=$(date +%s.%N)
        done_rows=$(psql "$copy" -tAc "SELECT count(*) FROM outbox WHERE status = 'delivered'")
        [ "$done_rows" -eq "$PG_EVENTS" ] || fail "pgbench-claim.sql delivered $done_rows of $PG_EVENTS rows"
        rates+=("$(awk -v n="$done_rows" -v s="$start" -v e="$end" 'BEGIN {print int(n / (e - s))}')")
        say "claim-and-record ceiling, run $run: ${rates[-1]} rows/s"
    done
    read -r median spread < <(printf '%s\n' "${rates[@]}" | sort -n |
        awk '{v[NR] = $1} END {printf "%d %.0f\n", v[2], (v[3] - v[1]) * 100 / v[2]}')
    stable="spread $spread%"; [ "$spread" -le 20 ] || stable="**spread $spread%, over 20%: unstable**"
    echo "| PostgreSQL outbox drain, rows/s ($PG_EVENTS messages, 1 instance × $(nproc) loops) vs claim-and-record ceiling (scripts/pgbench-claim.sql, -c 2; median of ${rates[*]}; $stable) | $drain | $median rows/s | $(ratio "$drain" "$median") | ≥ 0.5 | $(atleast "$drain" "$median" 0.5) |" >> "$rows"
    exit 0
fi

# --- Sizes ------------------------------------------------------------------------------------
if [ "${QUICK:-0}" = 1 ]; then
    : "${IDEAS:=5000}" "${START_IDEAS:=50000}" "${DURATION:=3}" "${EVENTS:=3000}" "${PG_EVENTS:=6000}"
    : "${PG_COMMANDS:=640}" "${PG_RUNS:=1}" "${PG_SECONDS:=3}" "${OPS_GATES:=2000}" "${OPS_COMMANDS:=20}" "${OPS_READS:=50}"
else
    : "${IDEAS:=100000}" "${START_IDEAS:=1000000}" "${DURATION:=15}" "${EVENTS:=100000}" "${PG_EVENTS:=30000}"
    : "${PG_COMMANDS:=4000}" "${PG_RUNS:=3}" "${PG_SECONDS:=15}" "${OPS_GATES:=20000}" "${OPS_COMMANDS:=200}" "${OPS_READS:=500}"
fi
: "${PGBENCH_SCALE:=1}" "${WRK:=-t1 -c32}" "${STEP_TIMEOUT:=1200}"
export STEP_TIMEOUT IDEAS START_IDEAS DURATION EVENTS PG_EVENTS PG_COMMANDS PG_RUNS PG_SECONDS PGBENCH_SCALE SCRATCH


# --- Tools -----------------------------------------------------------------------------------
# Everything missing in one apt-get run (one `apt-get update`): the build's packages (the list of
# scripts/install-system-packages.sh), the tools, and PostgreSQL (as scripts/with-postgres.sh finds it).
eval "$(grep '^PACKAGES=' scripts/install-system-packages.sh)"
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
for tool in wrk nginx valgrind curl; do command -v $tool >/dev/null || missing+=("$tool"); done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pgbench >/dev/null || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    say "installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null ||
        say "apt-get could not install all of ${missing[*]}: their rows say so"
fi
scripts/install-system-packages.sh
say "building release into $SCRATCH"
swift build -c release --product pipeline --scratch-path "$SCRATCH" >&2
swift build -c release --product pipeline-bench --scratch-path "$SCRATCH" >&2

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%MZ)
work=$(mktemp -d)
server="" nginx200="" nginx_pid="" floor=""
cleanup() {
    local status=$?
    kill $server $nginx200 $nginx_pid $floor 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# wrk_run NAME ARGS...: wrk with the common settings; sets rps and p99 (ms). Errors if any answer was not 2xx.
wrk_run() {
    local name=$1; shift
    wrk $WRK -d"${DURATION}s" --latency "$@" > "$work/wrk-$name.txt"
    ! grep -q "Non-2xx\|Socket errors" "$work/wrk-$name.txt" || { cat "$work/wrk-$name.txt" >&2; fail "$name: errors or non-2xx answers"; }
    rps=$(awk '/^Requests\/sec/ {print int($2)}' "$work/wrk-$name.txt")
    p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) sub(/ms$/, "", v);
        else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.2f", v}' "$work/wrk-$name.txt")
    say "$name: $rps requests/s, p99 $p99 ms"
}

# --- 1-3. Reads, memory, durable writes ----------------------------------------------------------
if command -v wrk >/dev/null && command -v nginx >/dev/null; then
    say "seeding $IDEAS ideas through the engine"
    "$bench" seed --database "$work/api.sqlite" --ideas "$IDEAS" >&2
    for file in "$work"/api.sqlite*; do cp "$file" "${file/api.sqlite/inproc.sqlite}"; done
    token=$("$pipeline" tokens create --database "$work/api.sqlite" --name bench --role facilitator --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    mkdir -p "$work/nginx200/logs"
    cat > "$work/nginx200/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx200/nginx.pid;
error_log $work/nginx200/logs/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:18181; location / { return 200 "ok"; } } }
CONF
    nginx -c "$work/nginx200/nginx.conf" -p "$work/nginx200" -g 'daemon off;' &
    nginx200=$!
    "$pipeline" serve --database "$work/api.sqlite" --port 18180 > "$work/server.log" 2>&1 &
    server=$!
    wait_for http://127.0.0.1:18180/health 120
    wait_for http://127.0.0.1:18181/ 10
    id=$(printf 'seed%06d' $((IDEAS / 2)))
    auth="Authorization: Bearer $token"
    list="/v1/ideas?stage=proposal&limit=50"
    listed=$(curl -s -H "$auth" "http://127.0.0.1:18180$list" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["ideas"]))')
    [ "$listed" = 50 ] || fail "$list listed $listed ideas, not 50"
    wrk_run nginx http://127.0.0.1:18181/
    nginx_rps=$rps nginx_p99=$p99
    # The framework alone (Hummingbird, one constant route, tasks on the event loops as in
    # pipeline serve): what no route of ours can beat here.
    "$bench" floor --port 18185 > "$work/floor.log" 2>&1 &
    floor=$!
    wait_for http://127.0.0.1:18185/ 30
    wrk_run floor http://127.0.0.1:18185/
    floor_rps=$rps
    kill $floor; wait $floor 2>/dev/null || true; floor=""
    row "context: Hummingbird alone, a constant \`200 ok\` (pipeline-bench floor), requests/s vs nginx \`return 200\`" "$floor_rps" "$nginx_rps" "$(ratio $floor_rps $nginx_rps)" "—" "—"
    wrk_run get -H "$auth" "http://127.0.0.1:18180/v1/ideas/$id"
    get_rps=$rps
    row "GET /v1/ideas/{id}, requests/s ($IDEAS ideas, wrk $WRK -d${DURATION}s) vs nginx \`return 200\`" "$rps" "$nginx_rps" "$(ratio $rps $nginx_rps)" "≥ 0.4" "$(atleast $rps $nginx_rps 0.4)"
    row "GET /v1/ideas/{id}, p99" "$p99 ms" "$nginx_p99 ms" "—" "< 5 ms" "$(below $p99 5)"
    row "context: GET /v1/ideas/{id} vs Hummingbird alone" "$get_rps" "$floor_rps" "$(ratio $get_rps $floor_rps)" "—" "—"
    wrk_run list -H "$auth" "http://127.0.0.1:18180$list"
    row "GET $list, requests/s vs nginx \`return 200\`" "$rps" "$nginx_rps" "$(ratio $rps $nginx_rps)" "≥ 0.4" "$(atleast $rps $nginx_rps 0.4)"
    row "GET $list, p99" "$p99 ms" "$nginx_p99 ms" "—" "< 5 ms" "$(below $p99 5)"
    rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$server/status)
    row "server peak RSS (VmHWM) after the reads" "$rss MB" "—" "—" "< 150 MB" "$(below $rss 150)"

    WRK="-t1 -c64" wrk_run comments -H "$auth" -s scripts/wrk-comments.lua http://127.0.0.1:18180/
    http_comments=$rps
    kill $server; wait $server 2>/dev/null || true; server=""
    line=$("$bench" comments --database "$work/inproc.sqlite" --ideas "$IDEAS" --clients 64 --seconds "$DURATION")
    say "$line"
    inproc=$(echo "$line" | sed -E 's/.*clients: ([0-9]+).*/\1/')
    line=$(python3 scripts/durable-peer.py "$work/peer.sqlite" "$IDEAS" "$DURATION")
    say "$line"
    peer=$(echo "$line" | sed -E 's/.* = ([0-9]+)\/s.*/\1/')
    row "POST /v1/ideas/{id}/comments on random ideas, durable, per second (wrk -t1 -c64) vs the same command through CommandHandler, 64 clients in-process" "$http_comments" "$inproc" "$(ratio $http_comments $inproc)" "≥ 0.8" "$(atleast $http_comments $inproc 0.8)"
    row "the same POST vs durable Python peer (scripts/durable-peer.py: sqlite3, WAL, synchronous=FULL, 64 threads)" "$http_comments" "$peer" "$(ratio $http_comments $peer)" "≥ 3" "$(atleast $http_comments $peer 3)"
    kill $nginx200; wait $nginx200 2>/dev/null || true; nginx200=""
else
    why="not measured: wrk or nginx missing (apt-get install wrk nginx failed)"
    row "GET /v1/ideas/{id}, requests/s vs nginx" "$why" "" "" "≥ 0.4" "—"
    row "GET /v1/ideas?stage=…, requests/s vs nginx" "$why" "" "" "≥ 0.4" "—"
    row "server peak RSS during the reads" "$why" "—" "—" "< 150 MB" "—"
    row "POST comments vs in-process and vs Python peer" "$why" "" "" "≥ 0.8, ≥ 3" "—"
fi

# --- 4. Webhook delivery -------------------------------------------------------------------------
if command -v nginx >/dev/null; then
    source scripts/local-nginx.sh
    start_nginx "$work" 18182
    url=http://127.0.0.1:18182/hook
    wait_for "$url" 10 204
    say "webhooks: $EVENTS messages"
    # A sink that stops answering would leave the loops retrying for ever: a time limit, and a
    # check that nginx still runs afterwards.
    line=$(timeout "$STEP_TIMEOUT" "$bench" deliver --events "$EVENTS" --url "$url" --folder "$work") ||
        fail "pipeline-bench deliver failed or took over $STEP_TIMEOUT s (nginx on 18182 alive: $(kill -0 $nginx_pid 2>/dev/null && echo yes || echo no))"
    say "$line"
    ours=$(echo "$line" | sed -E 's/.* = ([0-9]+)\/s.*/\1/')
    "$bench" deliver --events "$EVENTS" --url "$url" --folder "$work" --export "$work/requests" >/dev/null
    wait_for "$url" 10 204
    start=$(date +%s.%N)
    timeout "$STEP_TIMEOUT" curl --parallel --parallel-max 64 --parallel-immediate -K "$work/requests/curl.cfg" > "$work/curl-codes.txt" 2>/dev/null ||
        fail "curl exited with $?"
    end=$(date +%s.%N)
    read -r sent failed curl_rate < <(awk -v s="$start" -v e="$end" 'NF {n++; if ($1 !~ /^2/) f++}
        END {printf "%d %d %d\n", n, f, n / (e - s)}' "$work/curl-codes.txt")
    [ "$sent" -eq "$EVENTS" ] && [ "$failed" -eq 0 ] || fail "curl sent $sent of $EVENTS, $failed failed"
    say "curl --parallel-max 64: $curl_rate/s"
    row "webhook deliveries/s, $EVENTS messages to nginx 204 (pipeline's loops, $(nproc) × window 64) vs curl --parallel --parallel-max 64 -K, same signed requests" "$ours" "$curl_rate" "$(ratio $ours $curl_rate)" "≥ 1.0" "$(atleast $ours $curl_rate 1.0)"
    kill $nginx_pid; wait $nginx_pid 2>/dev/null || true; nginx_pid=""
else
    row "webhook deliveries/s vs curl" "not measured: nginx missing (apt-get install nginx failed)" "" "" "≥ 1.0" "—"
fi

# --- 5-6. PostgreSQL -----------------------------------------------------------------------------
say "PostgreSQL: a throwaway server through scripts/with-postgres.sh"
scripts/with-postgres.sh "$0" --postgres-part "$work/postgres-rows.md" >&2
while IFS= read -r line; do rows+=("$line"); done < "$work/postgres-rows.md"

# --- 7. Start-up -------------------------------------------------------------------------------
say "start-up: seeding $START_IDEAS ideas (150 through the engine, the rest copied: seed --bulk)"
"$bench" seed --bulk --database "$work/start.sqlite" --ideas "$START_IDEAS" >&2
probe=$(printf 'seed%06d' $((START_IDEAS - 1)))
"$pipeline" ideas show "$probe" --database "$work/start.sqlite" --actor bench --role facilitator > "$work/show.txt" ||
    fail "pipeline ideas show $probe cannot read a copied idea"
say "pipeline ideas show reads a copied idea: $(head -n1 "$work/show.txt")"
t0=$(date +%s%N)
"$pipeline" serve --database "$work/start.sqlite" --port 18183 > "$work/start.log" 2>&1 &
server=$!
wait_for http://127.0.0.1:18183/health 120
t1=$(date +%s%N)
kill $server; wait $server 2>/dev/null || true; server=""
startup=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
say "start-up: $startup s"
row "start-up: \`pipeline serve\` on $START_IDEAS ideas, exec to first 200 on /health (database in the page cache)" "$startup s" "—" "—" "< 2 s" "$(below $startup 2)"

# --- 8. Instructions per operation ------------------------------------------------------------
# On a copy without debug information: Debian 12's valgrind 3.19 stops at the DWARF 5 of Swift 6.3
# ("unhandled dwarf2 abbrev form code 0x25"). With scripts/valgrind-sigsuspend.c preloaded: the
# same valgrind dies in dispatch_main()'s sigsuspend() otherwise (see that file). A valgrind that
# still cannot run the binary makes the rows say so (not measured), as a missing valgrind does.
gate_label="instructions per gate evaluation (business-case gate)"
command_label="instructions per command (a comment through CommandHandler on SQLite, synchronous=FULL)"
read_label="instructions per GET /v1/ideas/{id} (pipeline serve, token, SQLite)"
not_measured() { for label in "$gate_label" "$command_label" "$read_label"; do row "$label" "$1" "—" "—" "—" "—"; done; }
if ! command -v valgrind >/dev/null; then
    not_measured "not measured: valgrind missing (apt-get install valgrind failed)"
else
    strip -g -o "$work/pipeline-bench" "$bench"
    preload=""
    compiler=$(command -v cc || command -v clang || true)  # the Swift toolchain brings clang
    if [ -n "$compiler" ] && "$compiler" -shared -fPIC -O2 -o "$work/valgrind-sigsuspend.so" scripts/valgrind-sigsuspend.c; then
        preload="$work/valgrind-sigsuspend.so"
    fi
    vg() { LD_PRELOAD="$preload" valgrind "$@"; }  # the preload for valgrind's runs only
    if ! vg --tool=none "$work/pipeline-bench" ops --kind gate --count 1 > "$work/valgrind-probe.log" 2>&1; then
        why="not measured: $(valgrind --version) cannot run the Swift binary ($(grep -m1 -oE "VALGRIND INTERNAL ERROR[^-]*|unhandled dwarf2[^#]*" "$work/valgrind-probe.log" | sed "s/ *$//" || tail -n1 "$work/valgrind-probe.log"); \`valgrind --tool=none pipeline-bench ops\` fails)"
        say "$why"
        not_measured "$why"
    else
        instructions() {  # instructions KIND COUNT: Ir of `pipeline-bench ops` under cachegrind
            vg --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
                "$work/pipeline-bench" ops --kind "$1" --count "$2" --folder "$work" 2>&1 >/dev/null |
                awk '/I +refs:/ {gsub(",", "", $NF); print $NF}'
        }
        for measure in "gate:$OPS_GATES:$gate_label" "command:$OPS_COMMANDS:$command_label"; do
            IFS=: read -r kind count label <<< "$measure"
            say "valgrind: $kind × $count and × 0"
            full=$(instructions "$kind" "$count"); base=$(instructions "$kind" 0)
            [ -n "$full" ] && [ -n "$base" ] || fail "valgrind gave no instruction count for $kind"
            per=$(awk -v a="$full" -v b="$base" -v n="$count" 'BEGIN {printf "%d", (a - b) / n}')
            row "$label, (Ir($count) − Ir(0)) / $count" "$per" "—" "—" "—" "—"
        done
        # A read through the whole server: `pipeline serve` under cachegrind answers GET
        # /v1/ideas/{id} OPS_READS and 2 × OPS_READS times (curl, one connection), then stops on
        # SIGTERM. The difference of the two runs leaves out start-up and shutdown; what the idle
        # loops do in the longer run's extra time stays in, so compare runs of one OPS_READS.
        strip -g -o "$work/pipeline-ir" "$pipeline"
        "$bench" seed --database "$work/ir.sqlite" --ideas 100 >/dev/null
        ir_token=$("$pipeline" tokens create --database "$work/ir.sqlite" --name ir --role facilitator --json |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
        served() {  # served COUNT: Ir of pipeline serve answering COUNT reads of one idea
            # valgrind itself in the background (not through vg: $! would be a subshell's).
            LD_PRELOAD="$preload" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
                "$work/pipeline-ir" serve --database "$work/ir.sqlite" --port 18186 > "$work/ir-serve.log" 2>&1 &
            server=$!
            wait_for http://127.0.0.1:18186/health 300
            curl -sf -H "Authorization: Bearer $ir_token" \
                $(for _ in $(seq "$1"); do echo "http://127.0.0.1:18186/v1/ideas/seed000050"; done) >/dev/null ||
                fail "GET /v1/ideas/seed000050 failed under valgrind"
            kill -TERM $server; wait $server 2>/dev/null || true; server=""
            awk '/I +refs:/ {gsub(",", "", $NF); print $NF}' "$work/ir-serve.log"
        }
        say "valgrind: pipeline serve, GET one idea × $OPS_READS and × $((2 * OPS_READS))"
        once=$(served "$OPS_READS"); twice=$(served $((2 * OPS_READS)))
        [ -n "$once" ] && [ -n "$twice" ] || fail "valgrind gave no instruction count for pipeline serve"
        per=$(awk -v a="$twice" -v b="$once" -v n="$OPS_READS" 'BEGIN {printf "%d", (a - b) / n}')
        row "$read_label, (Ir($((2 * OPS_READS))) − Ir($OPS_READS)) / $OPS_READS" "$per" "—" "—" "—" "—"
    fi
fi

# --- The table -----------------------------------------------------------------------------------
{
    echo "# bench-all $started_at (UTC), $(nproc) cores, $(uname -sr), load average $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
    echo "# sizes: IDEAS=$IDEAS START_IDEAS=$START_IDEAS DURATION=${DURATION}s EVENTS=$EVENTS PG_EVENTS=$PG_EVENTS PG_COMMANDS=$PG_COMMANDS PG_RUNS=$PG_RUNS PG_SECONDS=$PG_SECONDS PGBENCH_SCALE=$PGBENCH_SCALE WRK='$WRK'"
    echo
    echo "| measure | ours | peer or ceiling | ratio | goal | met |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} > "$work/table.md"
cat "$work/table.md"
[ -z "${OUT:-}" ] || cp "$work/table.md" "$OUT"
