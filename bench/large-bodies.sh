#!/usr/bin/env bash
# Large bodies, one after the other: what the host keeps after N deliveries of M MB. Starts a throwaway redis-server
# (or, with LARGE_EMBEDDED=1, lets the host run its embedded Garnet), the Release host (`unotify all`) with a Jira worker
# that finds no ticket, and posts N signed merged pull requests carrying M MB of file paths (the texts stay small, as
# GitHub's do), printing the host's RSS after each; then the RSS 5 s later, forces a full GC with dotnet-gcdump and
# prints the RSS and the largest objects left. A GC heap limit is tried with DOTNET_GCHeapHardLimit (0x18000000 = 384 MB);
# the answers' status codes show what failed.
#
# Usage: bench/large-bodies.sh [N deliveries (12)] [M MB (20)]
# Environment: LARGE_EMBEDDED=1 (LARGE_SETTLE=S: then print the data directory every 30 s for S s), LARGE_HOST_DLL=PATH (another build, for an A/B), DOTNET_GCHeapHardLimit;
#   needs dotnet-gcdump (dotnet tool install -g dotnet-gcdump) on PATH or in ~/.dotnet/tools. Build the host first
#   (dotnet build src/Unotify.Host -c Release).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
count=${1:-12}
megabytes=${2:-20}
host_dll="${LARGE_HOST_DLL:-$root/src/Unotify.Host/bin/Release/net10.0/unotify.dll}"
gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
work=$(mktemp -d /tmp/unotify-large.XXXXXX)
source "$root/bench/processes.sh"

if [ "${LARGE_EMBEDDED:-0}" = "1" ]; then
  store_env=(UNOTIFY_DATA="$work/data")
else
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" --daemonize no > "$work/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  store_env=(UNOTIFY_REDIS="127.0.0.1:$redis_port")
fi

write_jira_workers "$work/workers.yaml"
python3 - "$root/tests/fixtures/github/pull_request.closed.json" "$work/body.json" "$megabytes" <<'PY'
import json, sys
source, target, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
body = json.load(open(source))
body["action"] = "closed"
body["pull_request"].update(merged=True, title="NOPE-1 Move the files", body="No ticket of the worker's projects, body 000000")
body["pull_request"]["files"] = [f"src/module-{n // 100:05d}/file-{n:07d}.cs" for n in range(int(megabytes * 1048576) // 40)]
json.dump(body, open(target, "w"), separators=(",", ":"))
PY

port=$(free_port)
env "${store_env[@]}" UNOTIFY_ADMIN_TOKEN=bench UNOTIFY_SECRET_KEY="$(openssl rand -base64 32)" UNOTIFY_WORKERS="$work/workers.yaml" \
  UNOTIFY_KEY_PREFIX=large DOTNET_ENVIRONMENT=Production dotnet "$host_dll" all --urls "http://127.0.0.1:$port" > "$work/host.log" 2>&1 &
host=$!
pids+=($host)
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
secret=$(curl -fsS -X POST "http://127.0.0.1:$port/conduit/webhooks/register" -H "Authorization: Bearer bench" \
  -H 'Content-Type: application/json' -d '{"provider":"github","repo_path":"octo-org/bench","repo_id":"4242"}' | jq -r .data.secret)
rss() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$host/status"; }
echo "body $(wc -c < "$work/body.json") bytes; host idle RSS $(rss) MB"
for n in $(seq 1 "$count"); do
  # Each body differs (the embedded store keeps one file per distinct payload), at the same size.
  sed "s/projects, body 000000/projects, body $(printf %06d "$n")/" "$work/body.json" > "$work/body-n.json"
  signature=$(openssl dgst -sha256 -hmac "$secret" -r "$work/body-n.json" | cut -d' ' -f1)
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "http://127.0.0.1:$port/conduit/webhooks/github/4242/payload" \
    -H 'Content-Type: application/json' -H 'X-GitHub-Event: pull_request' -H "X-GitHub-Delivery: large-$n-$RANDOM" \
    -H "X-Hub-Signature-256: sha256=$signature" --data-binary "@$work/body-n.json")
  echo "delivery $n: $answer s, RSS $(rss) MB"
done
sleep 5
echo "5 s after the last: RSS $(rss) MB"
"$gcdump" collect -p "$host" -o "$work/heap.gcdump" > /dev/null 2>&1
echo "after a full GC: RSS $(rss) MB"
if [ "${LARGE_EMBEDDED:-0}" = "1" ]; then
  echo "data directory: $(du -sm "$work/data" | cut -f1) MB (payload files $(du -sm "$work/data/payloads" 2>/dev/null | cut -f1) MB in $(ls "$work/data/payloads" 2>/dev/null | wc -l))"
  # Then idle: compaction runs every 10 s and a checkpoint follows the append-only file past its limit.
  for waited in $(seq 30 30 "${LARGE_SETTLE:-0}"); do
    sleep 30
    echo "data directory ${waited} s later: $(du -sm "$work/data" | cut -f1) MB (log $(du -sm "$work/data/garnet/log" 2>/dev/null | cut -f1), checkpoints $(du -sm "$work/data/garnet/checkpoints" 2>/dev/null | cut -f1), payload files $(du -sm "$work/data/payloads" 2>/dev/null | cut -f1)), RSS $(rss) MB"
  done
fi
"$gcdump" report "$work/heap.gcdump" 2>&1 | sed -n 1,8p
echo "errors in the host's log: $(grep -c 'ERR\]' "$work/host.log" || true) ($(grep -c OutOfMemory "$work/host.log" || true) OutOfMemory)"
grep -A6 'ERR\]' "$work/host.log" | head -14 | cut -c1-300 || true
