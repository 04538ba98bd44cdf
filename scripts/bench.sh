#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs them; quote the output in docs/benchmarks.md.
#   scripts/bench.sh            gate evaluations and commands per second (1 and 64 clients), board render time
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product pipeline-bench
bench=.build/release/pipeline-bench
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(uname -sr)"
"$bench" gates --workflows workflows
"$bench" commands --workflows workflows --folder "${BENCH_FOLDER:-data}" --count 2000 --clients 64 --runs 3
"$bench" web --workflows workflows
