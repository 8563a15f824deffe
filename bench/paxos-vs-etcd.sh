#!/usr/bin/env bash
# Issue 5: durable replicated writes (256-byte values, 1/16/64 concurrent clients) on a 3-node
# Meridian cluster on loopback (bin/meridian cluster up, one region, JDBC UPSERT) next to a
# 3-member etcd 3.4 cluster on loopback (Debian's etcd-server, default fsync, jetcd put); prints
# throughput, p50/p99 and Meridian/etcd ratios, then the median time from SIGKILL of the leader
# to the first write a new leader accepts (5 trials each), next to the election timers.
#   bench/paxos-vs-etcd.sh [--clients 1,16,64] [--value-bytes 256] [--warmup-seconds S]
#                          [--measure-seconds S] [--failover-trials N]
# Ports from BENCH_PORT_BASE (default 37000): Meridian +101..103 clients, +201..203 peers,
# +301..303 HTTP; etcd +401..403 clients, +411..413 peers; the bare Paxos group (Meridian's
# replication without SQL, inside the driver) +501..503 (+511.., +521.. named, unused). With
# BENCH_PORT_STEP=S (default 100) the hundreds become multiples of S (S=35 fits in 200 ports). Everything runs in a temp directory and
# is stopped by PID at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-lib.sh

base=${BENCH_PORT_BASE:-37000}
step=${BENCH_PORT_STEP:-100}
if ! command -v etcd >/dev/null; then
  echo "bench: installing etcd-server ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server >&2
fi
for n in 1 2 3; do
  for port in $((base + step + n)) $((base + 2 * step + n)) $((base + 3 * step + n)) $((base + 4 * step + n)) $((base + 4 * step + 10 + n)) \
              $((base + 5 * step + n)); do
    bench_port_free "$port"
  done
done
bench_build
export MERIDIAN_NO_BUILD=1

work=$(mktemp -d "${TMPDIR:-/tmp}/meridian-paxos-vs-etcd-XXXXXX")
cleanup() {
  status=$?
  bin/meridian cluster down --data "$work/meridian" >/dev/null 2>&1 || true
  for n in 1 2 3; do
    if [ -f "$work/etcd-$n.pid" ]; then bench_stop_pid "$(cat "$work/etcd-$n.pid")"; fi
  done
  if [ "$status" -ne 0 ]; then
    mkdir -p "$work.logs"
    for n in 1 2 3; do cp "$work/meridian/node-$n/node.log" "$work.logs/meridian-node-$n.log" 2>/dev/null || true; done
    cp "$work"/etcd-*.log "$work.logs/" 2>/dev/null || true
    echo "bench: failed; node and member logs kept in $work.logs" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# etcd: one start script per member, so the driver can restart a member it killed.
cluster=""
for n in 1 2 3; do cluster="${cluster:+$cluster,}m$n=http://127.0.0.1:$((base + 4 * step + 10 + n))"; done
for n in 1 2 3; do
  cat > "$work/etcd-start-$n.sh" <<SCRIPT
#!/usr/bin/env bash
etcd --name m$n --data-dir "$work/etcd-$n" \\
  --listen-client-urls http://127.0.0.1:$((base + 4 * step + n)) --advertise-client-urls http://127.0.0.1:$((base + 4 * step + n)) \\
  --listen-peer-urls http://127.0.0.1:$((base + 4 * step + 10 + n)) --initial-advertise-peer-urls http://127.0.0.1:$((base + 4 * step + 10 + n)) \\
  --initial-cluster $cluster --initial-cluster-token meridian-bench --initial-cluster-state new \\
  >>"$work/etcd-$n.log" 2>&1 </dev/null &
echo \$! > "$work/etcd-$n.pid"
SCRIPT
  bash "$work/etcd-start-$n.sh"
done

# Meridian: the one-region topology with this benchmark's ports.
sed -e "s/client_base: .*/client_base: $((base + step))/" -e "s/peer_base: .*/peer_base: $((base + 2 * step))/" \
    -e "s/http_base: .*/http_base: $((base + 3 * step))/" -e "s/^name: .*/name: bench-one-region/" \
    conf/topologies/one-region.yaml > "$work/topology.yaml"
mkdir "$work/bare"
bin/meridian cluster up --topology "$work/topology.yaml" --data "$work/meridian" --log-level info >/dev/null
for n in 1 2 3; do bench_wait_port $((base + 4 * step + n)) 60; done
# Nodes compile their SQL path in the background after start; measuring meanwhile would time that.
deadline=$(( $(date +%s) + 180 ))
for n in 1 2 3; do
  while ! grep -q "SQL path warmed up\|SQL warm-up failed" "$work/meridian/node-$n/node.log" 2>/dev/null \
        && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
  done
done

endpoints=""
for n in 1 2 3; do endpoints="${endpoints:+$endpoints,}http://127.0.0.1:$((base + 4 * step + n))"; done
bench_machine
echo "etcd: $(etcd --version | head -n 1)"
bench_java 3000 io.meridian.bench.replication.PaxosVersusEtcd \
  --meridian-data "$work/meridian" \
  --meridian-restart "bin/meridian node restart {node} --data '$work/meridian' --log-level info" \
  --etcd-endpoints "$endpoints" --etcd-pid "$work/etcd-{member}.pid" --etcd-restart "bash '$work/etcd-start-{member}.sh'" \
  --bare-paxos-dir "$work/bare" --bare-paxos-peer-base $((base + 5 * step)) "$@"
