#!/usr/bin/env bash
# Issue 6, descending scans: WHERE id < ? ORDER BY id DESC LIMIT 10 and MAX(id) WHERE id < ?
# through JDBC on the embedded Meridian database next to H2 (embedded file mode) on the same rows,
# one JMH run; also the same 10 rows ordered by -id (range scan + sort) as the baseline. Prints mean/p50/p99 per engine and
# the ratios. JMH's own output goes to a log.
#   bench/desc-vs-h2.sh [--rows N] [--warmup-seconds S] [--measure-seconds S] [--iterations N]
# Defaults: 20000 rows, 2 warm-up and 3 measured iterations of 3 s per statement and engine
# (about 2 minutes). Not part of the build or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-lib.sh

bench_build
log=$(mktemp "${TMPDIR:-/tmp}/meridian-desc-vs-h2-XXXXXX.log")
bench_machine
echo "JMH output: $log"
bench_java 1200 io.meridian.bench.sql.DescendingVersusH2 --jmh-log "$log" "$@"
