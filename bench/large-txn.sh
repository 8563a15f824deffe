#!/usr/bin/env bash
# One transaction inserting N rows (5k-40k by default), embedded Meridian next to H2 (file mode)
# in the same run: time per row must stay flat as N grows. Prints ms, us/row and the ratio.
#   bench/large-txn.sh [--rows 5000,10000,20000,40000] [--repeats 3]
# Not part of the build or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-lib.sh

bench_build
bench_machine
bench_java 1800 io.meridian.bench.sql.LargeTransactionBench "$@"
