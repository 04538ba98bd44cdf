#!/usr/bin/env bash
# Fails when code above PipelineCore reads the time of day itself: everything takes a WallClock
# (Sources/PipelineStore/Time/WallClock.swift, the one place that calls Date()), so tests can
# move time. Run by `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
found=$(grep -rnE '\bDate\(\)|\bDate\.now\b' Sources Benchmarks --include='*.swift' \
    | grep -v '^Sources/PipelineStore/Time/WallClock.swift:' \
    | grep -vE '^[^:]+:[0-9]+:\s*///?' || true)
if [ -n "$found" ]; then
    echo "these lines read the time of day; take a WallClock (clock.now()) instead:" >&2
    echo "$found" >&2
    exit 1
fi
echo "clock check: no Date() outside the WallClock"
