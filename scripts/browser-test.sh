#!/usr/bin/env bash
# The pages in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by
# selenium (PyPI) signs in and submits an idea with the keyboard, moves it through a gate on the
# board, reads the decision in a person's inbox and saves screenshots to docs/screenshots/ (desktop,
# and *-phone.png at 390 px). Every page a person can reach is checked for accessibility at 1280 and
# 390 px wide: axe-core (bundled by the PyPI packages axe-selenium-python and axe-core-python, so it
# runs offline) with the WCAG 2.0/2.1 A and AA rules, no sideways scrolling, and Tab reaching every
# control with a visible focus ring (scripts/accessibility_check.py). Installs what it needs; when
# it cannot, it says
#   browser test SKIPPED: <why>
# and exits 0, so that `make test` passes on machines without a browser. BROWSER_TEST=require
# makes a skip an error. PIPELINE_BINARY names another built `pipeline` than .build/debug/pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
    echo "browser test SKIPPED: $*"
    [ "${BROWSER_TEST:-}" = "require" ] && exit 1
    exit 0
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || skip "not root and no password-less sudo to install chromium"
    SUDO="sudo -n"
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null 2>&1 || skip "apt-get update failed (no network to Debian's mirrors?)"
    $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || skip "apt-get could not install chromium and chromium-driver"
fi
venv=.build/browser-test-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed"
fi
"$venv/bin/python" -c "import selenium" 2>/dev/null \
    || "$venv/bin/pip" install -q "selenium>=4.10" >/dev/null 2>&1 || skip "pip could not install selenium from PyPI"
# axe-core for the accessibility check: no check, no pass (a skip, which BROWSER_TEST=require fails).
# axe-selenium-python for Python 3.11 bundles axe-core 3.1.1, which knows no WCAG 2.1 rules;
# axe-core-python bundles a newer one, which the check prefers.
"$venv/bin/python" -c "import axe_selenium_python, axe_core_python" 2>/dev/null \
    || "$venv/bin/pip" install -q "axe-selenium-python>=2.1.6" "axe-core-python>=0.1.0" >/dev/null 2>&1 \
    || skip "pip could not install axe-selenium-python and axe-core-python from PyPI, so no accessibility check"

pipeline=${PIPELINE_BINARY:-.build/debug/pipeline}
[ -x "$pipeline" ] || swift build --product pipeline
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$pipeline" demo --database "$work/demo.sqlite" --workflows workflows >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# A webhook subscription, for the webhooks page: its receiver is the server itself, which answers
# 404, so the deliveries of the test's events fail and show with a button to send them again.
"$pipeline" webhooks create --database "$work/demo.sqlite" --workflows workflows \
    --url "http://127.0.0.1:$port/browser-test-receiver" --description "Ontvanger van de browsertest" \
    --webhook-allow-network 127.0.0.0/8 >/dev/null
"$pipeline" serve --database "$work/demo.sqlite" --workflows workflows --host 127.0.0.1 --port "$port" \
    --webhook-allow-network 127.0.0.0/8 >"$work/serve.log" 2>&1 &
server=$!
token=""
for _ in $(seq 1 100); do
    token=$(grep -o 'pl_[A-Za-z0-9_-]*' "$work/serve.log" | head -1 || true)
    [ -n "$token" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
done
[ -n "$token" ] || { cat "$work/serve.log"; echo "error: the server printed no first token" >&2; exit 1; }
# A facilitator of the register (national: no region) with a token of her own, to read her inbox:
# she hears of the decision the test takes as the first token. She is an admin too, with a second
# token, for the admins' pages. Made once the server has printed its first token (it makes one only
# for a database without tokens).
person_token=$("$pipeline" people create --database "$work/demo.sqlite" --name "Fenna de Vries" \
    --email fenna@browsertest.example.nl --role facilitator --role admin --token --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
admin_token=$("$pipeline" tokens create --database "$work/demo.sqlite" --workflows workflows \
    --person fenna@browsertest.example.nl --role admin --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

mkdir -p docs/screenshots
PIPELINE_URL="http://127.0.0.1:$port" PIPELINE_TOKEN="$token" PIPELINE_PERSON_TOKEN="$person_token" \
    PIPELINE_ADMIN_TOKEN="$admin_token" SCREENSHOTS=docs/screenshots PYTHONDONTWRITEBYTECODE=1 \
    "$venv/bin/python" scripts/browser_test.py
