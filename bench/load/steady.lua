-- wrk script for bench/disk.sh: POSTs one signed GitHub delivery at a steady pace, each with its own
-- X-GitHub-Delivery. Arguments (after `--`): body file, hex signature, run nonce, request path, milliseconds between
-- two requests of one connection. done() prints one machine-readable RESULT line.

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
  pause = tonumber(args[5])
  counter = 0
end

function delay()
  return pause
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
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d p99_ms=%.2f\n",
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99) / 1000))
end
