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
# The facilitator's token belongs to a person of the register, so that the person's own routes
# (/v1/me/notifications, /v1/me/notification-preference) answer with an inbox; the admin's belongs
# to nobody, as tokens for scripts do, and gets those routes' 404 (no-person).
facilitator=$("$pipeline" people create --database "$db" --name "Schemathesis facilitator" \
    --email facilitator@schemathesis.example.nl --role facilitator --token --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
admin=$(token admin)
# A consumer nobody listens on (deliveries fail at once and are retried later).
"$pipeline" webhooks create --database "$db" --url http://127.0.0.1:9/hook \
    --webhook-allow-network 127.0.0.0/8 >/dev/null
export SCHEMATHESIS_IDEA_ID
SCHEMATHESIS_IDEA_ID=$("$pipeline" ideas list --database "$db" --json --actor schemathesis --role facilitator \
    --limit 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["ideas"][0]["id"])')

# An implementation of an adopted idea (the demo has several), for the routes under
# /v1/implementations/{id}.
export SCHEMATHESIS_IMPLEMENTATION_ID
SCHEMATHESIS_IMPLEMENTATION_ID=$("$pipeline" implementations list --database "$db" --json --actor schemathesis \
    --role facilitator --limit 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["ideas"][0]["id"])')

# Two comments on it by someone else: the facilitator (a national one: no region) has
# notifications in their inbox.
for text in "Eerste reactie" "Tweede reactie"; do
    "$pipeline" comment --database "$db" --actor schemathesis-seed --role admin "$SCHEMATHESIS_IDEA_ID" \
        --text "$text" >/dev/null
done

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

# One of the facilitator's notifications (the seeded comments), so that marking one read reaches
# past 404.
export SCHEMATHESIS_NOTIFICATION_ID
SCHEMATHESIS_NOTIFICATION_ID=$(curl -fs -H "Authorization: Bearer $facilitator" \
    "http://127.0.0.1:$port/v1/me/notifications?limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')

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
