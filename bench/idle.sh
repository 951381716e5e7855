#!/usr/bin/env bash
# Idle memory of the README's first command over time (issue 7): starts the Release host (`unotify all`, embedded
# Garnet in a fresh data directory, config/workers.yaml), waits for /readyz, then prints RSS at each given number of
# seconds after ready, split as smaps sees it: anonymous memory, JIT'd code (memfd:doublemapper) and mapped files.
#
# Usage: bench/idle.sh [seconds...]        (default: 4 60)
# Environment: IDLE_NO_BUILD=1 skips the Release build; IDLE_HOST_DLL=PATH runs another build of unotify.dll (for
#   A/B runs against an older commit built with `dotnet build src/Unotify.Host -c Release -o DIR`); IDLE_STARTS=N repeats the whole run N times (default 1), since
#   start-up placement varies from start to start (bench/README.md, "Fourth round").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
points=("$@")
[ ${#points[@]} -eq 0 ] && points=(4 60)
host_dll=${IDLE_HOST_DLL:-"$root/src/Unotify.Host/bin/Release/net10.0/unotify.dll"}
if [ "${IDLE_NO_BUILD:-0}" != "1" ]; then
  echo "idle.sh: building the host in Release" >&2
  dotnet build src/Unotify.Host -c Release -nologo -v q >&2
fi

source "$root/bench/processes.sh" # free_port; the cleanup below, which stops the one host, replaces its own
pid=
work=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
breakdown() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6; kind = (name ~ /doublemapper/) ? "jit" : (name == "" || name ~ /^\[/) ? "anon" : "file" }
       /^Rss:/ { kb[kind] += $2 }
       END { printf "anon %d, JIT %d, files %d", kb["anon"] / 1024, kb["jit"] / 1024, kb["file"] / 1024 }' "/proc/$1/smaps"
}

for _ in $(seq 1 "${IDLE_STARTS:-1}"); do
  work=$(mktemp -d /tmp/unotify-idle.XXXXXX)
  port=$(free_port)
  started=$(now_ms)
  UNOTIFY_DATA="$work/data" UNOTIFY_ADMIN_TOKEN="idle-$RANDOM$RANDOM" UNOTIFY_WORKERS="$root/config/workers.yaml" \
    DOTNET_ENVIRONMENT=Production dotnet "$host_dll" all --urls "http://127.0.0.1:$port" > "$work/host.log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "idle.sh: the host exited before it was ready:" >&2; tail -20 "$work/host.log" >&2; exit 1; }
    [ $(( $(now_ms) - started )) -gt 60000 ] && { echo "idle.sh: the host was not ready within 60 s" >&2; exit 1; }
    sleep 0.05   # gently: every poll forks curl, and start-up placement is sensitive to CPU contention
  done
  ready=$(( $(now_ms) - started ))
  line="start to ready ${ready} ms"
  for point in "${points[@]}"; do
    while [ $(( $(now_ms) - started - ready )) -lt $(( point * 1000 )) ]; do sleep 0.2; done
    rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
    line="$line | ${point} s: ${rss} MB ($(breakdown "$pid"))"
  done
  echo "$line"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  rm -rf "$work"; work=
done
