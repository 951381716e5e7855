#!/usr/bin/env bash
# The embedded store's data directory over time under a steady flow (issue 19, "bounded disk"): starts the Release
# host (`unotify all`, embedded Garnet, a Jira worker in dry-run mode that acks every job) with the history's retention
# scaled down from days to minutes, posts the 28 KB merged pull request fixture at RATE deliveries a second for MINUTES
# minutes, and prints the directory (log, checkpoints, payload files) and the host's RSS every 30 s. The embedded
# store reads its keys' time to live every minute here (UNOTIFY_EXPIRED_KEY_SCAN, 1h by default) and deletes each key
# once it has run out. Once the scaled retention has passed, what it keeps stops growing; what is left growing is the
# de-duplication marks, kept 72 h whatever the retention (bench/README.md, "Expired keys deleted", has the runs).
#
# Usage: bench/disk.sh [RATE per second (50)] [MINUTES (12)]
# Environment: DISK_PAYLOAD_RETENTION (2m), DISK_HISTORY_RETENTION (6m), DISK_EXPIRED_KEY_SCAN (1m; ignored by builds
#   before the reaper), DISK_HOST_DLL=PATH (another build),
#   DISK_NO_BUILD=1, DISK_HOST_LOG=FILE (keep the host's log there; it is deleted with the rest otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rate=${1:-50}
minutes=${2:-12}
host_dll="${DISK_HOST_DLL:-$root/src/Unotify.Host/bin/Release/net10.0/unotify.dll}"
work=$(mktemp -d /tmp/unotify-disk.XXXXXX)
source "$root/bench/processes.sh"
if [ "${DISK_NO_BUILD:-0}" != "1" ]; then dotnet build src/Unotify.Host -c Release -nologo -v q >&2; fi

write_jira_workers "$work/workers.yaml"
jq -c '.action = "closed" | .pull_request.merged = true | .pull_request.title = "NOPE-1 Update the README"' \
  tests/fixtures/github/pull_request.closed.json > "$work/body.json"
port=$(free_port)
UNOTIFY_DATA="$work/data" UNOTIFY_ADMIN_TOKEN=bench UNOTIFY_WORKERS="$work/workers.yaml" UNOTIFY_KEY_PREFIX=disk \
  UNOTIFY_HISTORY_PAYLOAD_RETENTION="${DISK_PAYLOAD_RETENTION:-2m}" UNOTIFY_HISTORY_RETENTION="${DISK_HISTORY_RETENTION:-6m}" \
  UNOTIFY_EXPIRED_KEY_SCAN="${DISK_EXPIRED_KEY_SCAN:-1m}" \
  DOTNET_ENVIRONMENT=Production dotnet "$host_dll" all --urls "http://127.0.0.1:$port" > "$work/host.log" 2>&1 &
host=$!
pids+=($host)
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
secret=$(curl -fsS -X POST "http://127.0.0.1:$port/conduit/webhooks/register" -H "Authorization: Bearer bench" \
  -H 'Content-Type: application/json' -d '{"provider":"github","repo_path":"octo-org/bench","repo_id":"4242"}' | jq -r .data.secret)
signature=$(openssl dgst -sha256 -hmac "$secret" -r "$work/body.json" | cut -d' ' -f1)

# Ten connections, each pausing 10 000 / RATE ms between requests (a request takes a few ms more): about RATE a second.
connections=10
pause=$(( 10000 / rate ))
echo "body $(wc -c < "$work/body.json") bytes; ${rate}/s for ${minutes} min; payload retention ${DISK_PAYLOAD_RETENTION:-2m}, history ${DISK_HISTORY_RETENTION:-6m}"
wrk -t2 -c"$connections" -d"$(( minutes * 60 ))s" --timeout 10s -s "$root/bench/load/steady.lua" "http://127.0.0.1:$port" -- \
  "$work/body.json" "$signature" "disk-$RANDOM" "/conduit/webhooks/github/4242/payload" "$pause" > "$work/wrk.out" 2>&1 &
driver=$!
pids+=($driver)
mb() { du -sm "$1" 2>/dev/null | cut -f1; }
started=$(date +%s)
while kill -0 "$driver" 2>/dev/null; do
  sleep 30
  echo "$(( $(date +%s) - started )) s: data $(mb "$work/data") MB (log $(mb "$work/data/garnet/log"), checkpoints $(mb "$work/data/garnet/checkpoints"), payload files $(mb "$work/data/payloads" || echo 0), expiring-keys list $(du -k "$work/data/expiring-keys" 2>/dev/null | cut -f1 || echo 0) KB), RSS $(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$host/status") MB"
done
grep '^RESULT' "$work/wrk.out" || cat "$work/wrk.out"
echo "errors in the host's log: $(grep -c 'ERR\]' "$work/host.log" || true), warnings: $(grep -c 'WRN\]' "$work/host.log" || true)"
grep -E '(WRN|ERR)\]' "$work/host.log" | sed -E 's/^\[[^]]*\] //' | cut -c1-200 | sort | uniq -c | sort -rn | head -8 || true
if [ -n "${DISK_HOST_LOG:-}" ]; then cp "$work/host.log" "$DISK_HOST_LOG"; fi
