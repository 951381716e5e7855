-- wrk script for bench/load.sh: POSTs one signed GitHub delivery over and over, each with its own
-- X-GitHub-Delivery (the signature covers only the body, so body and signature stay the same).
-- Arguments (after `--`): body file, hex signature, run nonce, request path.
-- done() prints one machine-readable RESULT line for load.sh.

local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  signature = "sha256=" .. args[2]
  nonce = args[3]
  path = args[4]
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "pull_request",
    ["X-GitHub-Delivery"] = nonce .. "-" .. thread_id .. "-" .. counter,
    ["X-Hub-Signature-256"] = signature,
  }, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
