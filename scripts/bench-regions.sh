#!/usr/bin/env bash
# The regions overview and a region page at scale (docs/benchmarks.md, "Regions at scale"):
# IDEAS ideas and IMPLEMENTATIONS implementations over the 28 regions (pipeline-bench regions),
# served by `pipeline serve` on 127.0.0.1; per backend, side by side in one run:
#   ours:     GET /v1/regions, /v1/regions/{name}, /regions and /regions/{name}, REQUESTS requests
#             each after WARMUP, one curl over one kept-alive connection, curl's time_total per
#             request (the server's time plus the loopback: an upper bound);
#   hand SQL: the same statements the store runs for that request, typed below with literals,
#             timed per request the same number of times from a client on the same machine
#             (Python's sqlite3 module on the file; psql with \timing over 127.0.0.1).
# SQLite first; then PostgreSQL when run through scripts/with-postgres.sh:
#   scripts/with-postgres.sh scripts/bench-regions.sh
# PIPELINE_BIN=folder (holding pipeline and pipeline-bench) skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
IDEAS=${IDEAS:-10000}
IMPLEMENTATIONS=${IMPLEMENTATIONS:-50000}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-20}
REGION=${REGION:-Utrecht en omgeving}
PORT=${PORT:-18086}
if [ -z "${PIPELINE_BIN:-}" ]; then
    swift build -c release --product pipeline
    swift build -c release --product pipeline-bench
    bin=.build/release
else
    bin=$PIPELINE_BIN
fi
work=$(mktemp -d)
server=""
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$REGION")

# The store's statements for one request, as each backend writes them (SQLiteStore+Access and
# +Queries, PostgresStore+Access and +Queries), with the values bound as literals. Every regions
# request runs the counts of ideas, the counts of implementations and the outcome sums (since
# v15 from adoption_outcomes alone, by index adoption_outcomes_by_region; the fields are those the
# workflows' adoption sections name). The region page also lists the first page of the region's
# ideas (50) and of its implementations (50), each with its total (IdeaQuery.countsTotal), as
# `store.ideas` writes them.
region_literal="'${REGION//\'/\'\'}'"
overview_sql() {  # BACKEND
    if [ "$1" = SQLite ]; then
        echo "SELECT region, workflow_id, stage, theme, status, COUNT(*) AS count FROM ideas WHERE parent_id IS NULL
    GROUP BY region, workflow_id, stage, theme, status ORDER BY region, workflow_id, stage, theme, status;
SELECT region, adoption_step, COUNT(*) AS count FROM ideas WHERE parent_id IS NOT NULL
    GROUP BY region, adoption_step ORDER BY region, adoption_step;
SELECT region, adoption_step, field, SUM(value) AS total FROM adoption_outcomes
    WHERE field IN ('hours_saved', 'students_placed') GROUP BY field, region, adoption_step;"
    else
        echo "SELECT region, workflow_id, stage, theme, status, COUNT(*) FROM ideas WHERE parent_id IS NULL
    GROUP BY region, workflow_id, stage, theme, status ORDER BY region, workflow_id, stage, theme NULLS FIRST, status;
SELECT region, adoption_step, COUNT(*)::BIGINT FROM ideas WHERE parent_id IS NOT NULL
    GROUP BY region, adoption_step ORDER BY region, adoption_step;
SELECT region, adoption_step, field, SUM(value)::DOUBLE PRECISION FROM adoption_outcomes
    WHERE field = ANY(ARRAY['hours_saved', 'students_placed']) GROUP BY field, region, adoption_step;"
    fi
}
region_sql() {  # BACKEND
    local count="COUNT(*)"
    [ "$1" = SQLite ] || count="COUNT(*)::BIGINT"
    echo "SELECT state, submitted_at, id FROM ideas WHERE region = $region_literal AND parent_id IS NULL
    ORDER BY submitted_at, id LIMIT 51;
SELECT $count FROM ideas WHERE region = $region_literal AND parent_id IS NULL;
SELECT state, submitted_at, id FROM ideas WHERE region = $region_literal AND parent_id IS NOT NULL
    ORDER BY submitted_at, id LIMIT 51;
SELECT $count FROM ideas WHERE region = $region_literal AND parent_id IS NOT NULL;"
}

# ours NAME PATH CURL-OPTION...: milliseconds of each measured request, one a line, in $work/NAME.
ours() {
    local name=$1 path=$2
    shift 2
    for _ in $(seq $((WARMUP + REQUESTS))); do
        printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$PORT" "$path"
    done > "$work/curl.cfg"
    curl -s -K "$work/curl.cfg" -w '%{http_code} %{time_total}\n' "$@" > "$work/$name.raw"
    if grep -qv '^200 ' "$work/$name.raw"; then
        echo "error: $path answered $(grep -v '^200 ' "$work/$name.raw" | head -n 1)" >&2
        exit 1
    fi
    tail -n "$REQUESTS" "$work/$name.raw" | awk '{ printf "%.3f\n", $2 * 1000 }' > "$work/$name"
}

# hand NAME DATABASE SQL: milliseconds of each measured run of all of SQL's statements, in $work/NAME.
hand() {
    local name=$1 database=$2 sql=$3 statements
    statements=$(grep -c ';' <<< "$sql")
    if [[ "$database" == postgres* ]]; then
        {
            echo '\timing on'
            echo '\o /dev/null'
            for _ in $(seq $((WARMUP + REQUESTS))); do echo "$sql"; done
        } > "$work/hand.sql"
        psql -X -q "$database" -f "$work/hand.sql" | awk -v n="$statements" -v skip="$WARMUP" '
            /^Time: / { sum += $2; if (++count % n == 0) { if (count / n > skip) printf "%.3f\n", sum; sum = 0 } }' \
            > "$work/$name"
    else
        python3 - "$database" "$WARMUP" "$REQUESTS" "$sql" > "$work/$name" <<'PY'
import sqlite3, sys, time
database, warmup, requests, sql = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
statements = [s.strip() for s in sql.split(";") if s.strip()]
connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
for run in range(warmup + requests):
    start = time.perf_counter()
    for statement in statements:
        connection.execute(statement).fetchall()
    if run >= warmup:
        print(f"{(time.perf_counter() - start) * 1000:.3f}")
PY
    fi
}

# measure BACKEND DATABASE: seeds DATABASE, serves it, and times ours and hand SQL side by side.
measure() {
    local backend=$1 database=$2 token overview_sql
    overview_sql=$(overview_sql "$backend")
    echo "## $backend: seeding $IDEAS ideas and $IMPLEMENTATIONS implementations" >&2
    "$bin/pipeline-bench" regions --database "$database" --ideas "$IDEAS" --implementations "$IMPLEMENTATIONS" >&2
    if [[ "$database" == postgres* ]]; then psql -X -q "$database" -c 'VACUUM ANALYZE' >&2; fi
    token=$("$bin/pipeline" tokens create --database "$database" --name bench --role facilitator --json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
    "$bin/pipeline" serve --database "$database" --port "$PORT" > "$work/server-$backend.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break || sleep 0.2; done
    curl -s -c "$work/cookies" -o /dev/null --data-urlencode "token=$token" "http://127.0.0.1:$PORT/signin"
    local auth=(-H "Authorization: Bearer $token")
    echo "## $backend: timing" >&2
    ours "$backend-api-overview" /v1/regions "${auth[@]}"
    hand "$backend-sql-api-overview" "$database" "$overview_sql"
    ours "$backend-api-region" "/v1/regions/$encoded" "${auth[@]}"
    hand "$backend-sql-api-region" "$database" "$overview_sql"
    ours "$backend-page-overview" /regions -b "$work/cookies"
    hand "$backend-sql-page-overview" "$database" "$overview_sql"
    ours "$backend-page-region" "/regions/$encoded" -b "$work/cookies"
    hand "$backend-sql-page-region" "$database" "$overview_sql
$(region_sql "$backend")"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    echo "$backend" >> "$work/backends"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $bin, $IDEAS ideas, $IMPLEMENTATIONS implementations, region '$REGION', $REQUESTS requests after $WARMUP"
measure SQLite "$work/regions.sqlite"
if [ -n "${PIPELINE_TEST_POSTGRES_URL:-}" ]; then
    server_url=$PIPELINE_TEST_POSTGRES_URL
    name="bench_regions_$(date +%s%N)"
    psql -X -q "$server_url" -c "CREATE DATABASE $name" > /dev/null
    echo "# PostgreSQL $(psql -X "$server_url" -tAc 'SHOW server_version' | cut -d' ' -f1)"
    measure PostgreSQL "${server_url%/*}/$name"
else
    echo "## PostgreSQL: skipped (run through scripts/with-postgres.sh)"
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" <<'PY'
import math, pathlib, sys
work = pathlib.Path(sys.argv[1])
def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p) - 1)]
def read(name):
    return [float(line) for line in (work / name).read_text().split()]
measures = [
    ("api-overview", "GET /v1/regions"), ("api-region", "GET /v1/regions/{name}"),
    ("page-overview", "GET /regions"), ("page-region", "GET /regions/{name}"),
]
print("| backend | measure | ours p50 / p99 ms | hand SQL p50 / p99 ms | ratio p50 (p99) | goal p99 < 100 ms |")
print("|---|---|---|---|---|---|")
for backend in (work / "backends").read_text().split():
    for key, label in measures:
        ours, hand = read(f"{backend}-{key}"), read(f"{backend}-sql-{key}")
        o50, o99, h50, h99 = (percentile(v, p) for v in (ours, hand) for p in (0.5, 0.99))
        met = "met" if o99 < 100 else "**not met**"
        print(f"| {backend} | {label} | {o50:.1f} / {o99:.1f} | {h50:.1f} / {h99:.1f} | "
              f"{o50 / h50:.1f}x ({o99 / h99:.1f}x) | {met} |")
PY
