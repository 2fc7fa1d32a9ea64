#!/usr/bin/env bash
# Rolling restart (issue 21, item 2; ADR 0025): three instances behind HAProxy with the committed
# deploy/haproxy.cfg (no retries, no redispatch), mixed load (reads and keyed creates, each sent
# once); each instance in turn gets SIGTERM, drains with the default Shutdown__DrainDelay, exits, starts
# again on its port, and the next waits until HAProxy has it back. Every request must succeed.
#   fleet: rolling restart: instances 3, requests <n>, failed 0, ready 503 after SIGTERM within <ms> ms
source "$(dirname "$0")/../lib.sh"
need haproxy haproxy
rate=50
small && rate=25

start_primary main
token_for_tests
conn=$(connection "$primary_port")
migrate "$conn"
# One client sends all the load: the per-client rate limit is not what this check is about.
settings=(RateLimiting__PermitsPerMinute=100000000 Webhooks__Dispatch=false)
ports=() pids=()
for i in 1 2 3; do
  start_api_at "api$i" "$(free_port)" "$conn" "${settings[@]}"
  ports+=("$api_port") pids+=("$api_pid")
done
start_haproxy "127.0.0.1:${ports[0]}" "127.0.0.1:${ports[1]}" "127.0.0.1:${ports[2]}"
for i in 1 2 3; do wait_lb_status "api$i" UP 20; done

python3 "$fleet_root/fleet/load.py" --url "$lb_url" --token "$team_token" --body "$fleet_root/bench/wrk/create.json" \
  --rate "$rate" --seconds 300 --stop-file "$work/stop-load" --out "$work/load.json" &
load_pid=$!
track "$load_pid"
sleep 3

slowest_ms=0
for i in 1 2 3; do
  index=$((i - 1)) port=${ports[$index]} pid=${pids[$index]}
  log "restarting api$i (port $port)"
  signalled=$(date +%s%N)
  # SIGTERM, then readiness must say 503 at once, while the port still answers (one process, no fork per poll).
  took_ms=$(python3 - "$pid" "$port" <<'PROBE'
import http.client, os, signal, sys, time
pid, port = int(sys.argv[1]), int(sys.argv[2])
start = time.monotonic()
os.kill(pid, signal.SIGTERM)
while time.monotonic() - start < 5:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/health/ready")
        status = connection.getresponse().status
        connection.close()
    except TimeoutError:
        continue  # a slow answer on a busy machine: ask again
    except OSError:
        sys.exit("the port closed before readiness said 503")
    if status == 503:
        print(int((time.monotonic() - start) * 1000))
        sys.exit(0)
    time.sleep(0.005)
sys.exit("readiness did not say 503 within 5 s of SIGTERM")
PROBE
) || { log "api$i: see above"; exit 1; }
  ((took_ms > slowest_ms)) && slowest_ms=$took_ms
  wait_lb_status "api$i" DOWN 20
  wait "$pid" 2>/dev/null || true
  log "api$i: readiness 503 after $took_ms ms, exited $(( ($(date +%s%N) - signalled) / 1000000 )) ms after SIGTERM"
  start_api_at "api$i" "$port" "$conn" "${settings[@]}"
  pids[$index]=$api_pid
  wait_lb_status "api$i" UP 20
done
sleep 3
touch "$work/stop-load"
wait "$load_pid" || { log "the load generator failed"; exit 1; }

read -r requests failed statuses < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["sent"], r["failed"], ",".join(f"{k}:{v}" for k, v in sorted(r["statuses"].items())))' "$work/load.json")
log "statuses: $statuses"
report "rolling restart: instances 3, requests $requests, failed $failed, ready 503 after SIGTERM within $slowest_ms ms"
((failed == 0 && requests > 0))
