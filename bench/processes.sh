# Sourced by the bench scripts: the processes a script starts (add each pid to `pids`) are stopped, and its `work`
# folder removed, when it exits; free_port picks a free loopback port; write_jira_workers writes the workers.yaml
# the scripts run the host with.
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  if [ -n "${work:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# write_jira_workers FILE [ON_LINE]: one Jira worker of project soc in dry-run mode, its Jira an unused port: a
# delivery naming no soc ticket is queued, fetched and acked without a call to Jira. ON_LINE (e.g. an `on:` filter
# that matches nothing) goes into the worker as it is.
write_jira_workers() {
  cat > "$1" <<YAML
workers:
  atlassian:
    processor: jira
    statefile: $root/config/statemachines/jira.hcl
    projects: [soc]
${2:-}
    settings:
      base_url: http://127.0.0.1:9
      email: bench@example.com
      api_token: not-used
      dry_run: true
YAML
}
