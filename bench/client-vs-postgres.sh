#!/usr/bin/env bash
# Issue 7: round trips of `SELECT 1` and of a prepared primary-key lookup over loopback, 1 and 16
# client threads, Meridian's node server (bin/meridian start) against PostgreSQL 15 through
# pgJDBC, started here in temp directories and stopped at exit; prints p50/p99, throughput and
# the Meridian/PostgreSQL ratios.
#   bench/client-vs-postgres.sh [--threads 1,16] [--rows N] [--warmup-seconds S] [--measure-seconds S]
# Ports: BENCH_PORT_BASE (default 37000) + 50 for PostgreSQL, + 60 for Meridian.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-lib.sh

base=${BENCH_PORT_BASE:-37000}
pg_port=$((base + 50))
meridian_port=$((base + 60))
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pg_bin/postgres" ]; then
  echo "bench: installing postgresql-15 ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2
fi
bench_port_free "$pg_port"
bench_port_free "$meridian_port"
bench_build

work=$(mktemp -d "${TMPDIR:-/tmp}/meridian-client-vs-pg-XXXXXX")
meridian_pid=""
cleanup() {
  bench_stop_pid "$meridian_pid"
  if [ -f "$work/pg/postmaster.pid" ]; then
    bench_stop_pid "$(head -n 1 "$work/pg/postmaster.pid")"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL 15 refuses to run as root: as root, its data directory belongs to the postgres user.
# Default settings (fsync on); trust authentication on loopback only.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust --no-sync >"$work/initdb.log" 2>&1
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work" start >/dev/null

mkdir "$work/meridian"
MERIDIAN_NO_BUILD=1 timeout 3600 bin/meridian start --data "$work/meridian" --port "$meridian_port" >"$work/meridian.log" 2>&1 &
meridian_pid=$!
bench_wait_port "$meridian_port" 120
bench_wait_port "$pg_port" 30

bench_machine
bench_java 1200 io.meridian.bench.client.ClientRoundTrip \
  --meridian-url "jdbc:meridian://127.0.0.1:$meridian_port/meridian?user=admin&password=admin" \
  --postgres-url "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" "$@"
