#!/usr/bin/env bash
# Cluster figures for issue 8: seconds from `cluster up` to a ready leader, commit latency from
# each region, and each node's RSS after a light workload of --seconds (default 60; the goal is
# stated for 600). Uses its own data directory and destroys the cluster at the end.
#   bench/cluster-bench.sh [--seconds N] [--topology FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
topology=conf/topologies/three-regions.yaml
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --topology) topology="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
data=$(mktemp -d "${TMPDIR:-/tmp}/meridian-bench-XXXXXX")
trap 'bin/meridian cluster destroy --data "$data" >/dev/null 2>&1 || true' EXIT

bin/meridian build >/dev/null
export MERIDIAN_NO_BUILD=1
start=$(date +%s.%N)
bin/meridian cluster up --topology "$topology" --data "$data" >/dev/null
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" 'BEGIN {printf "cluster up -> ready leader: %.1f s (goal <= 15 s)\n", b - a}'

bin/meridian sql --cluster "$data" -e "CREATE TABLE bench (k BIGINT PRIMARY KEY, v VARCHAR(40))" >/dev/null
for region in $(grep -o 'node\.[0-9]*\.region=.*' "$data/cluster.properties" | cut -d= -f2 | sort -u); do
  script=$(mktemp)
  for i in $(seq 1 20); do echo "INSERT INTO bench VALUES ($RANDOM$i, '$region');"; done > "$script"
  out=$(bin/meridian sql --cluster "$data" --region "$region" -f "$script")
  rm -f "$script"
  # Skip the first statement (connection set-up and planning), report the rest.
  echo "$out" | grep -o '([0-9.]* ms)' | tr -d '() ms' | tail -n +2 | sort -n | awk -v r="$region" \
    '{a[NR]=$1} END {printf "insert from %-9s median %6.1f ms, min %6.1f ms (%d statements)\n", r, a[int((NR+1)/2)], a[1], NR}'
done

end=$(( $(date +%s) + seconds ))
n=0
while [ "$(date +%s)" -lt "$end" ]; do
  script=$(mktemp)
  for i in $(seq 1 50); do echo "INSERT INTO bench VALUES ($n$i$RANDOM, 'load'); SELECT COUNT(*) FROM bench;"; done > "$script"
  bin/meridian sql --cluster "$data" -f "$script" >/dev/null || true
  rm -f "$script"
  n=$((n + 1))
done
echo "light workload: $((n * 50)) inserts and $((n * 50)) counts over ${seconds} s"
for pidfile in "$data"/node-*/pid; do
  pid=$(cat "$pidfile")
  printf '%s RSS: %d MB (heap -Xmx1g)\n' "$(basename "$(dirname "$pidfile")")" $(( $(ps -o rss= -p "$pid") / 1024 ))
done
