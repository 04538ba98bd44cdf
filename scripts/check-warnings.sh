#!/usr/bin/env bash
# Fails when the build log shows a compiler warning in our own code (dependencies may warn).
set -euo pipefail
log="$1"
if grep -E "^$(pwd)/(Sources|Tests|Benchmarks)/[^:]+:[0-9]+:[0-9]+: warning:" "$log"; then
    echo "error: our own code has compiler warnings (above)" >&2
    exit 1
fi
