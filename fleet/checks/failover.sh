#!/usr/bin/env bash
# Database failover (issue 21, item 3; ADR 0026): a primary with a synchronous streaming standby
# (pg_basebackup; synchronous_standby_names, synchronous_commit = on), two instances on the
# multi-host connection string "<primary>,<standby>" (the service adds Target Session
# Attributes=primary), mixed load on both. The primary is killed (immediate stop), the standby
# promoted a moment later. Keyed creates answered 503 or cut off are sent again with their key.
# Every acknowledged create must be on the new primary, none twice, no answer a 500, and writes
# must come back within 5 s of the promotion without restarting anything.
#   fleet: failover: acknowledged <n>, lost 0, duplicated 0, 500s 0, seconds to writes after promotion <s>
source "$(dirname "$0")/../lib.sh"
rate=50 before=10 outage=3 after=20
small && rate=25 before=6 outage=2 after=10

start_primary main
start_standby standby
make_synchronous standby
token_for_tests
conn=$(connection "$primary_port,$standby_port")
migrate "$conn"
settings=(RateLimiting__PermitsPerMinute=100000000 Webhooks__Dispatch=false)
start_api api1 "$conn" "${settings[@]}"
api1=$api_url
start_api api2 "$conn" "${settings[@]}"
api2=$api_url

python3 "$fleet_root/fleet/load.py" --url "$api1" --url "$api2" --token "$team_token" --body "$fleet_root/bench/wrk/create.json" \
  --rate "$rate" --seconds $((before + outage + after)) --retry 60 --out "$work/load.json" &
load_pid=$!
track "$load_pid"

sleep "$before"
log "killing the primary"
as_postgres "$pg_bin/pg_ctl" stop -D "$primary_dir/data" -m immediate -w >/dev/null
sleep 1
ready=$(curl -s -o /dev/null -w '%{http_code}' "$api1/health/ready")
[[ $ready == 503 ]] || { log "readiness said $ready with no primary"; exit 1; }
sleep $((outage - 1))
log "promoting the standby"
promoted=$(date +%s.%N)
as_postgres "$pg_bin/pg_ctl" promote -D "$standby_dir/data" -w >/dev/null
wait "$load_pid" || { log "the load generator failed"; exit 1; }

# What the new primary holds: every acknowledged create, and no child.externalCaseId twice.
sql "$standby_port" "COPY (SELECT id FROM referrals) TO STDOUT" >"$work/ids.txt"
sql "$standby_port" "COPY (SELECT child_external_case_id, count(*) FROM referrals GROUP BY 1 HAVING count(*) > 1) TO STDOUT" >"$work/duplicates.txt"
read -r acknowledged lost duplicated errors500 failed resumed statuses < <(python3 - "$work/load.json" "$work/ids.txt" "$work/duplicates.txt" "$promoted" <<'FIGURES'
import json, sys
load = json.load(open(sys.argv[1]))
stored = set(open(sys.argv[2]).read().split())
duplicates = [line for line in open(sys.argv[3]).read().splitlines() if line.strip()]
promoted = float(sys.argv[4])
acknowledged = load["acknowledged"]
lost = sum(1 for a in acknowledged if a["id"] not in stored)
after = [a["at"] - promoted for a in acknowledged if a["at"] >= promoted]
resumed = f"{min(after):.2f}" if after else "never"
statuses = ",".join(f"{k}:{v}" for k, v in sorted(load["statuses"].items()))
print(len(acknowledged), lost, len(duplicates), load["statuses"].get("500", 0), load["failed"], resumed, statuses)
FIGURES
)
log "statuses (retries included): $statuses; requests that did not succeed: $failed"
report "failover: acknowledged $acknowledged, lost $lost, duplicated $duplicated, 500s $errors500, seconds to writes after promotion $resumed"
[[ $resumed != never ]] && python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 5 else 1)" "$resumed" \
  && ((acknowledged > 0 && lost == 0 && duplicated == 0 && errors500 == 0))
