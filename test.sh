#!/usr/bin/env bash
# Runs the whole test suite. Starts what the tests need by itself: a throwaway redis-server and a three-node
# Redis Cluster on free loopback ports (installing Debian's redis-server package when it is missing and we are
# root), and Debian's chromium for the dashboard's browser tests (installed the same way); the embedded Garnet
# server is started in-process by the tests that use it.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Hcl]
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work="$root/.test-run"
mkdir -p "$work"

ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: redis-server is missing; installing Debian's redis-server package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
    # The package starts a system service on 6379; the tests use their own server, so stop it.
    (service redis-server stop || true) >/dev/null 2>&1
  else
    echo "test.sh: redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server) and run again." >&2
    exit 2
  fi
}

# The dashboard's browser tests drive Debian's Chromium (never a browser Playwright downloads).
ensure_chromium() {
  export UNOTIFY_TEST_CHROMIUM="${UNOTIFY_TEST_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$UNOTIFY_TEST_CHROMIUM" ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: chromium is missing; installing Debian's chromium package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "test.sh: chromium is not installed. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set UNOTIFY_TEST_CHROMIUM, and run again." >&2
    exit 2
  fi
}

redis_pid=""
cluster_pids=()
stop_redis() {
  local pid
  for pid in $redis_pid "${cluster_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_redis EXIT

start_redis() {
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + (RANDOM % 20000) ))
    rm -rf "$work/redis" && mkdir -p "$work/redis"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$work/redis" \
      --logfile "$work/redis/redis.log" --daemonize no &
    redis_pid=$!
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        export UNOTIFY_TEST_REDIS="127.0.0.1:$port"
        echo "test.sh: redis-server $(redis-server --version | awk '{print $3}') on $UNOTIFY_TEST_REDIS (pid $redis_pid)" >&2
        return 0
      fi
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  done
  echo "test.sh: could not start redis-server on a free port; see $work/redis/redis.log" >&2
  exit 2
}

# A real three-node Redis Cluster (no replicas) for the tests that prove the queue and the history on a cluster:
# each node on a free loopback port (its cluster bus on port + 10000), the slots spread by redis-cli.
start_redis_cluster() {
  local attempt base port pid ok
  for attempt in 1 2 3 4 5; do
    base=$(( 20000 + (RANDOM % 19000) ))
    rm -rf "$work/cluster" && mkdir -p "$work/cluster"
    cluster_pids=()
    for port in "$base" "$((base + 1))" "$((base + 2))"; do
      mkdir -p "$work/cluster/$port"
      redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file "$work/cluster/$port/nodes.conf" \
        --save '' --appendonly no --dir "$work/cluster/$port" --logfile "$work/cluster/$port/redis.log" --daemonize no &
      cluster_pids+=($!)
    done
    ok=1
    for port in "$base" "$((base + 1))" "$((base + 2))"; do
      for _ in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
      done
      redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || ok=0
    done
    if [ "$ok" = 1 ] && redis-cli --cluster create 127.0.0.1:"$base" 127.0.0.1:"$((base + 1))" 127.0.0.1:"$((base + 2))" \
         --cluster-replicas 0 --cluster-yes > "$work/cluster/create.log" 2>&1; then
      for _ in $(seq 1 100); do
        ok=1
        for port in "$base" "$((base + 1))" "$((base + 2))"; do
          redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
        done
        if [ "$ok" = 1 ]; then
          export UNOTIFY_TEST_REDIS_CLUSTER="127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))"
          echo "test.sh: Redis Cluster of 3 nodes on $UNOTIFY_TEST_REDIS_CLUSTER (pids ${cluster_pids[*]})" >&2
          return 0
        fi
        sleep 0.1
      done
    fi
    for pid in "${cluster_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    cluster_pids=()
  done
  echo "test.sh: could not start a Redis Cluster; see $work/cluster/*/redis.log and $work/cluster/create.log" >&2
  exit 2
}

ensure_redis_server
ensure_chromium
start_redis
start_redis_cluster

log="$work/dotnet-test.log"
: > "$log"

# The samples stand for third-party plugins: pack the SDK into the local feed samples/nuget.config points at,
# drop any cached copy of the same version (NuGet would serve it stale), then build and test them against the
# package. Their results go into the same log, so the summary below counts them.
rm -rf artifacts/packages
dotnet pack sdk/Unotify.Sdk -c Release -o artifacts/packages -nologo -clp:ErrorsOnly
dotnet pack sdk/Unotify.Sdk.Testing -c Release -o artifacts/packages -nologo -clp:ErrorsOnly
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/unotify.sdk" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/unotify.sdk.testing"
set +e
dotnet test samples/Unotify.Samples.SlackNotifier.Tests -c Release -nologo "$@" 2>&1 | tee -a "$log"
samples_status=${PIPESTATUS[0]}
set -e

dotnet build Unotify.sln -c Release -nologo -clp:ErrorsOnly
set +e
dotnet test Unotify.sln -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ] && [ "$samples_status" -ne 0 ]; then status=$samples_status; fi

# dotnet test prints one summary line per test assembly; add them up into the line CI reads.
awk '
  /(Passed|Failed)!  *- / {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") failed += $(i+1)
      if ($i == "Passed:") passed += $(i+1)
      if ($i == "Skipped:") skipped += $(i+1)
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log" > "$work/summary.txt"
summary=$(cat "$work/summary.txt")
if [ "$status" -eq 0 ] && echo "$summary" | grep -q '^0 passed'; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$summary"
exit "$status"
