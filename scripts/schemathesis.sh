#!/usr/bin/env bash
# The served OpenAPI document against the server that serves it: schemathesis (PyPI) with all
# checks, once with a facilitator's token and once with an admin's, on a database filled by
# `pipeline demo` (so that ids lead to real ideas and a real webhook). Run by `make test`.
#
# The number of examples per operation is bounded (SCHEMATHESIS_EXAMPLES, default 30) and the
# seed fixed (SCHEMATHESIS_SEED), so the run takes a few minutes and repeats; raise both to search
# further. What the checks allow beyond their defaults is in scripts/schemathesis.toml, each with
# its reason; nothing is excluded. Exits 1 when schemathesis finds a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

examples=${SCHEMATHESIS_EXAMPLES:-30}
seed=${SCHEMATHESIS_SEED:-20261130}
venv=.build/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

pipeline=.build/debug/pipeline
[ -x "$pipeline" ] || swift build --product pipeline
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/schemathesis.sqlite"
"$pipeline" demo --database "$db" >/dev/null
token() {  # token ROLE: a new token's secret
    "$pipeline" tokens create --database "$db" --name "schemathesis-$1" --role "$1" --json \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
facilitator=$(token facilitator)
admin=$(token admin)
# A consumer nobody listens on (deliveries fail at once and are retried later).
"$pipeline" webhooks create --database "$db" --url http://127.0.0.1:9/hook \
    --webhook-allow-network 127.0.0.0/8 >/dev/null
export SCHEMATHESIS_IDEA_ID
SCHEMATHESIS_IDEA_ID=$("$pipeline" ideas list --database "$db" --json --actor schemathesis --role facilitator \
    --limit 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["ideas"][0]["id"])')

# A person of the register, for the routes on one person.
export SCHEMATHESIS_PERSON_ID
SCHEMATHESIS_PERSON_ID=$("$pipeline" people create --database "$db" --name "Schemathesis" \
    --email schemathesis@example.nl --role facilitator --region Twente --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$pipeline" serve --database "$db" --port "$port" --webhook-allow-network 127.0.0.0/8 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done

status=0
for role in facilitator admin; do
    secret=$facilitator
    [ "$role" = admin ] && secret=$admin
    echo "schemathesis as $role: $examples examples per operation, seed $seed"
    # Run from the temporary folder: schemathesis keeps its cache (.schemathesis/) where it runs.
    (cd "$work" && "$root/$venv/bin/st" --config-file "$root/scripts/schemathesis.toml" run "http://127.0.0.1:$port/openapi.yaml" \
        --checks all --max-examples "$examples" --seed "$seed" --no-color \
        --header "Authorization: Bearer $secret" --report junit --report-dir "$work/report-$role" \
        >"$work/$role.log" 2>&1) || status=1
    tail -n 25 "$work/$role.log"
    if [ $status -ne 0 ]; then
        echo "--- schemathesis found failures as $role; the whole report:"
        cat "$work/$role.log"
        break
    fi
done
if ! kill -0 "$server" 2>/dev/null; then
    echo "the server stopped during the run:"
    cat "$work/serve.log"
    status=1
fi
exit $status
