#!/usr/bin/env bash
# Ingest load test (issue 7): the Release host (`unotify all`) on loopback with a throwaway redis-server, a registered
# GitHub hook, and wrk driving signed ~28 KB merged-PR deliveries at it (32 connections, fixed time, a unique
# X-GitHub-Delivery per request). Then the same load against the ceiling — a minimal Kestrel endpoint that only reads
# the body and checks the HMAC (`Unotify.Benchmarks ceiling`) — and our figure as a share of it.
# Prints requests/s, mean/p50/p99/max latency (wrk's, corrected for coordinated omission: see bench/README.md, "The burst's
# writers"), non-2xx, host CPU per request, RSS idle and under load, start-to-ready, and how long the host took to stop.
#
# Usage: bench/load.sh [seconds]            (default 20)
# Environment: LOAD_CONNECTIONS (32), LOAD_THREADS (2), LOAD_WARMUP seconds (5),
#   LOAD_WORKER=jira|none (jira: the delivery is queued for a Jira worker that acks it without calling Jira — see
#   bench/README.md; none: no worker matches, only the de-duplication record is written),
#   LOAD_LOG_LEVEL (the host's UNOTIFY_LOG_LEVEL, default Information as shipped), LOAD_NO_BUILD=1 to skip the builds,
#   LOAD_ROLE=all|serve (the host's role; serve measures ingest alone, the jobs stay queued),
#   LOAD_EMBEDDED=1 (no redis-server: the host runs its embedded Garnet, whose memory then counts in the host's RSS),
#   LOAD_TRACE=FILE (a dotnet-trace of the host during the measured run; needs the dotnet-trace tool on PATH),
#   LOAD_COUNTERS=1 (dotnet-counters during the measured run: bytes allocated per request, GCs and GC pause time;
#   needs the dotnet-counters tool on PATH or in ~/.dotnet/tools),
#   LOAD_HOST_DLL=PATH (run another build of unotify.dll, for an A/B comparison), LOAD_NO_CEILING=1 (skip the ceilings),
#   LOAD_RETAINED=1 (with redis-server and role all: after the run, wait for the queue to drain and print what each
#   delivery left in Redis until its retention ends: history, payload for replays, de-duplication marks),
#   LOAD_BODY_MB=N (add N MB of file paths to the pull request, as a large push's file lists make a body large; GitHub
#   sends up to 25 MB, while the texts that name tickets stay small: it caps a description at 65,536 characters;
#   LOAD_LARGE_TEXTS=1 puts the N MB into the description instead, the worst case for the job's texts; run either with
#   LOAD_CONNECTIONS=2, since UNOTIFY_BODY_MEMORY (64 MB) holds two 25 MB bodies at once and answers the rest 503),
#   LOAD_CLUSTER=1 (the host's store is a three-master Redis Cluster on loopback; prints each node's CPU per request;
#   run with LOAD_NO_CEILING=1), LOAD_PARTITIONS=N (the worker's `partitions:`, default 1),
#   LOAD_HOST_LOG=FILE (keep the host's log there; it is deleted with the rest otherwise),
#   LOAD_REDIS_AOF=everysec|always (the throwaway redis-server keeps an append-only file with that fsync policy; off by
#   default).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-${LOAD_DURATION:-20}}
connections=${LOAD_CONNECTIONS:-32}
threads=${LOAD_THREADS:-2}
warmup=${LOAD_WARMUP:-5}
worker_mode=${LOAD_WORKER:-jira}
log_level=${LOAD_LOG_LEVEL:-Information}
host_dll="${LOAD_HOST_DLL:-$root/src/Unotify.Host/bin/Release/net10.0/unotify.dll}"
bench_dll="$root/bench/Unotify.Benchmarks/bin/Release/net10.0/Unotify.Benchmarks.dll"
work=$(mktemp -d /tmp/unotify-load.XXXXXX)

source "$root/bench/processes.sh"

say() { echo "load.sh: $*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# Polls URL until it answers 200 (at most 60 s); prints the milliseconds since $2.
wait_ready() {
  local url=$1 since=$2 pid=$3
  for _ in $(seq 1 3000); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then echo $(( $(now_ms) - since )); return 0; fi
    kill -0 "$pid" 2>/dev/null || { say "process $pid exited before $url was ready"; return 1; }
    sleep 0.02
  done
  say "$url was not ready within 60 s"; return 1
}

# Samples the peak RSS of $1 every 0.5 s for at most $2 seconds, into $3.
sample_rss() {
  local pid=$1 seconds=$2 out=$3 peak=0 value
  for _ in $(seq 1 $(( seconds * 2 ))); do
    value=$(rss_mb "$pid" 2>/dev/null || echo 0)
    [ "${value:-0}" -gt "$peak" ] && peak=$value
    echo "$peak" > "$out"
    sleep 0.5
  done
}

# Runs wrk against $1 for $2 seconds; prints wrk's RESULT line.
drive() {
  wrk -t"$threads" -c"$connections" -d"${2}s" --timeout 10s -s "$root/bench/load/webhook.lua" "$1" -- \
    "$work/body.json" "$signature" "$3" "/conduit/webhooks/github/4242/payload" | grep '^RESULT'
}

field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<< "$1"; }

if [ "${LOAD_NO_BUILD:-0}" != "1" ]; then
  say "building the host and the benchmarks in Release"
  dotnet build src/Unotify.Host -c Release -nologo -v q >&2
  dotnet build bench/Unotify.Benchmarks -c Release -nologo -v q >&2
fi

# --- redis-server, as test.sh starts it -----------------------------------------------------------------------
redis_port=$(free_port)
mkdir -p "$work/redis"
# LOAD_REDIS_AOF=everysec|always runs it with its append-only file on (as deploy/compose does), so that a run says what
# each fsync policy costs a delivery; without it, no persistence at all.
aof_args=(--appendonly no)
[ -n "${LOAD_REDIS_AOF:-}" ] && aof_args=(--appendonly yes --appendfsync "$LOAD_REDIS_AOF")
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' "${aof_args[@]}" --dir "$work/redis" \
  --logfile "$work/redis/redis.log" --daemonize no &
redis_pid=$!
pids+=($redis_pid)
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
embedded=${LOAD_EMBEDDED:-0}
cluster_pids=()
if [ "${LOAD_CLUSTER:-0}" = "1" ]; then
  # Three masters joined as test.sh joins them; each node's CPU is read from its own process.
  cluster_ports=()
  for _ in 1 2 3; do
    port=$(free_port); bus=$(free_port)
    mkdir -p "$work/cluster/$port"
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-port "$bus" \
      --cluster-config-file "$work/cluster/$port/nodes.conf" --save '' --appendonly no --dir "$work/cluster/$port" \
      --logfile "$work/cluster/$port/redis.log" --daemonize no &
    cluster_pids+=($!); pids+=($!); cluster_ports+=("$port")
  done
  for port in "${cluster_ports[@]}"; do
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  done
  redis-cli --cluster create "${cluster_ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes > "$work/cluster/create.log" 2>&1 \
    || { cat "$work/cluster/create.log" >&2; exit 1; }
  for port in "${cluster_ports[@]}"; do
    for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "$port" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  done
  cluster_address=$(printf '127.0.0.1:%s,' "${cluster_ports[@]}")
  store_env=(UNOTIFY_REDIS="${cluster_address%,}")
elif [ "$embedded" = "1" ]; then
  store_env=(UNOTIFY_DATA="$work/data")   # the host starts its embedded Garnet (its memory counts in the host's RSS)
else
  store_env=(UNOTIFY_REDIS="127.0.0.1:$redis_port")
fi

# --- workers.yaml and the payload ---------------------------------------------------------------------------
if [ "$worker_mode" = "jira" ]; then
  # Queued like a real delivery; the worker finds no ticket of its projects (the PR names NOPE-1) and acks it
  # without calling Jira, so the figure is ingest (+ the worker's fetch/ack) and never waits on a Jira.
  on_line=""
else
  on_line="    on: { github: push }"   # matches nothing we send: nothing is queued
fi
if [ -n "${LOAD_PARTITIONS:-}" ]; then
  on_line="${on_line:+$on_line
}    partitions: $LOAD_PARTITIONS"
fi
write_jira_workers "$work/workers.yaml" "$on_line"
jq -c '.action = "closed" | .pull_request.merged = true | .pull_request.title = "NOPE-1 Update the README"
       | .pull_request.head.ref = "feature/readme"' tests/fixtures/github/pull_request.closed.json > "$work/body.json"
if [ -n "${LOAD_BODY_MB:-}" ]; then
  python3 - "$work/body.json" "$LOAD_BODY_MB" "${LOAD_LARGE_TEXTS:-0}" <<'PY'
import json, sys
path, megabytes, large_texts = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1"
size = int(megabytes * 1048576)
body = json.load(open(path))
if large_texts:
    body["pull_request"]["body"] = ("Large description. " * (size // 19 + 1))[:size]
else:
    body["pull_request"]["files"] = [f"src/module-{n // 100:05d}/file-{n:07d}.cs" for n in range(size // 40)]
json.dump(body, open(path, "w"), separators=(",", ":"))
PY
fi

# --- the host ----------------------------------------------------------------------------------------------
admin_token=$(openssl rand -hex 16)
host_port=$(free_port)
started=$(now_ms)
env "${store_env[@]}" UNOTIFY_ADMIN_TOKEN="$admin_token" UNOTIFY_SECRET_KEY="$(openssl rand -base64 32)" \
UNOTIFY_WORKERS="$work/workers.yaml" UNOTIFY_KEY_PREFIX="load" UNOTIFY_LOG_LEVEL="$log_level" DOTNET_ENVIRONMENT=Production \
  dotnet "$host_dll" "${LOAD_ROLE:-all}" --urls "http://127.0.0.1:$host_port" > "$work/host.log" 2>&1 &
host_pid=$!
pids+=($host_pid)
ready_ms=$(wait_ready "http://127.0.0.1:$host_port/readyz" "$started" "$host_pid") || { tail -20 "$work/host.log" >&2; exit 1; }
sleep 3
idle_rss=$(rss_mb "$host_pid")

secret=$(curl -fsS -X POST "http://127.0.0.1:$host_port/conduit/webhooks/register" \
  -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  -d '{"provider":"github","repo_path":"octo-org/bench","repo_id":"4242"}' | jq -r .data.secret)
signature=$(openssl dgst -sha256 -hmac "$secret" -r "$work/body.json" | cut -d' ' -f1)
check=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$host_port/conduit/webhooks/github/4242/payload" \
  -H 'Content-Type: application/json' -H 'X-GitHub-Event: pull_request' -H "X-GitHub-Delivery: check-$RANDOM" \
  -H "X-Hub-Signature-256: sha256=$signature" --data-binary "@$work/body.json")
[ "$check" = "202" ] || { say "a single delivery answered $check, not 202"; tail -20 "$work/host.log" >&2; exit 1; }

say "host ready in ${ready_ms} ms, idle RSS ${idle_rss} MB; warm-up ${warmup} s, then ${duration} s at ${connections} connections"
redis_memory() { redis-cli -h 127.0.0.1 -p "$redis_port" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }
memory_before=$(redis_memory)
warm=$(drive "http://127.0.0.1:$host_port" "$warmup" "warm-$RANDOM")
sample_rss "$host_pid" $(( duration + 2 )) "$work/peak_rss" &
sampler=$!
pids+=($sampler)
cpu_before=$(cpu_ticks "$host_pid")
redis_cpu_before=$(cpu_ticks "$redis_pid")
node_cpu_before=(); for pid in "${cluster_pids[@]}"; do node_cpu_before+=("$(cpu_ticks "$pid")"); done
if [ -n "${LOAD_TRACE:-}" ]; then
  dotnet-trace collect -p "$host_pid" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf '%02d' "$duration")" -o "$LOAD_TRACE" > "$work/trace.log" 2>&1 &
  tracer=$!
  pids+=($tracer)
fi
if [ -n "${LOAD_COUNTERS:-}" ]; then
  counters_tool=$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")
  "$counters_tool" collect -p "$host_pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$work/counters.csv" \
    --duration "00:00:00:$(printf '%02d' "$duration")" > "$work/counters.log" 2>&1 &
  counter=$!
  pids+=($counter)
fi
host=$(drive "http://127.0.0.1:$host_port" "$duration" "run-$RANDOM")
cpu_after=$(cpu_ticks "$host_pid")
redis_cpu_after=$(cpu_ticks "$redis_pid")
node_cpu_after=(); for pid in "${cluster_pids[@]}"; do node_cpu_after+=("$(cpu_ticks "$pid")"); done
stop "$sampler"
load_rss=$(cat "$work/peak_rss")
if [ -n "${LOAD_TRACE:-}" ]; then wait "$tracer" || { say "dotnet-trace failed:"; cat "$work/trace.log" >&2; }; fi
gc_line=""
if [ -n "${LOAD_COUNTERS:-}" ]; then
  wait "$counter" || { say "dotnet-counters failed:"; cat "$work/counters.log" >&2; }
  # Rates per 1 s interval, summed over the run: bytes allocated, collections per generation, seconds paused.
  gc_line=$(awk -F, -v n="$(field "$host" requests)" -v secs="$duration" '
    $3 ~ /total_allocated/ { bytes += $5 }
    $3 ~ /gc.collections/ && $3 ~ /gen0/ { gen0 += $5 }
    $3 ~ /gc.collections/ && $3 ~ /gen1/ { gen1 += $5 }
    $3 ~ /gc.collections/ && $3 ~ /gen2/ { gen2 += $5 }
    $3 ~ /pause.time/ { paused += $5 }
    END { printf "host GC: %.1f KB allocated per request, %.1f gen0 / %.1f gen1 / %.1f gen2 collections per second, %.1f %% of the time paused",
          (n > 0 ? bytes / n / 1024 : 0), gen0 / secs, gen1 / secs, gen2 / secs, 100 * paused / secs }' "$work/counters.csv")
fi
# Jobs still due: the worker's 16 due sets and the one set of earlier releases (WorkerKeys.DueSets).
due_left() {
  local total=0 count set
  for set in due $(seq -f 'due:%g' 0 15); do
    count=$(redis-cli -h 127.0.0.1 -p "$redis_port" zcard "load:{w:atlassian}:$set" 2>/dev/null) || return 1
    total=$((total + count))
  done
  echo "$total"
}
queued_left="n/a (not read from the embedded store or a cluster)"
[ "$embedded" = "1" ] || [ "${LOAD_CLUSTER:-0}" = "1" ] || queued_left=$(due_left || echo "?")
retained_line=""
if [ "$embedded" != "1" ] && [ "${LOAD_RETAINED:-0}" = "1" ] && [ "${LOAD_ROLE:-all}" = "all" ]; then
  for _ in $(seq 1 1200); do
    [ "$(due_left)" = "0" ] && break
    sleep 0.5
  done
  sleep 2
  delivered=$(( $(field "$warm" requests) + $(field "$host" requests) + 1 ))
  retained_line=$(awk -v before="$memory_before" -v after="$(redis_memory)" -v n="$delivered" -v keys="$(redis-cli -h 127.0.0.1 -p "$redis_port" dbsize)" \
    'BEGIN { printf "retained after the queue drained: %d deliveries, %d keys, %.0f MB of used_memory = %.1f KB per delivery", n, keys, (after - before) / 1048576, (after - before) / n / 1024 }')
  # What each kind of key holds (MEMORY USAGE of the first 100 of each), and how long it lives: the parts of the sizing
  # arithmetic in docs/scaling.md.
  for kind in "kept event (payload retention)|load:{h:*}:p" "history record (history retention)|load:{h:*}:d" \
      "attempts (history retention)|load:{h:*}:a" "by-id index (history retention)|load:{hist}:id:*" \
      "de-duplication mark (deduplication window)|load:{w:*}:seen:*"; do
    keys=$(redis-cli -h 127.0.0.1 -p "$redis_port" --scan --pattern "${kind#*|}")
    sample=$(head -100 <<< "$keys" | while read -r key; do redis-cli -h 127.0.0.1 -p "$redis_port" memory usage "$key"; done | awk '{ s += $1 } END { printf "%.0f", NR ? s / NR : 0 }')
    retained_line+=$'\n'"  ${kind%%|*}: $(grep -c . <<< "$keys") keys of ${sample} bytes"
  done
  # The list is one sorted set up to 1,999 entries and buckets beyond (src/Unotify.Core/History/HistoryIndexLayout.cs).
  index_keys=$(redis-cli -h 127.0.0.1 -p "$redis_port" --scan --pattern 'load:{hist}:index*' | grep -v ':layout$')
  index_bytes=0; index_entries=0
  while read -r key; do
    [ -n "$key" ] || continue
    index_bytes=$(( index_bytes + $(redis-cli -h 127.0.0.1 -p "$redis_port" memory usage "$key") ))
    index_entries=$(( index_entries + $(redis-cli -h 127.0.0.1 -p "$redis_port" zcard "$key") ))
  done <<< "$index_keys"
  retained_line+=$'\n'"  the history's index: ${index_bytes} bytes for ${index_entries} entries in $(grep -c . <<< "$index_keys") sorted sets"
fi
# How long the host takes to stop after SIGTERM, with whatever the burst left queued (a stop must not hang on the store).
stop_started=$(now_ms)
stop "$host_pid"
say "host: stopped $(( $(now_ms) - stop_started )) ms after SIGTERM"
[ -z "${LOAD_HOST_LOG:-}" ] || cp "$work/host.log" "$LOAD_HOST_LOG"

# --- the ceiling -------------------------------------------------------------------------------------------
# The ceilings run in the host's GC mode, read from its runtimeconfig (workstation since the host turned server GC off).
gc_server=$(jq -r '.runtimeOptions.configProperties["System.GC.Server"] // false' "${host_dll%.dll}.runtimeconfig.json")
[ "$gc_server" = "true" ] && export DOTNET_gcServer=1
# Runs the ceiling with extra arguments $1...; sets ceiling_result and ceiling_ticks.
run_ceiling() {
  local port pid before
  port=$(free_port)
  started=$(now_ms)
  dotnet "$bench_dll" ceiling --urls "http://127.0.0.1:$port" --secret "$secret" "$@" > "$work/ceiling.log" 2>&1 &
  pid=$!
  pids+=($pid)
  wait_ready "http://127.0.0.1:$port/readyz" "$started" "$pid" > /dev/null || { cat "$work/ceiling.log" >&2; exit 1; }
  drive "http://127.0.0.1:$port" "$warmup" "warm-$RANDOM" > /dev/null
  before=$(cpu_ticks "$pid")
  ceiling_result=$(drive "http://127.0.0.1:$port" "$duration" "run-$RANDOM")
  ceiling_ticks=$(( $(cpu_ticks "$pid") - before ))
  stop "$pid"
}
if [ "${LOAD_NO_CEILING:-0}" = "1" ]; then
  ceiling="RESULT rps=0 requests=0"; ceiling_cpu=0; ceiling_redis="RESULT rps=0 requests=0"; ceiling_redis_cpu=0
else
  run_ceiling
  ceiling=$ceiling_result
  ceiling_cpu=$ceiling_ticks
  # The same plus one SET of the body in the same redis-server: what keeping each delivery costs at the least.
  run_ceiling --redis "127.0.0.1:$redis_port"
  ceiling_redis=$ceiling_result
  ceiling_redis_cpu=$ceiling_ticks
fi

# --- report --------------------------------------------------------------------------------------------------
ticks=$(getconf CLK_TCK)
cpu_per_request() { awk -v t="$1" -v hz="$ticks" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? t / hz / n * 1e6 : 0) }'; }
line() {
  printf '%-9s %9s req/s  mean %7s ms  p50 %7s ms  p99 %7s ms  max %8s ms  non-2xx %s  socket errors %s  CPU %s µs/request\n' \
    "$1" "$(field "$2" rps)" "$(field "$2" mean_ms)" "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" max_ms)" \
    "$(field "$2" non2xx)" "$(field "$2" socket_errors)" "$(cpu_per_request "$3" "$(field "$2" requests)")"
}
echo
store_name="redis-server${LOAD_REDIS_AOF:+, appendfsync $LOAD_REDIS_AOF}"
[ "$embedded" = "1" ] && store_name="embedded Garnet"
[ "${LOAD_CLUSTER:-0}" = "1" ] && store_name="Redis Cluster of 3 masters, worker partitions ${LOAD_PARTITIONS:-1}"
echo "ingest: ${duration} s, wrk -t${threads} -c${connections}, $(wc -c < "$work/body.json") byte merged PR, role ${LOAD_ROLE:-all}, worker mode '${worker_mode}', log level ${log_level}, store ${store_name}"
line "unotify" "$host" $(( cpu_after - cpu_before ))
if [ "${LOAD_NO_CEILING:-0}" != "1" ]; then
  line "ceiling" "$ceiling" "$ceiling_cpu"
  line "+1 SET" "$ceiling_redis" "$ceiling_redis_cpu"
fi
awk -v a="$(field "$host" rps)" -v b="$(field "$ceiling" rps)" -v c="$(field "$ceiling_redis" rps)" \
  'BEGIN { if (b > 0) printf "unotify = %.0f %% of the ceiling (target >= 60 %%); %.0f %% of the ceiling that also stores the body in Redis\n", 100 * a / b, 100 * a / c }'
[ -z "$gc_line" ] || echo "$gc_line"
# redis-server runs commands on one thread: its CPU per request says how many deliveries one node can take.
if [ "${LOAD_CLUSTER:-0}" = "1" ]; then
  node_line="cluster nodes: CPU"
  for i in "${!cluster_pids[@]}"; do
    node_line="$node_line $(cpu_per_request $(( node_cpu_after[i] - node_cpu_before[i] )) "$(field "$host" requests)")"
  done
  echo "$node_line µs/request (busiest node bounds the cluster: one core = 1,000,000 µs/s)"
fi
[ "$embedded" = "1" ] || [ "${LOAD_CLUSTER:-0}" = "1" ] || echo "redis-server: CPU $(cpu_per_request $(( redis_cpu_after - redis_cpu_before )) "$(field "$host" requests)") µs/request (one core = 1,000,000 µs/s)"
[ -z "$retained_line" ] || echo "$retained_line"
echo "host: start to ready ${ready_ms} ms, RSS idle ${idle_rss} MB, peak under load ${load_rss} MB; jobs still due at the end: ${queued_left}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M') UTC"
