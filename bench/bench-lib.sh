# Shared by bench/*-vs-*.sh (sourced, not run). Builds Meridian once, runs bench drivers from
# bench/target/classes plus the class path Maven wrote, and bounds every run in time.
#   BENCH_NO_BUILD=1      skip the build (you built already)
#   BENCH_MAVEN_ARGS=...  extra Maven arguments, e.g. "-o -Dmaven.repo.local=DIR"

bench_build() {
  if [ -n "${BENCH_NO_BUILD:-}" ] && [ -f bench/target/classpath.txt ] && [ -f console/target/classpath.txt ]; then
    return
  fi
  echo "bench: building Meridian and bench/ (mvn -DskipTests install) ..." >&2
  # shellcheck disable=SC2086
  mvn -B -q ${BENCH_MAVEN_ARGS:-} -DskipTests install >&2
}

# bench_java SECONDS MAIN ARGS...: run a bench driver, killed if it outlives SECONDS.
bench_java() {
  local seconds="$1"; shift
  timeout -k 15 "$seconds" java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$@"
}

# bench_wait_port PORT SECONDS: wait until something listens on 127.0.0.1:PORT.
bench_wait_port() {
  local port="$1" deadline=$(( $(date +%s) + $2 ))
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "bench: nothing listens on 127.0.0.1:$port after $2 s" >&2
      return 1
    fi
    sleep 0.2
  done
}

# bench_port_free PORT: fail early when another process holds one of our ports.
bench_port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "bench: port $1 is in use; stop what holds it or pick another base port" >&2
    return 1
  fi
}

# bench_stop_pid PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 20).
bench_stop_pid() {
  local pid="$1" waited=0 limit="${2:-20}"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $(( limit * 5 )) ]; then
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$(( waited + 1 ))
  done
}

bench_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
}
