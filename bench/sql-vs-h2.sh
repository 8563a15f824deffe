#!/usr/bin/env bash
# Issue 6: prepared primary-key point select and 100-row primary-key range scan through JDBC on
# the embedded Meridian database next to H2 (embedded file mode) on the same rows, one JMH run;
# prints mean/p50/p99 per engine and the Meridian/H2 ratios. JMH's own output goes to a log.
#   bench/sql-vs-h2.sh [--rows N] [--warmup-seconds S] [--measure-seconds S] [--iterations N]
# Defaults: 20000 rows, 2 warm-up and 4 measured iterations of 5 s per statement and engine
# (about 3 minutes). Not part of the build or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-lib.sh

bench_build
log=$(mktemp "${TMPDIR:-/tmp}/meridian-sql-vs-h2-XXXXXX.log")
bench_machine
echo "JMH output: $log"
bench_java 1800 io.meridian.bench.sql.SqlVersusH2 --jmh-log "$log" "$@"
